using ELearning.Api.Assessment;
using ELearning.Api.Content;
using static ELearning.Tests.Content.ItemWriting.InMemory;

namespace ELearning.Tests.Content.ItemWriting;

/// <summary>The delegates who do not read the case, and the walk that scores them, on small cases.</summary>
public sealed class CueStrategiesTests
{
    static readonly CaseNode Question = SingleChoice("q", "end",
        Option("a", 2, text: "Ask first"), Option("b", 0, text: "Post it with a caption"), Option("c", 1, text: "Post it now!!"));

    static readonly CaseNode Marking = MultipleResponse("m", "end",
        Item("x", true, "Ward"), Item("y", true, "Age and home town"), Item("z", false, "The weather today"), Item("w", false, "Bed 4"), Item("v", false, "Initials"));

    static readonly CaseNode Phrases = SelectText("s", "end",
        Plain("Great day on "), Phrase("s1", true, "Ward 7"), Plain(" with "), Phrase("s2", true, "Mr J, 82, from Leek"), Phrase("s3", false, "!"));

    [Fact]
    public void The_longest_option_is_the_one_with_most_characters_and_the_first_of_equals()
    {
        Assert.Equal("b", CueStrategies.LongestOption(Question).Id);
        Assert.Equal("a", CueStrategies.LongestOption(SingleChoice("q", "end", Option("a", 0, text: "Same"), Option("b", 2, text: "Also"), Option("c", 1, text: "No"))).Id);
        Assert.Equal("b", CueStrategies.LongestOption(SingleChoice("q", "end", Option("a", 0, text: "😀😀😀"), Option("b", 2, text: "Four"), Option("c", 1, text: "No"))).Id);
    }

    [Fact]
    public void Every_item_is_every_option_or_every_markable_phrase()
    {
        Assert.Equal(["x", "y", "z", "w", "v"], CueStrategies.EveryItem(Marking));
        Assert.Equal(["s1", "s2", "s3"], CueStrategies.EveryItem(Phrases));
    }

