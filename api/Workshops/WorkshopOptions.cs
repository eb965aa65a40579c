using System.ComponentModel.DataAnnotations;

namespace ELearning.Api.Workshops;

/// <summary>The <c>Workshops</c> section.</summary>
public sealed class WorkshopOptions
{
    /// <summary>
    /// Workshops:JoinsPerMinute: joins allowed per client address per minute. A whole room often shares one address
    /// (a hospital's Wi-Fi), so the default lets 300 join in a minute while keeping code guessing far too slow to work.
    /// </summary>
    [Range(1, 100_000, ErrorMessage = "Workshops:JoinsPerMinute must be between 1 and 100000.")]
    public int JoinsPerMinute { get; set; } = 300;
}
