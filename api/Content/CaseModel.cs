using System.Collections.Immutable;

namespace ELearning.Api.Content;

public static class NodeTypes
{
    public const string SingleChoice = "single-choice";
    public const string TrueFalse = "true-false";
    public const string MultipleResponse = "multiple-response";
    public const string SelectText = "select-text";
    public const string Reflection = "reflection";
    public const string Consequence = "consequence";
    public const string Ending = "ending";

    public static readonly ImmutableArray<string> All =
        [SingleChoice, TrueFalse, MultipleResponse, SelectText, Reflection, Consequence, Ending];

    /// <summary>Nodes that ask the delegate something, as opposed to narrative they read and continue.</summary>
    public static bool IsDecision(string type) =>
        type is SingleChoice or TrueFalse or MultipleResponse or SelectText or Reflection;

    public static bool IsScored(string type) =>
        type is SingleChoice or TrueFalse or MultipleResponse or SelectText;
}

/// <summary>
/// Whose conduct the delegate handles in a case: someone else's as supervisor, practice educator or manager,
/// or their own as a registrant or as a student. The course is for supervisors too, so each module has both.
/// </summary>
public static class Perspectives
{
    public const string Supervisor = "supervisor";
    public const string Practitioner = "practitioner";
    public const string Student = "student";

    public static readonly ImmutableArray<string> All = [Supervisor, Practitioner, Student];
}

/// <summary>How an ending turns out for the people in the story.</summary>
public static class EndingOutcomes
{
    public const string Good = "good";
    public const string Mixed = "mixed";
    public const string Poor = "poor";
}

public sealed record Professional(string Name, string Profession, string? Role);

public sealed record MockImage(string Alt);

public sealed record MockPost(
    string Platform,
    string Author,
    string? Handle,
    string? Audience,
    string? PostedAgo,
    string Text,
    MockImage? Image,
    string? Reactions);

/// <summary>A choice in a single-choice or true-false node: scored, with its own feedback and branch.</summary>
public sealed record ChoiceOption(
    string Id,
    string Text,
    int Score,
    string Feedback,
    ImmutableArray<string> Citations,
    string? Next);

/// <summary>An option of a multiple-response node, or a markable phrase of a select-text node.</summary>
public sealed record MarkedItem(
    string Id,
    string Text,
    bool Correct,
    string Feedback,
    ImmutableArray<string> Citations);

/// <summary>A piece of a select-text post: plain text, or a phrase the delegate can mark.</summary>
public sealed record Segment(string Text, MarkedItem? Item);

public sealed record CaseNode
{
    public required string Id { get; init; }
    public required string Type { get; init; }
    public string? Scene { get; init; }
    public string? Prompt { get; init; }
    public string? Hint { get; init; }
    public string? Title { get; init; }
    public ImmutableArray<string> Text { get; init; } = [];
    public ImmutableArray<ChoiceOption> Choices { get; init; } = [];
    public ImmutableArray<MarkedItem> Items { get; init; } = [];
    public ImmutableArray<Segment> Segments { get; init; } = [];
    public string? Feedback { get; init; }
    public ImmutableArray<string> Citations { get; init; } = [];
    public MockPost? Message { get; init; }
    public string? Outcome { get; init; }
    public string? Next { get; init; }

    /// <summary>The nodes this one can lead to, whatever the delegate answers.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public IEnumerable<string> Successors =>
        Choices.IsDefaultOrEmpty
            ? Next is null ? [] : [Next]
            : Choices.Select(c => c.Next ?? Next).OfType<string>().Distinct();

    /// <summary>The most this node can score; 0 for nodes that are not scored.</summary>
    public int MaxScore => Type switch
    {
        NodeTypes.SingleChoice or NodeTypes.TrueFalse => Choices.Max(c => c.Score),
        NodeTypes.MultipleResponse or NodeTypes.SelectText => MarkableItems.Count(i => i.Correct),
        _ => 0,
    };

    /// <summary>The options of a multiple-response node or the markable phrases of a select-text node.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public IEnumerable<MarkedItem> MarkableItems =>
        Type == NodeTypes.SelectText ? Segments.Select(s => s.Item).OfType<MarkedItem>() : Items;
}

public sealed record Case
{
    public required string Id { get; init; }
    public required string Module { get; init; }
    public required int Order { get; init; }
    public required string Title { get; init; }
    public string? Teaser { get; init; }
    public required int EstimatedMinutes { get; init; }
    public required string Setting { get; init; }
    public required Professional Professional { get; init; }
    public required ImmutableArray<string> LearningObjectives { get; init; }
    public required ImmutableArray<string> Narrative { get; init; }
    public MockPost? Post { get; init; }
    public required string Start { get; init; }
    public required ImmutableArray<CaseNode> Nodes { get; init; }
    public required string Summary { get; init; }
    public required ImmutableArray<string> DiscussionPrompts { get; init; }
    public required ImmutableArray<string> Topics { get; init; }
    public required string BestResponse { get; init; }

    /// <summary>One of <see cref="Perspectives"/>; the schema requires it and <see cref="CaseRules"/> checks it.</summary>
    public string Perspective { get; init; } = "";

    /// <summary>The best total any path through the case can score (see scenarios/README.md).</summary>
    public int MaxScore { get; init; }

    /// <summary>Where the file came from, for error messages.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string SourceFile { get; init; } = "";

    [System.Text.Json.Serialization.JsonIgnore]
    public ImmutableDictionary<string, CaseNode> NodesById { get; init; } = ImmutableDictionary<string, CaseNode>.Empty;

    public CaseNode? FindNode(string nodeId) => NodesById.GetValueOrDefault(nodeId);
}