    [Fact]
    public void The_longest_half_is_rounded_up_and_longest_first()
    {
        Assert.Equal(["y", "z", "v"], CueStrategies.LongestHalf(Marking));
        Assert.Equal(["s2", "s1"], CueStrategies.LongestHalf(Phrases));
        Assert.Equal(["x"], CueStrategies.LongestHalf(MultipleResponse("m", "end", Item("x", true, "One"))));
        Assert.Equal(["x", "y"], CueStrategies.LongestHalf(MultipleResponse("m", "end", Item("x", true, "Same"), Item("y", false, "Also"), Item("z", false, "No"), Item("w", false, "No"))));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_cue_only_delegate_answers_each_node_type_from_its_texts(bool everyStatementIs)
    {
        var play = CueStrategies.CueOnly(everyStatementIs, CueStrategies.LongestHalf);
        var random = new Random(1);

        Assert.Equal(["b"], play(Question, random).Choices);
        Assert.Equal(everyStatementIs, play(TrueFalse("t", "end", true), random).Value);
        Assert.Equal(["y", "z", "v"], play(Marking, random).Choices);
        Assert.Equal(["s2", "s1"], play(Phrases, random).Selected);
        Assert.False(string.IsNullOrWhiteSpace(play(Reflection("r", "end"), random).Text));
        Assert.True(play(Consequence("c", "end"), random).Acknowledged);
    }

    [Fact]
    public void The_four_cue_only_delegates_cover_both_statement_answers_and_both_marking_rules()
    {
        var marked = MultipleResponse("m", "end", Item("x", true, "Longer one"), Item("y", false, "Short"));
        var answers = CueStrategies.CueOnlyDelegates.Values
            .Select(s => (s(TrueFalse("t", "end", true), new Random(0)).Value, string.Join(",", s(marked, new Random(0)).Choices!))).ToList();

        Assert.Equal([(false, "x,y"), (false, "x"), (true, "x,y"), (true, "x")], answers);
    }

    [Fact]
    public void A_random_delegate_gives_every_answer_some_of_the_time_and_the_same_answers_from_the_same_seed()
    {
        var (first, second) = (new Random(5), new Random(5));
        var runs = Enumerable.Range(0, 200).Select(_ => CueStrategies.AtRandom(Question, first).ToCanonicalJson()).ToList();

        Assert.Equal(["{\"choices\":[\"a\"]}", "{\"choices\":[\"b\"]}", "{\"choices\":[\"c\"]}"], runs.Distinct().Order());
        Assert.Equal(runs, Enumerable.Range(0, 200).Select(_ => CueStrategies.AtRandom(Question, second).ToCanonicalJson()));
        var statements = Enumerable.Range(0, 50).Select(_ => CueStrategies.AtRandom(TrueFalse("t", "end", true), first).Value).ToHashSet();
        Assert.Equal([false, true], statements.Order());
        var marked = Enumerable.Range(0, 200).Select(_ => CueStrategies.AtRandom(Phrases, first).Selected!.Count).ToHashSet();
        Assert.Equal([0, 1, 2, 3], marked.Order());
    }

    /// <summary>
    /// q: best (2) → t (1) → good; longest "p" (0) → consequence → recovery question r, whose longest answer
    /// scores 1 → poor; "m" (1) → mixed. The best path earns 3.
    /// </summary>
    static Case Branching() => Case("branching",
        SingleChoice("q", null, Option("a", 2, "t", "Ask first"), Option("p", 0, "c1", "Post it for the team now"), Option("m", 1, "end-mixed", "Wait")),
        TrueFalse("t", "end-good", keyedTrue: false),
        Consequence("c1", "r"),
        SingleChoice("r", null, Option("r1", 2, "end-mixed", "Delete it"), Option("r2", 1, "end-poor", "Delete it and apologise"), Option("r3", 0, "end-poor", "Leave it")),
        Ending("end-good", EndingOutcomes.Good),
        Ending("end-mixed", EndingOutcomes.Mixed),
        Ending("end-poor", EndingOutcomes.Poor));

    [Fact]
    public void The_walk_follows_the_branch_each_answer_leads_to_and_scores_what_was_asked()
    {
        var @case = Branching();

        // Longest: p (0) → c1 → r, longest r2 (1) → poor. The true/false node on the best path is never asked.
        Assert.Equal(1, DelegateWalk.Play(@case, CueStrategies.CueOnly(false, CueStrategies.EveryItem), new Random(0)));
        Assert.Equal(3, @case.MaxScore);
    }

    [Fact]
    public void The_walk_adds_marking_scores_as_the_api_does()
    {
        var @case = Case("marking", Marking with { Next = "s" }, Phrases with { Next = "end" }, Ending("end", EndingOutcomes.Good));

        // Every item: 2 right − 3 wrong → 0; every phrase: 2 right − 1 wrong → 1.
        Assert.Equal(1, DelegateWalk.Play(@case, CueStrategies.CueOnly(false, CueStrategies.EveryItem), new Random(0)));
        // Longest half: y, z, v → 1 − 2 → 0; s2, s1 → 2.
        Assert.Equal(2, DelegateWalk.Play(@case, CueStrategies.CueOnly(false, CueStrategies.LongestHalf), new Random(0)));
    }

    [Fact]
    public void A_module_result_is_the_apis_against_the_pass_mark()
    {
        // Cue-only earns 1 of 3 in the branching case and 1 of 1 in each statement case keyed False.
        Case Statement(string id) => Case(id, TrueFalse("t", "end", keyedTrue: false), Ending("end", EndingOutcomes.Good));
        var cue = CueStrategies.CueOnly(false, CueStrategies.EveryItem);

        var below = DelegateWalk.Play(Module(Branching(), Statement("s1"), Statement("s2"), Statement("s3")), cue, new Random(0));
        var at = DelegateWalk.Play(Module(Branching(), Statement("s1"), Statement("s2"), Statement("s3"), Statement("s4"), Statement("s5"), Statement("s6")), cue, new Random(0));

        Assert.Equal(new ModuleResult(0.6667, 4, 6, false), below);
        Assert.Equal(new ModuleResult(0.7778, 7, 9, true), at);
    }

    [Fact]
    public void Random_passes_are_counted_over_the_runs()
    {
        var even = Module(Case("even", SingleChoice("q", "end", Option("a", 1), Option("b", 1), Option("c", 1)), Ending("end", EndingOutcomes.Good)));
        var coin = Module(Case("coin", TrueFalse("t", "end", keyedTrue: true), Ending("end", EndingOutcomes.Good)));

        Assert.Equal(100, DelegateWalk.RandomPasses(even, 100, seed: 3));
        Assert.InRange(DelegateWalk.RandomPasses(coin, 1000, seed: 3), 400, 600);
        Assert.Equal(DelegateWalk.RandomPasses(coin, 1000, seed: 3), DelegateWalk.RandomPasses(coin, 1000, seed: 3));
        Assert.Equal(0, DelegateWalk.RandomPasses(coin, 0, seed: 3));
    }
}
