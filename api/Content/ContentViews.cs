using ELearning.Api.Content;

namespace ELearning.Api.Content;

// What the delegate's browser may see of the content before answering: prompts and option texts,
// never scores, correctness, feedback, citations or where an option leads.

public sealed record ModuleSummaryView(string Id, string Title, string Summary, int CaseCount, int EstimatedMinutes, double PassMark, IReadOnlyList<string> LearningOutcomes);

public sealed record CourseView(
    string Id, string Title, string Description, string Language, int CpdMinutes, int EstimatedMinutes,
    IReadOnlyList<string> LearningOutcomes, IReadOnlyList<ModuleSummaryView> Modules);

/// <summary>Perspective: supervisor, practitioner or student, so the player and facilitators can say whose conduct the case is about.</summary>
public sealed record CaseSummaryView(string Id, int Number, string Title, string? Teaser, int EstimatedMinutes, string Setting, Professional Professional, string Perspective);

public sealed record ClauseView(string Id, string Body, string Document, string Reference, string Quote, string Attribution);

public sealed record ModuleView(
    string Id, string Title, string Summary, int EstimatedMinutes, double PassMark, IReadOnlyList<string> LearningOutcomes,
    IReadOnlyList<ClauseView> Standards, IReadOnlyList<CaseSummaryView> Cases);

public sealed record OptionView(string Id, string Text);

public sealed record SegmentView(string Text, string? Id);

public sealed record NodeView(
    string Id, string Type, string? Scene, string? Prompt, string? Hint, string? Title, IReadOnlyList<string>? Text,
    MockPost? Message, IReadOnlyList<OptionView>? Options, IReadOnlyList<SegmentView>? Segments);

public sealed record CaseView(
    string Id, string ModuleId, int Number, int CaseCount, string Title, int EstimatedMinutes, string Setting, Professional Professional,
    string Perspective, IReadOnlyList<string> LearningObjectives, IReadOnlyList<string> Narrative, MockPost? Post, string Start,
    IReadOnlyList<NodeView> Nodes);

public static class ContentViews
{
    public static CourseView Course(Catalog catalog) => new(
        catalog.Course.Id, catalog.Course.Title, catalog.Course.Description, catalog.Course.Language, catalog.CpdMinutes,
        catalog.Modules.Sum(m => m.EstimatedMinutes), catalog.Course.LearningOutcomes,
        [.. catalog.Modules.Select(m => new ModuleSummaryView(m.Id, m.Definition.Title, m.Definition.Summary, m.Cases.Length,
            m.EstimatedMinutes, m.Definition.PassMark, m.Definition.LearningOutcomes))]);

    public static ModuleView Module(Catalog catalog, ModuleContent module) => new(
        module.Id, module.Definition.Title, module.Definition.Summary, module.EstimatedMinutes, module.Definition.PassMark,
        module.Definition.LearningOutcomes, [.. catalog.Cite(module.Definition.Standards).Select(Clause)],
        [.. module.Cases.Select((c, i) => new CaseSummaryView(c.Id, i + 1, c.Title, c.Teaser, c.EstimatedMinutes, c.Setting, c.Professional, c.Perspective))]);

    public static CaseView Case(ModuleContent module, Case @case) => new(
        @case.Id, @case.Module, module.Cases.IndexOf(@case) + 1, module.Cases.Length, @case.Title, @case.EstimatedMinutes,
        @case.Setting, @case.Professional, @case.Perspective, @case.LearningObjectives, @case.Narrative, @case.Post, @case.Start,
        [.. @case.Nodes.Select(Node)]);

    public static ClauseView Clause(Clause c) => new(c.Id, c.Body, c.Document, c.Reference, c.Quote, c.Attribution);

    static NodeView Node(CaseNode n) => new(
        n.Id, n.Type, n.Scene, n.Prompt, n.Hint, n.Title, n.Text.IsDefaultOrEmpty ? null : n.Text, n.Message,
        n.Type switch
        {
            NodeTypes.SingleChoice or NodeTypes.TrueFalse => [.. n.Choices.Select(c => new OptionView(c.Id, c.Text))],
            NodeTypes.MultipleResponse => [.. n.Items.Select(c => new OptionView(c.Id, c.Text))],
            _ => null,
        },
        n.Type == NodeTypes.SelectText ? [.. n.Segments.Select(s => new SegmentView(s.Text, s.Item?.Id))] : null);
}
