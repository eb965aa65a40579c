using ELearning.Api.Assessment;
using ELearning.Api.Content;

namespace ELearning.Api.Workshops;

public sealed record OptionDistribution(string OptionId, int Count);

public sealed record NodeDistribution(string NodeId, string Type, int Answered, IReadOnlyList<OptionDistribution> Options);

public sealed record CaseDistribution(string CaseId, IReadOnlyList<NodeDistribution> Nodes);

/// <summary>A node whose distribution the facilitator has shown the room.</summary>
public sealed record RevealedNode(string CaseId, string NodeId);

/// <summary>The room's answers: counts only, never who. <c>version</c> is the event id it was sent under.</summary>
public sealed record DistributionView(long Version, string? CurrentCaseId, IReadOnlyList<CaseDistribution> Cases, IReadOnlyList<RevealedNode> Revealed);

/// <summary>A revealed node's counts, as a delegate who answered it sees them.</summary>
public sealed record RoomNodeView(string CaseId, string NodeId, int Answered, IReadOnlyList<OptionDistribution> Options);

/// <summary>Pure: which options a node offers and which an answer chose, and the distribution from stored counts.</summary>
public static class Distribution
{
    /// <summary>Every option a node offers, in the case file's order; none for a reflection.</summary>
    public static IEnumerable<string> OptionsOf(CaseNode node) => node.Type switch
    {
        NodeTypes.SingleChoice or NodeTypes.TrueFalse => node.Choices.Select(c => c.Id),
        NodeTypes.MultipleResponse => node.Items.Select(i => i.Id),
        NodeTypes.SelectText => node.MarkableItems.Select(i => i.Id),
        _ => [],
    };

    public static IEnumerable<string> ChosenBy(CaseNode node, LearnerResponse response) => node.Type switch
    {
        NodeTypes.SingleChoice or NodeTypes.MultipleResponse => response.Choices ?? [],
        NodeTypes.TrueFalse => response.Value is { } value ? [value ? "true" : "false"] : [],
        NodeTypes.SelectText => response.Selected ?? [],
        _ => [],
    };

    public static DistributionView Build(IEnumerable<ModuleContent> modules, RoomCounts counts)
    {
        var answered = counts.Answered.ToDictionary(a => (a.CaseId, a.NodeId), a => a.Count);
        var chosen = counts.Chosen.ToDictionary(c => (c.CaseId, c.NodeId, c.OptionId), c => c.Count);
        var cases = modules.SelectMany(m => m.Cases).Select(@case => new CaseDistribution(@case.Id, [..
            @case.Nodes.Where(n => NodeTypes.IsDecision(n.Type)).Select(node => new NodeDistribution(node.Id, node.Type,
                answered.GetValueOrDefault((@case.Id, node.Id)),
                [.. OptionsOf(node).Select(o => new OptionDistribution(o, chosen.GetValueOrDefault((@case.Id, node.Id, o))))]))]));
        return new(counts.Version, counts.CurrentCaseId, [.. cases], [.. counts.Revealed.Select(r => new RevealedNode(r.CaseId, r.NodeId))]);
    }

    /// <summary>What one delegate may see of the room: the counts of revealed nodes they have answered themselves, nothing else.</summary>
    public static IReadOnlyList<RoomNodeView> ForDelegate(DistributionView room, IReadOnlySet<(string CaseId, string NodeId)> answeredBy) =>
        [.. room.Revealed.Where(r => answeredBy.Contains((r.CaseId, r.NodeId)))
            .SelectMany(r => room.Cases.Where(c => c.CaseId == r.CaseId).SelectMany(c => c.Nodes.Where(n => n.NodeId == r.NodeId))
                .Select(n => new RoomNodeView(r.CaseId, n.NodeId, n.Answered, n.Options)))];
}
