using ELearning.Api.Content;
using static ELearning.Tests.Content.ItemWriting.InMemory;

namespace ELearning.Tests.Content;

/// <summary>The graph and citation rules of CaseRules on small in-memory cases, each with the path and message an author sees.</summary>
public sealed class CaseGraphRulesTests
{
    static IReadOnlyList<ContentError> Check(params CaseNode[] nodes) => CaseRules.Check(Case("graph", nodes), Clauses);

    static readonly CaseNode End = Ending("end", EndingOutcomes.Good);

    static void AssertOnly(IReadOnlyList<ContentError> errors, string path, string message)
    {
        var error = Assert.Single(errors);
        Assert.Equal(("scenarios/confidentiality/graph.json", path, message), (error.File, error.Path, error.Message));
    }

    [Fact]
    public void A_clause_cited_by_a_node_that_is_not_in_the_registry_is_named() =>
        AssertOnly(Check(Reflection("r", "end") with { Citations = ["hcpc-scpe-5.1", "made-up"] }, End),
            "$.nodes[0].citations[1]", "Clause 'made-up' is not in scenarios/guidance/clauses.json.");

    [Fact]
    public void A_clause_cited_by_an_option_that_is_not_in_the_registry_is_named()
    {
        var bad = Option("b", 0, "end") with { Citations = ["made-up"] };

        AssertOnly(Check(TrueFalse("t", "end", true) with { Choices = [Option("true", 1), bad with { Id = "false" }] }, End),
            "$.nodes[0].options[1].citations[0]", "Clause 'made-up' is not in scenarios/guidance/clauses.json.");
    }

    [Fact]
    public void A_clause_cited_by_a_marked_item_or_phrase_that_is_not_in_the_registry_is_named()
    {
        var items = MultipleResponse("m", "s", Item("x", true), Item("y", false) with { Citations = ["made-up"] }, Item("z", false));
        var phrases = SelectText("s", "end", Plain("On "), Phrase("w", true, "Ward 7"), Plain(" "), new Segment("!", Item("t", false, "!") with { Citations = ["made-up"] }));

        Assert.Equal(["$.nodes[0].options[1].citations[0]", "$.nodes[1].segments[3].citations[0]"], Check(items, phrases, End).Select(e => e.Path));
    }

    [Fact]
    public void Duplicate_ids_among_choices_items_and_phrases_are_named()
    {
        var choices = SingleChoice("q", "m", Option("a", 2), Option("a", 0), Option("c", 1));
        var items = MultipleResponse("m", "s", Item("x", true), Item("x", false), Item("z", false));
        var phrases = SelectText("s", "end", Phrase("w", true, "Ward 7"), Plain(" "), Phrase("w", false, "!"));

        var errors = CaseRules.Check(Case("graph", choices, items, phrases, End), Clauses);

        Assert.Equal([("$.nodes[0].options", "Id 'a' is used more than once in this node."), ("$.nodes[1].options", "Id 'x' is used more than once in this node."),
            ("$.nodes[2].segments", "Id 'w' is used more than once in this node.")], errors.Select(e => (e.Path, e.Message)));
    }

    [Fact]
    public void An_option_with_nowhere_to_go_is_named() =>
        Assert.Contains(Check(TrueFalse("t", "end", true) with { Next = null, Choices = [Option("true", 1, "end"), Option("false", 0)] }, End),
            e => e.Path == "$.nodes[0].options[1]" && e.Message == "Option 'false' has no 'next' and its node has no default 'next'.");

    [Fact]
    public void A_select_text_node_without_a_markable_phrase_is_named()
    {
        var errors = Check(SelectText("s", "end", Plain("Nothing "), Plain("to mark")), End);

        Assert.Equal([("$.nodes[0].segments", "A select-text node needs at least one phrase the delegate can mark."),
            ("$.nodes[0]", "At least one option or phrase must be correct, or the node cannot be scored.")], errors.Select(e => (e.Path, e.Message)));
    }

    [Fact]
    public void A_multiple_response_node_with_no_correct_option_is_named() =>
        AssertOnly(Check(MultipleResponse("m", "end", Item("x", false), Item("y", false), Item("z", false)), End),
            "$.nodes[0]", "At least one option or phrase must be correct, or the node cannot be scored.");

    [Fact]
    public void An_ending_with_a_next_is_named() =>
        AssertOnly(Check(Reflection("r", "end"), End with { Next = "r" }), "$.nodes[1].next", "An ending node ends the case; it cannot have a 'next'.");

    [Fact]
    public void A_node_that_leads_nowhere_is_named()
    {
        var errors = Check(Reflection("r", "c"), Consequence("c", "end") with { Next = null }, End);

        Assert.Equal([("$.nodes[1]", "Node 'c' leads nowhere: every path must end at an 'ending' node."),
            ("$.nodes[2]", "Node 'end' cannot be reached from the start node 'r'.")], errors.Select(e => (e.Path, e.Message)));
    }

    [Fact]
    public void A_cases_maximum_counts_the_marking_nodes_on_the_best_path()
    {
        var @case = Case("max", MultipleResponse("m", "r", Item("x", true), Item("y", true), Item("z", false)), Reflection("r", "end"), End);

        Assert.Equal(2, CaseRules.BestPathScore(@case));
    }
}
