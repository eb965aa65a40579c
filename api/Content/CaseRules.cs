using System.Collections.Immutable;
using System.Text.RegularExpressions;

namespace ELearning.Api.Content;

/// <summary>
/// The rules a case must keep beyond its schema: a graph that starts, flows and ends, and citations
/// that resolve; and the item-writing rules that keep the assessment a measure of understanding
/// (scenarios/README.md, "Writing items that measure understanding"): a perspective, three or more options
/// in every single-choice question, true/false statements without give-away words, and endings that follow
/// the actions chosen. Pure: a case and the clause registry in, a list of errors out.
/// </summary>
public static class CaseRules
{
    /// <summary>Fewer options than this and a delegate who can rule one out has an even chance.</summary>
    public const int MinimumSingleChoiceOptions = 3;

    /// <summary>
    /// Words that let a test-wise delegate answer a true/false statement without reading the case: sweeping
    /// claims are usually false (CONTENT-RULES.md rule 5). Matched case-insensitively as whole words.
    /// </summary>
    public static readonly ImmutableArray<string> GiveAwayWords =
        ["always", "never", "can't", "cannot", "nobody", "no one", "everyone", "everybody", "guaranteed",
         "guarantee", "completely", "entirely", "totally", "fault", "only"];

    public static IReadOnlyList<ContentError> Check(Case @case, IReadOnlySet<string> clauseIds)
    {
        var errors = new List<ContentError>();
        var sound = true; // no error in the graph itself: the flow and endings checks need a sound graph
        void Error(string path, string message) { errors.Add(new ContentError(@case.SourceFile, path, message)); sound = false; }
        void ItemError(string path, string message) => errors.Add(new ContentError(@case.SourceFile, path, $"Case '{@case.Id}': {message}"));

        var seen = new HashSet<string>();
        for (var i = 0; i < @case.Nodes.Length; i++)
            if (!seen.Add(@case.Nodes[i].Id))
                Error($"$.nodes[{i}].id", $"Node id '{@case.Nodes[i].Id}' is used more than once in this case.");

        if (!@case.NodesById.ContainsKey(@case.Start))
            Error("$.start", $"The start node '{@case.Start}' does not exist.");

        if (!Perspectives.All.Contains(@case.Perspective))
            ItemError("$.perspective", $"the perspective is '{@case.Perspective}'; it must be one of {string.Join(", ", Perspectives.All)} (whose conduct the delegate handles).");

        for (var i = 0; i < @case.Nodes.Length; i++)
        {
            CheckNode(@case.Nodes[i], $"$.nodes[{i}]");
            CheckItemWriting(@case.Nodes[i], $"$.nodes[{i}]");
        }

        if (sound)
            CheckFlow();
        if (sound)
            CheckEndingsFollowActions();
        return errors;

        void CheckItemWriting(CaseNode node, string path)
        {
            if (node.Type == NodeTypes.SingleChoice && node.Choices.Length < MinimumSingleChoiceOptions)
                ItemError(path + ".options", $"single-choice node '{node.Id}' has {node.Choices.Length} options; it needs at least " +
                    $"{MinimumSingleChoiceOptions}, each plausible (part-right distractors, not throwaways).");
            if (node.Type == NodeTypes.TrueFalse && GiveAwayWordsIn(node.Prompt) is { Count: > 0 } words)
                ItemError(path + ".prompt", $"true/false node '{node.Id}' has the give-away word{(words.Count > 1 ? "s" : "")} " +
                    $"{string.Join(", ", words.Select(w => $"'{w}'"))} in its prompt; a delegate can answer from the wording alone. " +
                    "Write a statement whose truth depends on the case and the guidance.");
        }

        // An action the delegate chose is the action the story continues with: an option below the node's
        // best must not be able to reach a good ending, which would narrate what the delegate did not do.
        void CheckEndingsFollowActions()
        {
            var toGood = new Dictionary<string, ImmutableList<string>?>();
            for (var i = 0; i < @case.Nodes.Length; i++)
            {
                var node = @case.Nodes[i];
                if (node.Type != NodeTypes.SingleChoice) continue;
                var best = node.MaxScore;
                for (var j = 0; j < node.Choices.Length; j++)
                {
                    var choice = node.Choices[j];
                    if (choice.Score < best && RouteToGood(choice.Next ?? node.Next!) is { } route)
                        ItemError($"$.nodes[{i}].options[{j}]", $"option '{choice.Id}' of node '{node.Id}' scores {choice.Score}, below the node's best " +
                            $"({best}), yet it can reach the good ending '{route[^1]}' ({string.Join(" → ", route)}). Give this action its own " +
                            "route to a mixed or poor ending that narrates what the delegate did.");
                }
            }

            ImmutableList<string>? RouteToGood(string id)
            {
                if (toGood.TryGetValue(id, out var known)) return known;
                var node = @case.NodesById[id];
                var route = node.Type == NodeTypes.Ending
                    ? node.Outcome == EndingOutcomes.Good ? [id] : null
                    : node.Successors.Select(RouteToGood).FirstOrDefault(r => r is not null)?.Insert(0, id);
                return toGood[id] = route;
            }
        }

        void CheckNode(CaseNode node, string path)
        {
            CheckNext(node.Next, path + ".next");
            CheckCitations(node.Citations, path + ".citations");
            for (var j = 0; j < node.Choices.Length; j++)
            {
                var choice = node.Choices[j];
                CheckNext(choice.Next, $"{path}.options[{j}].next");
                CheckCitations(choice.Citations, $"{path}.options[{j}].citations");
                if (choice.Next is null && node.Next is null)
                    Error($"{path}.options[{j}]", $"Option '{choice.Id}' has no 'next' and its node has no default 'next'.");
            }
            CheckUnique(node.Choices.Select(c => c.Id), path + ".options");
            for (var j = 0; j < node.Items.Length; j++)
                CheckCitations(node.Items[j].Citations, $"{path}.options[{j}].citations");
            CheckUnique(node.Items.Select(c => c.Id), path + ".options");
            for (var j = 0; j < node.Segments.Length; j++)
                if (node.Segments[j].Item is { } item)
                    CheckCitations(item.Citations, $"{path}.segments[{j}].citations");
            CheckUnique(node.Segments.Select(s => s.Item?.Id).OfType<string>(), path + ".segments");

            if (node.Type == NodeTypes.TrueFalse &&
                !node.Choices.Select(c => c.Id).Order().SequenceEqual(["false", "true"]))
                Error(path + ".options", "A true-false node has exactly two options, with ids 'true' and 'false'.");
            if (node.Type == NodeTypes.SelectText && !node.MarkableItems.Any())
                Error(path + ".segments", "A select-text node needs at least one phrase the delegate can mark.");
            if (node.Type is NodeTypes.MultipleResponse or NodeTypes.SelectText && node.MaxScore == 0)
                Error(path, "At least one option or phrase must be correct, or the node cannot be scored.");
            if (node.Type == NodeTypes.Ending && node.Next is not null)
                Error(path + ".next", "An ending node ends the case; it cannot have a 'next'.");
        }

        void CheckNext(string? next, string path)
        {
            if (next is not null && !@case.NodesById.ContainsKey(next))
                Error(path, $"'next' names node '{next}', which does not exist in this case.");
        }

        void CheckCitations(ImmutableArray<string> citations, string path)
        {
            for (var k = 0; k < citations.Length; k++)
                if (!clauseIds.Contains(citations[k]))
                    Error($"{path}[{k}]", $"Clause '{citations[k]}' is not in scenarios/guidance/clauses.json.");
        }

        void CheckUnique(IEnumerable<string> ids, string path)
        {
            foreach (var duplicate in ids.GroupBy(id => id).Where(g => g.Count() > 1))
                Error(path, $"Id '{duplicate.Key}' is used more than once in this node.");
        }

        void CheckFlow()
        {
            // Depth-first from the start: grey nodes are on the current path, so meeting one again is a cycle.
            var state = new Dictionary<string, bool>(); // false = on the path, true = done
            var index = @case.Nodes.Select((n, i) => (n.Id, i)).ToDictionary(p => p.Id, p => p.i);
            Visit(@case.Start);
            for (var i = 0; i < @case.Nodes.Length; i++)
                if (!state.ContainsKey(@case.Nodes[i].Id))
                    Error($"$.nodes[{i}]", $"Node '{@case.Nodes[i].Id}' cannot be reached from the start node '{@case.Start}'.");

            void Visit(string id)
            {
                state[id] = false;
                var node = @case.NodesById[id];
                var successors = node.Successors.ToList();
                if (successors.Count == 0 && node.Type != NodeTypes.Ending)
                    Error($"$.nodes[{index[id]}]", $"Node '{id}' leads nowhere: every path must end at an 'ending' node.");
                foreach (var next in successors)
                {
                    if (!state.TryGetValue(next, out var done)) Visit(next);
                    else if (!done) Error($"$.nodes[{index[id]}]", $"Node '{id}' leads back to '{next}': paths must not loop, so that every path ends.");
                }
                state[id] = true;
            }
        }
    }

