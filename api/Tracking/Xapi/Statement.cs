using System.Text.Json;
using System.Text.Json.Serialization;

namespace ELearning.Api.Tracking.Xapi;

// The xAPI 1.0.3 data model (xAPI-Data.md, "D" below), shaped like TinCan.NET: records that serialise to
// exactly the JSON the spec describes. Absent members are left out, never written as null (D 2.2).
// Language maps (D 5.2.1) are plain dictionaries from RFC 5646 tags to strings.

/// <summary>A statement (D 2.4). Only Activity objects are modelled: our profile never states about agents or sub-statements.</summary>
public sealed record Statement
{
    /// <summary>Set by us when the statement is created, so a resend can never make a second statement (D 2.4.1).</summary>
    public required Guid Id { get; init; }
    public required Agent Actor { get; init; }
    public required Verb Verb { get; init; }
    [JsonPropertyName("object")] public required Activity Target { get; init; }
    public Result? Result { get; init; }
    public Context? Context { get; init; }
    public DateTimeOffset? Timestamp { get; init; }
    /// <summary>Set by the LRS; we never send them (D 2.4.8, 2.4.9, 2.4.10: "do not set version").</summary>
    public DateTimeOffset? Stored { get; init; }
    public Agent? Authority { get; init; }
    public string? Version { get; init; }
}

/// <summary>
/// An Agent, or a Group when <see cref="ObjectType"/> is "Group" (D 2.4.2.1–2.4.2.2). An agent has exactly one
/// inverse functional identifier: mbox, mbox_sha1sum, openid or account.
/// </summary>
public sealed record Agent
{
    public string ObjectType { get; init; } = "Agent";
    public string? Name { get; init; }
    public string? Mbox { get; init; }
    [JsonPropertyName("mbox_sha1sum")] public string? MboxSha1Sum { get; init; }
    public string? Openid { get; init; }
    public AgentAccount? Account { get; init; }
    /// <summary>Members of a Group; null for an Agent.</summary>
    public IReadOnlyList<Agent>? Member { get; init; }

    public static Agent WithAccount(string homePage, string name) => new() { Account = new(homePage, name) };
    public static Agent WithMbox(string email) => new() { Mbox = "mailto:" + email };
    public static Agent Group(string? name, IReadOnlyList<Agent> members, AgentAccount? account = null) =>
        new() { ObjectType = "Group", Name = name, Member = members, Account = account };
}

public sealed record AgentAccount(string HomePage, string Name);

public sealed record Verb(string Id, IReadOnlyDictionary<string, string>? Display = null);

public sealed record Activity
{
    public string ObjectType { get; init; } = "Activity";
    public required string Id { get; init; }
    public ActivityDefinition? Definition { get; init; }
}

/// <summary>D 2.4.4.1; the interaction members are those of "Interaction Activities".</summary>
public sealed record ActivityDefinition
{
    public IReadOnlyDictionary<string, string>? Name { get; init; }
    public IReadOnlyDictionary<string, string>? Description { get; init; }
    public string? Type { get; init; }
    public string? MoreInfo { get; init; }
    public string? InteractionType { get; init; }
    public IReadOnlyList<string>? CorrectResponsesPattern { get; init; }
    public IReadOnlyList<InteractionComponent>? Choices { get; init; }
    public IReadOnlyList<InteractionComponent>? Scale { get; init; }
    public IReadOnlyList<InteractionComponent>? Source { get; init; }
    public IReadOnlyList<InteractionComponent>? Target { get; init; }
    public IReadOnlyList<InteractionComponent>? Steps { get; init; }
    public IReadOnlyDictionary<string, JsonElement>? Extensions { get; init; }
}

public sealed record InteractionComponent(string Id, IReadOnlyDictionary<string, string>? Description = null);

/// <summary>D 2.4.5.</summary>
public sealed record Result
{
    public Score? Score { get; init; }
    public bool? Success { get; init; }
    public bool? Completion { get; init; }
    public string? Response { get; init; }
    /// <summary>ISO 8601 duration, sent with at most 0.01 s precision (D 4.6).</summary>
    [JsonConverter(typeof(XapiDurationConverter))] public TimeSpan? Duration { get; init; }
    public IReadOnlyDictionary<string, JsonElement>? Extensions { get; init; }
}

/// <summary>D 2.4.5.1: scaled in [-1, 1]; raw between min and max; min below max.</summary>
public sealed record Score
{
    public double? Scaled { get; init; }
    public double? Raw { get; init; }
    public double? Min { get; init; }
    public double? Max { get; init; }
}

/// <summary>D 2.4.6.</summary>
public sealed record Context
{
    /// <summary>Ties the statements of one attempt together; the same UUID keys its State documents.</summary>
    public Guid? Registration { get; init; }
    public Agent? Instructor { get; init; }
    public Agent? Team { get; init; }
    public ContextActivities? ContextActivities { get; init; }
    public string? Revision { get; init; }
    public string? Platform { get; init; }
    public string? Language { get; init; }
    public IReadOnlyDictionary<string, JsonElement>? Extensions { get; init; }
}

/// <summary>D 2.4.6.2: every key holds an array, even of one.</summary>
public sealed record ContextActivities
{
    public IReadOnlyList<Activity>? Parent { get; init; }
    public IReadOnlyList<Activity>? Grouping { get; init; }
    public IReadOnlyList<Activity>? Category { get; init; }
    public IReadOnlyList<Activity>? Other { get; init; }
}

/// <summary>A page of a statement query (C 2.1.3): the statements and, if there are more, a relative URL for them.</summary>
public sealed record StatementResult(IReadOnlyList<Statement> Statements, string? More);
