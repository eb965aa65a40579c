using System.Collections.Immutable;
using ELearning.Api.Content;

namespace ELearning.Tests.Content.ItemWriting;

/// <summary>Small cases and modules built in memory, so each rule can be tried on exactly the shape it is about.</summary>
public static class InMemory
{
    public static readonly ImmutableHashSet<string> Clauses = ["hcpc-scpe-5.1"];

    public static Case Case(string id, params CaseNode[] nodes) => Case(id, Perspectives.Practitioner, nodes);

    public static Case Case(string id, string perspective, params CaseNode[] nodes)
    {
        var @case = new Case
        {
            Id = id, Module = "confidentiality", Order = 1, Title = "Case " + id, EstimatedMinutes = 3, Setting = "A ward",
            Professional = new("Sam Rowe", "Physiotherapist", null), LearningObjectives = ["Decide."], Narrative = ["You are a physiotherapist."],
            Start = nodes[0].Id, Nodes = [.. nodes], NodesById = nodes.DistinctBy(n => n.Id).ToImmutableDictionary(n => n.Id),
            Summary = "What good looks like.", DiscussionPrompts = ["One?", "Two?"], Topics = ["confidentiality-and-photos"],
            BestResponse = "act", Perspective = perspective, SourceFile = $"scenarios/confidentiality/{id}.json",
        };
        return CaseRules.Check(@case, Clauses).Count == 0 ? @case with { MaxScore = CaseRules.BestPathScore(@case) } : @case;
    }

    public static ModuleContent Module(params Case[] cases) => Module("confidentiality", cases);

    /// <summary>A module of cases the loader would accept, so that their maxima are known.</summary>
    public static ModuleContent Module(string id, params Case[] cases)
    {
        foreach (var @case in cases)
            if (CaseRules.Check(@case, Clauses) is { Count: > 0 } errors)
                throw new ArgumentException($"Case '{@case.Id}' breaks the loader's rules: {string.Join("; ", errors)}", nameof(cases));
        return new(new ModuleDefinition(id, "Module " + id, "Summary.", 0.7, ["Outcome."], ["hcpc-scpe-5.1"]), [.. cases]);
    }

    /// <summary>A single-choice question; options without their own next go to <paramref name="next"/>.</summary>
    public static CaseNode SingleChoice(string id, string? next, params ChoiceOption[] options) =>
        new() { Id = id, Type = NodeTypes.SingleChoice, Prompt = "What do you do?", Next = next, Choices = [.. options] };

    public static ChoiceOption Option(string id, int score, string? next = null, string? text = null) =>
        new(id, text ?? "Option " + id, score, "Because of the standard.", ["hcpc-scpe-5.1"], next);

    public static CaseNode TrueFalse(string id, string next, bool keyedTrue, string prompt = "The photo could identify the patient.") => new()
    {
        Id = id, Type = NodeTypes.TrueFalse, Prompt = prompt, Next = next,
        Choices = [Option("true", keyedTrue ? 1 : 0, text: "True"), Option("false", keyedTrue ? 0 : 1, text: "False")],
    };

    public static CaseNode MultipleResponse(string id, string next, params MarkedItem[] items) =>
        new() { Id = id, Type = NodeTypes.MultipleResponse, Prompt = "Which?", Feedback = "Details combine.", Next = next, Items = [.. items] };

    public static CaseNode SelectText(string id, string next, params Segment[] segments) =>
        new() { Id = id, Type = NodeTypes.SelectText, Prompt = "Mark them.", Feedback = "Details combine.", Next = next, Segments = [.. segments] };

    public static MarkedItem Item(string id, bool correct, string? text = null) =>
        new(id, text ?? "Item " + id, correct, "Because of the standard.", ["hcpc-scpe-5.1"]);

    public static Segment Phrase(string id, bool correct, string text) => new(text, Item(id, correct, text));

    public static Segment Plain(string text) => new(text, null);

    public static CaseNode Reflection(string id, string next) => new() { Id = id, Type = NodeTypes.Reflection, Prompt = "What now?", Next = next };

    public static CaseNode Consequence(string id, string next) => new() { Id = id, Type = NodeTypes.Consequence, Title = "Then", Text = ["It happens."], Next = next };

    public static CaseNode Ending(string id, string outcome) => new() { Id = id, Type = NodeTypes.Ending, Title = "The end", Text = ["Done."], Outcome = outcome };
}
