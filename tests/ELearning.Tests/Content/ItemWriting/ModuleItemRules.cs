using ELearning.Api.Content;

namespace ELearning.Tests.Content.ItemWriting;

/// <summary>
/// The per-module item-writing rules (CONTENT-RULES.md rules 8–10, 12 and 13; scenarios/README.md, "Writing items
/// that measure understanding"). Pure: each takes a module and returns null when the module keeps the rule, or a
/// message naming the module and the cases and nodes to change.
/// </summary>
public static class ModuleItemRules
{
    public const int MinimumCases = 10;
    public const int MinimumSupervisorCases = 3;

    /// <summary>Characters as an author (and Python's len) counts them: an emoji is one, not two UTF-16 units.</summary>
    public static int Length(string text) => text.EnumerateRunes().Count();

    /// <summary>A best option (highest score) is longer than every other option of the question.</summary>
    public static bool BestIsStrictlyLongest(CaseNode node)
    {
        var lengths = node.Choices.Select(c => Length(c.Text)).ToArray();
        return Enumerable.Range(0, lengths.Length).Any(i =>
            node.Choices[i].Score == node.MaxScore && Enumerable.Range(0, lengths.Length).All(j => j == i || lengths[j] < lengths[i]));
    }

    /// <summary>Where the (first) best option sits, counting from 0.</summary>
    public static int BestPosition(CaseNode node) => node.Choices.IndexOf(node.Choices.First(c => c.Score == node.MaxScore));

    public static bool KeyedTrue(CaseNode node) => Score(node, "true") > Score(node, "false");

    public static string? BestIsLongestInAtMostAThird(ModuleContent module)
    {
        var questions = Nodes(module, NodeTypes.SingleChoice);
        var longest = questions.Where(q => BestIsStrictlyLongest(q.Node)).ToList();
        return longest.Count * 3 <= questions.Count ? null
            : $"{module.Id}: the best option is the strictly longest in {longest.Count} of {questions.Count} single-choice questions; " +
              $"at most a third ({questions.Count / 3}) may be, or length gives the answer away. Longest and best in: {Names(longest)}.";
    }

    public static string? BestPositionVaries(ModuleContent module)
    {
        var questions = Nodes(module, NodeTypes.SingleChoice);
        var crowded = questions.GroupBy(q => BestPosition(q.Node)).FirstOrDefault(g => g.Count() * 2 > questions.Count);
        return crowded is null ? null
            : $"{module.Id}: the best option is option {crowded.Key + 1} in {crowded.Count()} of {questions.Count} single-choice questions; " +
              $"no position may hold it in more than half ({questions.Count / 2}). Option {crowded.Key + 1} is best in: {Names(crowded)}.";
    }

    public static string? TrueFalseKeysBalanced(ModuleContent module)
    {
        var statements = Nodes(module, NodeTypes.TrueFalse);
        var count = statements.Count;
        var keyedTrue = statements.Where(q => KeyedTrue(q.Node)).ToList();
        // 35% to 65% inclusive, in whole numbers so that 7 of 20 is exactly in.
        if (count == 0 || (20 * keyedTrue.Count >= 7 * count && 20 * keyedTrue.Count <= 13 * count)) return null;
        var (least, most) = ((7 * count + 19) / 20, 13 * count / 20);
        var allowed = least <= most ? $"{least}–{most} of {count}" : $"no split of {count} statements is; write more or fewer of them";
        var (side, majority) = keyedTrue.Count * 2 > count ? ("True", keyedTrue) : ("False", statements.Except(keyedTrue).ToList());
        return $"{module.Id}: {keyedTrue.Count} of {count} true/false statements are keyed True ({100 * keyedTrue.Count / count}%); " +
               $"35–65% must be ({allowed}). Keyed {side}: {Names(majority)}.";
    }

    public static string? EnoughCases(ModuleContent module) =>
        module.Cases.Length >= MinimumCases ? null
            : $"{module.Id}: {module.Cases.Length} cases; at least {MinimumCases} are needed.";

    public static string? EnoughSupervisorCases(ModuleContent module)
    {
        var supervisor = module.Cases.Where(c => c.Perspective == Perspectives.Supervisor).Select(c => c.Id).ToList();
        return supervisor.Count >= MinimumSupervisorCases ? null
            : $"{module.Id}: {supervisor.Count} cases with perspective 'supervisor' ({(supervisor.Count == 0 ? "none" : string.Join(", ", supervisor))}); " +
              $"at least {MinimumSupervisorCases} are needed, in which the delegate, as supervisor, practice educator or manager, deals with someone else's conduct online.";
    }

    public static string? HasSelectText(ModuleContent module) =>
        Nodes(module, NodeTypes.SelectText).Count > 0 ? null
            : $"{module.Id}: no select-text question (the delegate marks the phrases of a post that matter); at least one is needed.";

    static int Score(CaseNode node, string optionId) => node.Choices.Single(c => c.Id == optionId).Score;

    static List<(Case Case, CaseNode Node)> Nodes(ModuleContent module, string type) =>
        [.. module.Cases.SelectMany(c => c.Nodes.Where(n => n.Type == type).Select(n => (c, n)))];

    static string Names(IEnumerable<(Case Case, CaseNode Node)> questions) =>
        string.Join(", ", questions.Select(q => $"{q.Case.Id}/{q.Node.Id}"));
}