    /// <summary>The give-away words in a text, in the order of <see cref="GiveAwayWords"/>; typographic apostrophes count as apostrophes.</summary>
    public static IReadOnlyList<string> GiveAwayWordsIn(string? text)
    {
        if (text is null) return [];
        var plain = text.Replace('\u2019', '\'').Replace('\u2018', '\'');
        return [.. GiveAwayWords.Where((_, i) => GiveAwayPatterns[i].IsMatch(plain))];
    }

    // Whole words: not inside a longer word ("commonly", "faults"), but "everyone's" is still "everyone";
    // "no one" also as "no-one" or across a line break.
    static readonly ImmutableArray<Regex> GiveAwayPatterns =
        [.. GiveAwayWords.Select(w => new Regex($@"(?<![\p{{L}}\p{{N}}]){Regex.Escape(w).Replace(@"\ ", @"[\s-]+")}(?![\p{{L}}\p{{N}}])",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant))];

    /// <summary>
    /// The best total any path from the start to an ending can score. A poor branch that skips a question
    /// must not make the percentage easier, so the maximum is the best path's, not the path taken.
    /// </summary>
    public static int BestPathScore(Case @case)
    {
        var memo = new Dictionary<string, int>();
        return Best(@case.Start);

        int Best(string id)
        {
            if (memo.TryGetValue(id, out var known)) return known;
            var node = @case.NodesById[id];
            var best = node.Type is NodeTypes.SingleChoice or NodeTypes.TrueFalse
                ? node.Choices.Max(c => c.Score + Best(c.Next ?? node.Next!))
                : node.MaxScore + (node.Next is { } next ? Best(next) : 0);
            return memo[id] = best;
        }
    }
}
