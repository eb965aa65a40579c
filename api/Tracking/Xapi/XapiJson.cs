using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Xml;

namespace ELearning.Api.Tracking.Xapi;

public static class XapiJson
{
    /// <summary>camelCase members, nulls left out (D 2.2: "no nulls"), timestamps as UTC with milliseconds (D 4.5).</summary>
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new XapiTimestampConverter() },
    };

    public static string Serialize(Statement statement) => JsonSerializer.Serialize(statement, Options);

    /// <summary>The same JSON as <see cref="Serialize"/>, as UTF-8.</summary>
    public static byte[] SerializeToUtf8(Statement statement) => JsonSerializer.SerializeToUtf8Bytes(statement, Options);

    public static Statement Deserialize(string json) => JsonSerializer.Deserialize<Statement>(json, Options)!;
}

/// <summary>D 4.5: ISO 8601 with a time zone; we always send UTC with millisecond precision.</summary>
public sealed class XapiTimestampConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        DateTimeOffset.Parse(reader.GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
}

/// <summary>ISO 8601 durations (D 4.6): "PT1H2M3.45S". We keep 0.01 s precision, the most an LRS must store.</summary>
public static class XapiDuration
{
    public static string Format(TimeSpan duration)
    {
        var hundredths = Math.Max(0, (long)Math.Round(duration.Ticks / (double)(TimeSpan.TicksPerSecond / 100), MidpointRounding.AwayFromZero));
        var hours = hundredths / 360_000;
        var minutes = hundredths / 6_000 % 60;
        var seconds = hundredths % 6_000 / 100.0;
        var text = "PT";
        if (hours > 0) text += hours.ToString(CultureInfo.InvariantCulture) + "H";
        if (minutes > 0) text += minutes.ToString(CultureInfo.InvariantCulture) + "M";
        if (seconds > 0 || (hours == 0 && minutes == 0)) text += seconds.ToString("0.##", CultureInfo.InvariantCulture) + "S";
        return text;
    }

    public static TimeSpan Parse(string text) => XmlConvert.ToTimeSpan(text);
}

public sealed class XapiDurationConverter : JsonConverter<TimeSpan?>
{
    public override TimeSpan? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.Null ? null : XapiDuration.Parse(reader.GetString()!);

    public override void Write(Utf8JsonWriter writer, TimeSpan? value, JsonSerializerOptions options)
    {
        if (value is { } duration) writer.WriteStringValue(XapiDuration.Format(duration));
        else writer.WriteNullValue();
    }
}
