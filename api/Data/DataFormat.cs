using System.Globalization;

namespace ELearning.Api.Data;

/// <summary>
/// The data layer's one convention for ids and times, on every provider: ids are GUIDs as lower-case "D" text; times
/// are UTC ISO 8601 text of fixed width (so comparing the strings compares the instants, e.g. lease_until &lt; @now),
/// written and parsed with the invariant culture whatever the server's culture is.
/// </summary>
public static class DataFormat
{
    public static string Utc(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    public static string? Utc(DateTimeOffset? t) => t is { } v ? Utc(v) : null;

    public static DateTimeOffset Time(string text) =>
        DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    public static DateTimeOffset? TimeOrNull(string? text) => text is null ? null : Time(text);

    public static string Id(Guid id) => id.ToString("D");

    public static string? Id(Guid? id) => id?.ToString("D");

    public static Guid Guid(string text) => System.Guid.Parse(text);
}
