using ELearning.Api.Content;
using static ELearning.Tests.Content.ItemWriting.InMemory;

namespace ELearning.Tests.Content.ItemWriting;

/// <summary>The item-writing rules the loader applies to each case (CaseRules), each at its boundary.</summary>
public sealed class CaseItemRulesTests
{
    static IReadOnlyList<ContentError> Check(Case @case) => CaseRules.Check(@case, Clauses);

    /// <summary>A case whose single question is <paramref name="question"/>, ending well or, for option ids starting "p", poorly.</summary>
    static Case OneQuestion(CaseNode question) => Case("one-question", question, Ending("end-good", EndingOutcomes.Good), Ending("end-poor", EndingOutcomes.Poor));

    static ContentError Single(IReadOnlyList<ContentError> errors) => Assert.Single(errors);

    [Fact]
    public void A_single_choice_question_with_three_options_is_accepted()
    {
        var @case = OneQuestion(SingleChoice("q", null, Option("a", 2, "end-good"), Option("p1", 0, "end-poor"), Option("p2", 1, "end-poor")));

        Assert.Empty(Check(@case));
    }

    [Fact]
    public void A_single_choice_question_with_two_options_is_named_with_its_case_node_and_count()
    {
        var @case = OneQuestion(SingleChoice("q", null, Option("a", 2, "end-good"), Option("p1", 0, "end-poor")));

        var error = Single(Check(@case));

        Assert.Equal(("scenarios/confidentiality/one-question.json", "$.nodes[0].options"), (error.File, error.Path));
        Assert.Equal("Case 'one-question': single-choice node 'q' has 2 options; it needs at least 3, each plausible (part-right distractors, not throwaways).", error.Message);
    }

    [Fact]
    public void A_true_false_node_is_not_held_to_three_options()
    {
        var @case = Case("tf", TrueFalse("q", "end", keyedTrue: true), Ending("end", EndingOutcomes.Good));

        Assert.Empty(Check(@case));
    }

    [Fact]
    public void A_lower_scoring_option_that_leads_straight_to_a_good_ending_is_named_with_its_route()
    {
        var @case = OneQuestion(SingleChoice("q", null, Option("a", 2, "end-good"), Option("p1", 1, "end-good"), Option("p2", 0, "end-poor")));

        var error = Single(Check(@case));

        Assert.Equal("$.nodes[0].options[1]", error.Path);
        Assert.Equal("Case 'one-question': option 'p1' of node 'q' scores 1, below the node's best (2), yet it can reach the good ending " +
            "'end-good' (end-good). Give this action its own route to a mixed or poor ending that narrates what the delegate did.", error.Message);
    }

    [Fact]
    public void An_option_without_its_own_next_is_judged_by_the_nodes_next()
    {
        var @case = OneQuestion(SingleChoice("q", "end-good", Option("a", 2), Option("p1", 0), Option("p2", 0, "end-poor")));

        var error = Single(Check(@case));

        Assert.Equal("$.nodes[0].options[1]", error.Path);
        Assert.Contains("option 'p1' of node 'q' scores 0", error.Message);
    }

    [Fact]
    public void A_good_ending_reached_only_through_a_second_level_branch_is_still_reached()
    {
        // p leads to a consequence and a recovery question whose best answer ends well: the story would narrate what p did not do.
        var @case = Case("recovery",
            SingleChoice("q", null, Option("a", 2, "end-good"), Option("p", 0, "c1"), Option("m", 1, "end-mixed")),
            Consequence("c1", "q2"),
            SingleChoice("q2", null, Option("r1", 1, "end-mixed"), Option("r2", 2, "end-good"), Option("r3", 0, "end-mixed")),
            Ending("end-good", EndingOutcomes.Good),
            Ending("end-mixed", EndingOutcomes.Mixed));

        var errors = Check(@case);

        var error = Assert.Single(errors, e => e.Path == "$.nodes[0].options[1]");
        Assert.Contains("'end-good' (c1 → q2 → end-good)", error.Message);
        // q2's own lower options lead to the mixed ending only, so q2 is sound; so is option m.
        Assert.Equal(["$.nodes[0].options[1]"], errors.Select(e => e.Path));
    }

