using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using ELearning.Api.Content;
using ELearning.Api.Tracking.Xapi;

namespace ELearning.Api.Tracking;

/// <summary>
/// The profile's activities and their IRIs: the course is course.json's id; modules, cases and nodes sit under
/// the activity base ({base}modules/{module}/cases/{case}/nodes/{node}), so an IRI names one thing forever.
/// </summary>
public static class Activities
{
    public static string ModuleIri(ProfileSettings s, ModuleContent module) => s.ActivityBase + "modules/" + Segment(module.Id);
    public static string CaseIri(ProfileSettings s, ModuleContent module, Case @case) => ModuleIri(s, module) + "/cases/" + Segment(@case.Id);
    public static string NodeIri(ProfileSettings s, ModuleContent module, Case @case, CaseNode node) => CaseIri(s, module, @case) + "/nodes/" + Segment(node.Id);
    public static string ProfileIri(ProfileSettings s) => s.ActivityBase + "profile/1.0";
    /// <summary>A workshop session: {base}workshops/{workshop id}, the same IRI for every statement made in it.</summary>
    public static string WorkshopIri(ProfileSettings s, Guid workshopId) => s.ActivityBase + "workshops/" + workshopId.ToString("D");

    public static Activity Course(ProfileSettings s) => Once(s, Kind.Course, s, static (s, _, _, _) => Make(s.CourseIri, ActivityTypes.Course, s, s.CourseTitle));
    public static Activity Profile(ProfileSettings s) =>
        Once(s, Kind.Profile, s, static (s, _, _, _) => new() { Id = ProfileIri(s), Definition = new() { Type = ActivityTypes.Profile } });
    public static Activity Module(ProfileSettings s, ModuleContent module) => Once(s, Kind.Module, module, static (s, module, _, _) =>
        Make(ModuleIri(s, module!), ActivityTypes.Module, s, module!.Definition.Title, module.Definition.Summary), module);
    public static Activity Case(ProfileSettings s, ModuleContent module, Case @case) => Once(s, Kind.Case, @case, static (s, module, @case, _) =>
        Make(CaseIri(s, module!, @case!), ActivityTypes.Simulation, s, @case!.Title, @case.Teaser), module, @case);
    public static Activity Workshop(ProfileSettings s, WorkshopSession workshop) => Make(WorkshopIri(s, workshop.Id), ActivityTypes.Meeting, s, workshop.Title);
    public static Activity Page(ProfileSettings s, ModuleContent module, Case @case, CaseNode node) => Once(s, Kind.Page, node, static (s, module, @case, node) =>
        Make(NodeIri(s, module!, @case!, node!), ActivityTypes.Page, s, node!.Title ?? node.Id), module, @case, node);

    /// <summary>D, Interaction Activities: a question with its interactionType, components and correct responses.</summary>
    public static Activity Question(ProfileSettings s, ModuleContent module, Case @case, CaseNode node) =>
        Once(s, Kind.Question, node, static (s, module, @case, node) => BuildQuestion(s, module!, @case!, node!), module, @case, node);

    static Activity BuildQuestion(ProfileSettings s, ModuleContent module, Case @case, CaseNode node) => new()
    {
        Id = NodeIri(s, module, @case, node),
        Definition = new ActivityDefinition
        {
            Name = Text(s, node.Prompt ?? node.Title ?? node.Id),
            Description = node.Hint is { Length: > 0 } hint ? Text(s, hint) : null,
            Type = ActivityTypes.Interaction,
            InteractionType = InteractionType(node.Type),
            Choices = node.Type switch
            {
                NodeTypes.SingleChoice => [.. node.Choices.Select(c => new InteractionComponent(c.Id, Text(s, c.Text)))],
                NodeTypes.MultipleResponse or NodeTypes.SelectText => [.. node.MarkableItems.Select(i => new InteractionComponent(i.Id, Text(s, i.Text)))],
                _ => null,
            },
            CorrectResponsesPattern = CorrectResponses(node),
        },
    };

    /// <summary>
    /// Single choice, multiple response and select-text are all "choice" (select-text's markable phrases are its
    /// choices); true-false is "true-false"; a reflection is free text, "long-fill-in".
    /// </summary>
    public static string InteractionType(string nodeType) => nodeType switch
    {
        NodeTypes.TrueFalse => InteractionTypes.TrueFalse,
        NodeTypes.SingleChoice or NodeTypes.MultipleResponse or NodeTypes.SelectText => InteractionTypes.Choice,
        NodeTypes.Reflection => InteractionTypes.LongFillIn,
        _ => InteractionTypes.Other,
    };

    /// <summary>
    /// Each entry is one fully correct response. Single choice and true-false: every option with the node's best
    /// score (true-false option ids are "true" and "false", as the pattern needs). Multiple response and
    /// select-text: all the correct items together. A reflection has no correct response.
    /// </summary>
    public static IReadOnlyList<string>? CorrectResponses(CaseNode node) => node.Type switch
    {
        NodeTypes.SingleChoice or NodeTypes.TrueFalse => [.. node.Choices.Where(c => c.Score == node.MaxScore).Select(c => c.Id)],
        NodeTypes.MultipleResponse or NodeTypes.SelectText =>
            [string.Join(InteractionTypes.Delimiter, node.MarkableItems.Where(i => i.Correct).Select(i => i.Id))],
        _ => null,
    };

    static Activity Make(string id, string type, ProfileSettings s, string name, string? description = null) => new()
    {
        Id = id,
        Definition = new ActivityDefinition { Name = Text(s, name), Description = description is { Length: > 0 } ? Text(s, description) : null, Type = type },
    };

    static IReadOnlyDictionary<string, string> Text(ProfileSettings s, string text) => new Dictionary<string, string> { [s.Language] = text };

    static string Segment(string id) => Uri.EscapeDataString(id);

    // Content is fixed once loaded and activities are immutable records, so each is built once per profile and content
    // object and shared by every statement about it: a workshop's burst describes the same question hundreds of times
    // at once. One table per kind of activity (a node is described as a question or as a page), keyed by reference.
    enum Kind { Course, Profile, Module, Case, Page, Question }

    static readonly ConditionalWeakTable<ProfileSettings, ConcurrentDictionary<object, Activity>[]> built = new();

    static Activity Once(ProfileSettings s, Kind kind, object content, Func<ProfileSettings, ModuleContent?, Case?, CaseNode?, Activity> build,
        ModuleContent? module = null, Case? @case = null, CaseNode? node = null)
    {
        var activities = built.GetValue(s, static _ => [.. Enum.GetValues<Kind>().Select(_ => new ConcurrentDictionary<object, Activity>(ReferenceEqualityComparer.Instance))])[(int)kind];
        return activities.TryGetValue(content, out var known) ? known : activities.GetOrAdd(content, build(s, module, @case, node));
    }
}
