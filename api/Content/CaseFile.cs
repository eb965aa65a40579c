using System.Collections.Immutable;
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ELearning.Api.Content;

/// <summary>
/// The shape of a case file as written by authors. The schema has already checked it by the time it is
/// mapped, so mapping only turns it into the immutable catalog types.
/// </summary>
internal sealed class CaseFile
{
    public string Id { get; set; } = "";
    public string Module { get; set; } = "";
    public int? Order { get; set; }
    public string Title { get; set; } = "";
    public string? Teaser { get; set; }
    public int EstimatedMinutes { get; set; }
    public string Setting { get; set; } = "";
    public Professional Professional { get; set; } = new("", "", null);
    public List<string> LearningObjectives { get; set; } = [];
    public List<string> Narrative { get; set; } = [];
    public MockPost? Post { get; set; }
    public string Start { get; set; } = "";
    public List<NodeFile> Nodes { get; set; } = [];
    public string Summary { get; set; } = "";
    public List<string> DiscussionPrompts { get; set; } = [];
    public List<string> Topics { get; set; } = [];
    public string BestResponse { get; set; } = "";
    public string Perspective { get; set; } = "";

    public Case ToCase(string sourceFile)
    {
        var nodes = Nodes.Select(n => n.ToNode()).ToImmutableArray();
        return new Case
        {
            Id = Id,
            Module = Module,
            Order = Order ?? int.MaxValue,
            Title = Title,
            Teaser = Teaser,
            EstimatedMinutes = EstimatedMinutes,
            Setting = Setting,
            Professional = Professional,
            LearningObjectives = [.. LearningObjectives],
            Narrative = [.. Narrative],
            Post = Post,
            Start = Start,
            Nodes = nodes,
            NodesById = nodes.GroupBy(n => n.Id).ToImmutableDictionary(g => g.Key, g => g.First()),
            Summary = Summary,
            DiscussionPrompts = [.. DiscussionPrompts],
            Topics = [.. Topics],
            BestResponse = BestResponse,
            Perspective = Perspective,
            SourceFile = sourceFile,
        };
    }
}

internal sealed class NodeFile
{
    public string Id { get; set; } = "";
    public string Type { get; set; } = "";
    public string? Scene { get; set; }
    public string? Prompt { get; set; }
    public string? Hint { get; set; }
    public string? Title { get; set; }
    public List<string>? Text { get; set; }
    public List<OptionFile>? Options { get; set; }
    public List<JsonElement>? Segments { get; set; }
    public string? Feedback { get; set; }
    public List<string>? Citations { get; set; }
    public MockPost? Message { get; set; }
    public string? Outcome { get; set; }
    public string? Next { get; set; }

    public CaseNode ToNode()
    {
        var options = Options ?? [];
        var isChoice = Type is NodeTypes.SingleChoice or NodeTypes.TrueFalse;
        return new CaseNode
        {
            Id = Id,
            Type = Type,
            Scene = Scene,
            Prompt = Prompt,
            Hint = Hint,
            Title = Title,
            Text = [.. Text ?? []],
            Choices = isChoice ? [.. options.Select(o => o.ToChoice())] : [],
            Items = Type == NodeTypes.MultipleResponse ? [.. options.Select(o => o.ToItem())] : [],
            Segments = [.. (Segments ?? []).Select(ToSegment)],
            Feedback = Feedback,
            Citations = [.. Citations ?? []],
            Message = Message,
            Outcome = Outcome,
            Next = Next,
        };
    }

    static Segment ToSegment(JsonElement element) =>
        element.ValueKind == JsonValueKind.String
            ? new Segment(element.GetString()!, null)
            : element.Deserialize(CaseFileJson.Default.OptionFile)!.ToItem() is var item ? new Segment(item.Text, item) : throw new UnreachableException();
}

internal sealed class OptionFile
{
    public string Id { get; set; } = "";
    public string Text { get; set; } = "";
    public int? Score { get; set; }
    public bool? Correct { get; set; }
    public string Feedback { get; set; } = "";
    public List<string>? Citations { get; set; }
    public string? Next { get; set; }

    public ChoiceOption ToChoice() => new(Id, Text, Score ?? 0, Feedback, [.. Citations ?? []], Next);

    public MarkedItem ToItem() => new(Id, Text, Correct ?? false, Feedback, [.. Citations ?? []]);
}