    [Fact]
    public void Lower_scoring_options_with_routes_of_their_own_to_mixed_and_poor_endings_are_accepted()
    {
        var @case = Case("own-routes",
            SingleChoice("q", null, Option("m", 1, "c1"), Option("a", 2, "q2"), Option("p", 0, "end-poor")),
            Consequence("c1", "end-mixed"),
            TrueFalse("q2", "end-good", keyedTrue: false),
            Ending("end-good", EndingOutcomes.Good),
            Ending("end-mixed", EndingOutcomes.Mixed),
            Ending("end-poor", EndingOutcomes.Poor));

        Assert.Empty(Check(@case));
    }

    [Fact]
    public void Options_that_share_the_best_score_may_share_the_good_ending()
    {
        var @case = OneQuestion(SingleChoice("q", null, Option("a", 2, "end-good"), Option("b", 2, "end-good"), Option("p", 0, "end-poor")));

        Assert.Empty(Check(@case));
    }

    [Fact]
    public void Judgement_nodes_may_lead_every_answer_to_the_good_ending()
    {
        // A true/false, multiple-response or select-text answer is a judgement, not an action the story narrates.
        var @case = Case("judgements",
            TrueFalse("q", "m", keyedTrue: true),
            MultipleResponse("m", "s", Item("x", true), Item("y", false), Item("z", false)),
            SelectText("s", "end", Plain("On "), Phrase("w", true, "Ward 7"), Plain(" today"), Phrase("t", false, "!")),
            Ending("end", EndingOutcomes.Good));

        Assert.Empty(Check(@case));
    }

    [Fact]
    public void Every_lower_option_that_reaches_a_good_ending_is_named()
    {
        var @case = Case("shared", SingleChoice("q", "end", Option("a", 2), Option("p1", 0), Option("p2", 1)), Ending("end", EndingOutcomes.Good));

        Assert.Equal(["$.nodes[0].options[1]", "$.nodes[0].options[2]"], Check(@case).Select(e => e.Path));
    }

    [Theory]
    [InlineData(Perspectives.Supervisor)]
    [InlineData(Perspectives.Practitioner)]
    [InlineData(Perspectives.Student)]
    public void Each_perspective_is_accepted(string perspective)
    {
        Assert.Empty(Check(Case("p", perspective, TrueFalse("q", "end", true), Ending("end", EndingOutcomes.Good))));
    }

    [Theory]
    [InlineData("")]
    [InlineData("manager")]
    [InlineData("Supervisor")]
    public void A_missing_or_unknown_perspective_is_named(string perspective)
    {
        var error = Single(Check(Case("p", perspective, TrueFalse("q", "end", true), Ending("end", EndingOutcomes.Good))));

        Assert.Equal("$.perspective", error.Path);
        Assert.Equal($"Case 'p': the perspective is '{perspective}'; it must be one of supervisor, practitioner, student (whose conduct the delegate handles).", error.Message);
    }

    [Fact]
    public void Item_writing_errors_are_reported_with_graph_errors_and_routes_are_followed_only_in_a_sound_graph()
    {
        // Option a names a node that does not exist, so routes cannot be followed yet; p's good ending is judged once that is fixed.
        var @case = Case("both", "", SingleChoice("q", null, Option("a", 2, "nowhere"), Option("p", 0, "end")), Ending("end", EndingOutcomes.Good));

        Assert.Equal(["$.nodes[0].options", "$.nodes[0].options[0].next", "$.perspective"], Check(@case).Select(e => e.Path).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Routes_are_not_followed_in_a_graph_with_a_loop()
    {
        var @case = Case("loop",
            SingleChoice("q", null, Option("a", 2, "end"), Option("p", 0, "c1"), Option("m", 1, "end-mixed")),
            Consequence("c1", "q"),
            Ending("end", EndingOutcomes.Good), Ending("end-mixed", EndingOutcomes.Mixed));

        Assert.Equal(["$.nodes[1]"], Check(@case).Select(e => e.Path));
    }
}
