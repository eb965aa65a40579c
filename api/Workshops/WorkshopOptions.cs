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

    /// <summary>
    /// Workshops:ChangePollInterval: on SQL Server, how often each node reads the versions of the workshops it streams,
    /// so an answer stored on another node reaches this node's facilitators (PostgreSQL is told at once by NOTIFY).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:00:10", ErrorMessage = "Workshops:ChangePollInterval must be between 00:00:00.050 and 00:00:10.")]
    public TimeSpan ChangePollInterval { get; set; } = TimeSpan.FromMilliseconds(500);
}
