using ELearning.Api.Content;

namespace ELearning.Api.Assessment;

/// <summary>How one phrase or option of a multiple-response or select-text node was judged.</summary>
public sealed record ItemOutcome(string Id, string Text, bool Chosen, bool Correct, string Feedback, IReadOnlyList<string> Citations);

/// <summary>The judgement of one answer: pure data, recomputed identically from the stored response.</summary>
public sealed record ScoredAnswer(
    bool Scored,
    bool? Correct,
    int Score,
    int MaxScore,
    string? Feedback,
    IReadOnlyList<string> Citations,
    IReadOnlyList<ItemOutcome>? Items,
    string? NextNodeId);

/// <summary>
/// The scoring rule (scenarios/README.md). Single choice and true/false: the chosen option's score out of
/// the node's best option. Multiple response and select-text: one point per correct item chosen, less one
/// per incorrect item chosen, never below zero, out of the number of correct items. Reflections,
/// consequences and endings are not scored.
/// </summary>
public static class Scoring
{
    public static ScoredAnswer Score(CaseNode node, LearnerResponse response) => node.Type switch
    {
        NodeTypes.SingleChoice => Choice(node, response.Choices![0]),
        NodeTypes.TrueFalse => Choice(node, response.Value!.Value ? "true" : "false"),
        NodeTypes.MultipleResponse => Marked(node, response.Choices!),
        NodeTypes.SelectText => Marked(node, response.Selected!),
        NodeTypes.Reflection => new(false, null, 0, 0, node.Feedback, node.Citations, null, node.Next),
        _ => new(false, null, 0, 0, null, node.Citations, null, node.Next),
    };

    static ScoredAnswer Choice(CaseNode node, string optionId)
    {
        var option = node.Choices.Single(c => c.Id == optionId);
        var max = node.MaxScore;
        return new(true, option.Score == max, option.Score, max, option.Feedback, option.Citations, null, option.Next ?? node.Next);
    }

    static ScoredAnswer Marked(CaseNode node, IReadOnlyList<string> chosenIds)
    {
        var chosen = chosenIds.ToHashSet();
        var items = node.MarkableItems
            .Select(i => new ItemOutcome(i.Id, i.Text, chosen.Contains(i.Id), i.Correct, i.Feedback, i.Citations))
            .ToList();
        var rightlyChosen = items.Count(i => i.Chosen && i.Correct);
        var wronglyChosen = items.Count(i => i.Chosen && !i.Correct);
        var score = Math.Max(0, rightlyChosen - wronglyChosen);
        var exact = items.All(i => i.Chosen == i.Correct);
        return new(true, exact, score, node.MaxScore, node.Feedback, node.Citations, items, node.Next);
    }

    /// <summary>A module's result: raw points over the best-path maximum, against the pass mark.</summary>
    public static ModuleResult Result(int raw, int max, double passMark)
    {
        var scaled = max == 0 ? 1.0 : Math.Round((double)raw / max, 4);
        return new ModuleResult(scaled, raw, max, scaled >= passMark);
    }
}

public sealed record ModuleResult(double Scaled, int Raw, int Max, bool Passed);

/// <summary>Where a delegate is in a module: the next node to present.</summary>
public sealed record Position(string CaseId, string NodeId);

public static class Navigation
{
    public static Position Start(ModuleContent module) => new(module.Cases[0].Id, module.Cases[0].Start);

    /// <summary>
    /// After a node: the node its answer leads to, or, after a case's ending, the first node of the next case not yet
    /// <paramref name="begun"/> (after this one, else before it: a workshop delegate may have opened cases out of order);
    /// null once every case has been begun. In order, that is simply the next case, and null after the last.
    /// </summary>
    public static Position? After(ModuleContent module, Case @case, CaseNode node, string? nextNodeId, IReadOnlySet<string>? begun = null)
    {
        if (node.Type != NodeTypes.Ending && nextNodeId is not null)
            return new(@case.Id, nextNodeId);
        var index = module.Cases.IndexOf(@case);
        var candidates = begun is null ? module.Cases.Skip(index + 1).Take(1) : module.Cases.Skip(index + 1).Concat(module.Cases.Take(index));
        return candidates.FirstOrDefault(c => c.Id != @case.Id && begun?.Contains(c.Id) != true) is { } next ? new(next.Id, next.Start) : null;
    }
}
