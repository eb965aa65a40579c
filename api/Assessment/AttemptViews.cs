using System.ComponentModel.DataAnnotations;
using ELearning.Api.Content;

namespace ELearning.Api.Assessment;

/// <summary>
/// LaunchId: the Tin Can launch the player was opened with; the attempt's statements then go to that LMS's LRS.
/// CaseId: begin at this case rather than the first, where an <see cref="ICaseOrderPolicy"/> allows it (a workshop's current case).
/// </summary>
public sealed record StartAttemptRequest(string? ModuleId, Guid? LaunchId = null, string? CaseId = null);

/// <summary>Move an in-progress attempt to the start of a case it has not begun, where an <see cref="ICaseOrderPolicy"/> allows it.</summary>
public sealed record OpenCaseRequest(string? CaseId);

public sealed record AttemptStarted(Guid AttemptId, string ModuleId, Position Next);

/// <summary>An answer's envelope, checked before the handler runs; whether the response fits the node is the handler's to say.</summary>
public sealed record AnswerRequest(
    [Required(ErrorMessage = "Say which case the answer is for.")] string? CaseId,
    [Required(ErrorMessage = "Say which node the answer is for.")] string? NodeId,
    [Required(ErrorMessage = "Send the answer as 'response'.")] System.Text.Json.JsonElement? Response);

public sealed record ItemOutcomeView(string Id, string Text, bool Chosen, bool Correct, string Feedback, IReadOnlyList<ClauseView> Citations);

/// <summary>Shown when a case's decisions are done: what good looks like, and questions to talk over.</summary>
public sealed record CaseDebriefView(string CaseId, string Summary, IReadOnlyList<string> DiscussionPrompts);

public sealed record AnswerOutcomeView(
    bool Scored, bool? Correct, int Score, int MaxScore, string? Feedback, IReadOnlyList<ClauseView> Citations,
    IReadOnlyList<ItemOutcomeView>? Items, Position? Next, CaseDebriefView? Debrief);

public sealed record AnsweredNodeView(string CaseId, string NodeId, LearnerResponse Response, DateTimeOffset AnsweredAt, AnswerOutcomeView Outcome);

public sealed record ProgressView(int CaseNumber, int CaseCount, int CasesCompleted, int NodesAnswered);

public sealed record ScoreSoFarView(int Raw, int AnsweredMax, int ModuleMax);

public sealed record AttemptView(
    Guid AttemptId, string ModuleId, string Status, Position? Next, ProgressView Progress, ScoreSoFarView Score,
    ModuleResult? Result, DateTimeOffset StartedAt, DateTimeOffset? CompletedAt, IReadOnlyList<AnsweredNodeView> Answers);

public static class AttemptViews
{
    public static AnswerOutcomeView Outcome(Catalog catalog, Case @case, ScoredAnswer scored, Position? next) => new(
        scored.Scored, scored.Correct, scored.Score, scored.MaxScore, scored.Feedback,
        [.. catalog.Cite(scored.Citations).Select(ContentViews.Clause)],
        scored.Items?.Select(i => new ItemOutcomeView(i.Id, i.Text, i.Chosen, i.Correct, i.Feedback, [.. catalog.Cite(i.Citations).Select(ContentViews.Clause)])).ToList(),
        next,
        next is not null && next.CaseId == @case.Id && @case.FindNode(next.NodeId)?.Type == NodeTypes.Ending
            ? new CaseDebriefView(@case.Id, @case.Summary, @case.DiscussionPrompts)
            : null);

    public static AttemptView Attempt(Catalog catalog, ModuleContent module, AttemptRecord attempt, IReadOnlyList<AnswerRecord> answers)
    {
        var caseIndex = attempt.Next is null ? module.Cases.Length : module.Cases.IndexOf(module.FindCase(attempt.Next.CaseId)!);
        var answered = answers.Select(a =>
        {
            var @case = module.FindCase(a.CaseId)!;
            var node = @case.FindNode(a.NodeId)!;
            var scored = Scoring.Score(node, a.Response);
            return new AnsweredNodeView(a.CaseId, a.NodeId, a.Response, a.AnsweredAt,
                Outcome(catalog, @case, scored, Navigation.After(module, @case, node, scored.NextNodeId)));
        }).ToList();
        return new AttemptView(
            attempt.Id, attempt.ModuleId, attempt.Status, attempt.Next,
            new ProgressView(Math.Min(caseIndex + 1, module.Cases.Length), module.Cases.Length, caseIndex, answers.Count),
            new ScoreSoFarView(attempt.RawScore, answers.Sum(a => a.MaxScore), attempt.MaxScore),
            attempt.Scaled is { } scaled ? new ModuleResult(scaled, attempt.RawScore, attempt.MaxScore, attempt.Passed == true) : null,
            attempt.StartedAt, attempt.CompletedAt, answered);
    }
}
