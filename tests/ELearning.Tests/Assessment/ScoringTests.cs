using System.Collections.Immutable;
using ELearning.Api.Assessment;
using ELearning.Api.Content;

namespace ELearning.Tests.Assessment;

public sealed class ScoringTests
{
    static readonly CaseNode Marked = new()
    {
        Id = "m", Type = NodeTypes.MultipleResponse, Next = "end",
        Items = [Item("a", true), Item("b", true), Item("c", false), Item("d", false)],
    };

    [Theory]
    [InlineData(new[] { "a", "b" }, 2, true)]
    [InlineData(new[] { "a" }, 1, false)]
    [InlineData(new[] { "a", "b", "c" }, 1, false)]
    [InlineData(new[] { "a", "c", "d" }, 0, false)]
    [InlineData(new string[0], 0, false)]
    public void Multiple_response_scores_right_choices_less_wrong_ones_never_below_zero(string[] chosen, int score, bool correct)
    {
        var result = Scoring.Score(Marked, new LearnerResponse { Choices = chosen });

        Assert.Equal((score, 2, correct), (result.Score, result.MaxScore, result.Correct));
    }

    [Fact]
    public void A_single_choice_is_correct_only_at_the_nodes_best_score_and_follows_its_own_branch()
    {
        var node = new CaseNode
        {
            Id = "q", Type = NodeTypes.SingleChoice, Next = "default",
            Choices = [Choice("best", 2, null), Choice("partly", 1, "consequence"), Choice("poor", 0, null)],
        };

        var partly = Scoring.Score(node, new LearnerResponse { Choices = ["partly"] });
        var best = Scoring.Score(node, new LearnerResponse { Choices = ["best"] });

        Assert.Equal((1, 2, false, "consequence"), (partly.Score, partly.MaxScore, partly.Correct, partly.NextNodeId));
        Assert.Equal((2, true, "default"), (best.Score, best.Correct, best.NextNodeId));
    }

    [Fact]
    public void A_reflection_is_not_scored()
    {
        var node = new CaseNode { Id = "r", Type = NodeTypes.Reflection, Next = "end" };

        var result = Scoring.Score(node, new LearnerResponse { Text = "My thoughts" });

        Assert.Equal((false, (bool?)null, 0, 0), (result.Scored, result.Correct, result.Score, result.MaxScore));
    }

    [Theory]
    [InlineData(7, 10, 0.7, true)]
    [InlineData(6, 10, 0.7, false)]
    [InlineData(2, 3, 0.6667, true)]
    public void A_module_passes_at_or_above_its_pass_mark(int raw, int max, double passMark, bool passed)
    {
        Assert.Equal(passed, Scoring.Result(raw, max, passMark).Passed);
    }

    [Fact]
    public void A_cases_maximum_is_its_best_paths_total_not_the_sum_of_all_nodes()
    {
        // q: best (2) → end, or poor (0) → bonus (3) → end. The poor path's extra question caps it at 3; best path = 3.
        var nodes = ImmutableArray.Create(
            new CaseNode { Id = "q", Type = NodeTypes.SingleChoice, Choices = [Choice("best", 2, "end"), Choice("poor", 0, "bonus")] },
            new CaseNode { Id = "bonus", Type = NodeTypes.MultipleResponse, Next = "end", Items = [Item("a", true), Item("b", true), Item("c", true), Item("d", false)] },
            new CaseNode { Id = "end", Type = NodeTypes.Ending });
        var @case = new Case
        {
            Id = "c", Module = "confidentiality", Order = 1, Title = "t", EstimatedMinutes = 3, Setting = "s", Professional = new("n", "p", null),
            LearningObjectives = [], Narrative = [], Start = "q", Nodes = nodes, NodesById = nodes.ToImmutableDictionary(n => n.Id),
            Summary = "s", DiscussionPrompts = [], Topics = [], BestResponse = "act",
        };

        Assert.Equal(3, CaseRules.BestPathScore(@case));
    }

    static MarkedItem Item(string id, bool correct) => new(id, id, correct, "because", ["hcpc-scpe-5.1"]);

    static ChoiceOption Choice(string id, int score, string? next) => new(id, id, score, "because", ["hcpc-scpe-5.1"], next);
}
