using ELearning.Api.Assessment;
using ELearning.Api.Content;

namespace ELearning.Tests.Content.ItemWriting;

/// <summary>How a delegate answers one node without reading the case: from the texts of the node alone, or at random.</summary>
public delegate LearnerResponse Strategy(CaseNode node, Random random);

/// <summary>
/// Test-wise delegates who never read the case (CONTENT-RULES.md rule 11). Pure: a node in, a response out; only
/// the random delegate uses the random source it is given.
/// </summary>
public static class CueStrategies
{
    /// <summary>The longest option by characters; the first of equals.</summary>
    public static ChoiceOption LongestOption(CaseNode node) => node.Choices.MaxBy(c => ModuleItemRules.Length(c.Text))!;

    /// <summary>Every option of a multiple-response node, every phrase of a select-text one.</summary>
    public static IReadOnlyList<string> EveryItem(CaseNode node) => [.. node.MarkableItems.Select(i => i.Id)];

    /// <summary>The longer half of the options or phrases (rounded up), longest first; the first of equals.</summary>
    public static IReadOnlyList<string> LongestHalf(CaseNode node)
    {
        var items = node.MarkableItems.ToList();
        return [.. items.OrderByDescending(i => ModuleItemRules.Length(i.Text)).Take((items.Count + 1) / 2).Select(i => i.Id)];
    }

    /// <summary>The longest option in single choice, the same answer to every true/false statement, and one rule for marking.</summary>
    public static Strategy CueOnly(bool everyStatementIs, Func<CaseNode, IReadOnlyList<string>> mark) => (node, _) =>
        Respond(node, () => LongestOption(node).Id, everyStatementIs, () => mark(node));

    public static readonly IReadOnlyDictionary<string, Strategy> CueOnlyDelegates = new Dictionary<string, Strategy>
    {
        ["longest option, always False, every item marked"] = CueOnly(false, EveryItem),
        ["longest option, always False, longest half marked"] = CueOnly(false, LongestHalf),
        ["longest option, always True, every item marked"] = CueOnly(true, EveryItem),
        ["longest option, always True, longest half marked"] = CueOnly(true, LongestHalf),
    };

    /// <summary>Any option with equal chance; each option or phrase marked on the toss of a coin.</summary>
    public static LearnerResponse AtRandom(CaseNode node, Random random) =>
        Respond(node, () => node.Choices[random.Next(node.Choices.Length)].Id, random.Next(2) == 1,
            () => [.. node.MarkableItems.Where(_ => random.Next(2) == 1).Select(i => i.Id)]);

    static LearnerResponse Respond(CaseNode node, Func<string> choose, bool statement, Func<IReadOnlyList<string>> mark) => node.Type switch
    {
        NodeTypes.SingleChoice => new() { Choices = [choose()] },
        NodeTypes.TrueFalse => new() { Value = statement },
        NodeTypes.MultipleResponse => new() { Choices = mark() },
        NodeTypes.SelectText => new() { Selected = mark() },
        NodeTypes.Reflection => new() { Text = "I would think about it." },
        _ => new() { Acknowledged = true },
    };
}

/// <summary>Plays a strategy through cases and modules with the API's own Scoring, following the branch each answer leads to.</summary>
public static class DelegateWalk
{
    public static int Play(Case @case, Strategy strategy, Random random)
    {
        var total = 0;
        for (var node = @case.FindNode(@case.Start)!; node.Type != NodeTypes.Ending;)
        {
            var scored = Scoring.Score(node, strategy(node, random));
            total += scored.Score;
            node = @case.FindNode(scored.NextNodeId!)!;
        }
        return total;
    }

    /// <summary>The module's result, as the API computes it: raw points over the best-path maximum, against the pass mark.</summary>
    public static ModuleResult Play(ModuleContent module, Strategy strategy, Random random) =>
        Scoring.Result(module.Cases.Sum(c => Play(c, strategy, random)), module.MaxScore, module.Definition.PassMark);

    /// <summary>How many of <paramref name="runs"/> random delegates pass, from one seeded source so a run can be repeated.</summary>
    public static int RandomPasses(ModuleContent module, int runs, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, runs).Count(_ => Play(module, CueStrategies.AtRandom, random).Passed);
    }
}
