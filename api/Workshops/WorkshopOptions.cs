using System.ComponentModel.DataAnnotations;

namespace ELearning.Api.Workshops;

/// <summary>The <c>Workshops</c> section (joins are limited by the kernel's <c>RateLimits:JoinsPerMinute</c>).</summary>
public sealed class WorkshopOptions
{
    /// <summary>
    /// Workshops:ChangePollInterval: on SQL Server, how often each node reads the versions of the workshops it streams,
    /// so an answer stored on another node reaches this node's facilitators (PostgreSQL is told at once by NOTIFY).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:00:10", ErrorMessage = "Workshops:ChangePollInterval must be between 00:00:00.050 and 00:00:10.")]
    public TimeSpan ChangePollInterval { get; set; } = TimeSpan.FromMilliseconds(500);
}
