using System.ComponentModel.DataAnnotations;

namespace ELearning.Api.Identity;

/// <summary>The <c>Privacy</c> section.</summary>
public sealed class PrivacyOptions
{
    /// <summary>
    /// Privacy:RetentionDays: a delegate not seen (no sign-in, no request with their token) for this many days has their
    /// personal data erased, as if they had asked. 0 keeps data until the delegate or an administrator erases it.
    /// </summary>
    [Range(0, 36_500, ErrorMessage = "Privacy:RetentionDays must be 0 (keep) to 36500 days.")]
    public int RetentionDays { get; set; }

    /// <summary>Privacy:PurgeIntervalMinutes: how often the retention purge looks for delegates past it.</summary>
    [Range(1, 10_080, ErrorMessage = "Privacy:PurgeIntervalMinutes must be 1 to 10080.")]
    public int PurgeIntervalMinutes { get; set; } = 60;
}
