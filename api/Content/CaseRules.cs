using System.Collections.Immutable;

namespace ELearning.Api.Content;

/// <summary>
/// The rules a case must keep beyond its schema: a graph that starts, flows and ends, and citations
/// that resolve. Pure: a case and the clause registry in, a list of errors out.
/// </summary>
public static class CaseRules
{
    public static IReadOnlyList<ContentError> Check(Case @case, IReadOnlySet<string> clauseIds)
    {
        var errors = new List<ContentError>();
        void Error(string path, string message) => errors.Add(new ContentError(@case.SourceFile, path, message));

        var seen = new HashSet<string>();
        for (var i = 0; i < @case.Nodes.Length; i++)
            if (!seen.Add(@case.Nodes[i].Id))
                Error($"$.nodes[{i}].id", $"Node id '{@case.Nodes[i].Id}' is used more than once in this case.");

        if (!@case.NodesById.ContainsKey(@case.Start))
            Error("$.start", $"The start node '{@case.Start}' does not exist.");

        for (var i = 0; i < @case.Nodes.Length; i++)
            CheckNode(@case.Nodes[i], $"$.nodes[{i}]");

        if (errors.Count == 0)
            CheckFlow();
        return errors;

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
                : node.MaxScore + node.Successors.Select(Best).DefaultIfEmpty(0).Max();
            return memo[id] = best;
        }
    }
}
