using ELearning.Api.Content;
using static ELearning.Tests.Content.ItemWriting.InMemory;

namespace ELearning.Tests.Content.ItemWriting;

/// <summary>The per-module rules on small modules, on each side of each boundary.</summary>
public sealed class ModuleItemRulesTests
{
    /// <summary>A case with one single-choice question; the best option is at <paramref name="best"/>, the texts as given.</summary>
    static Case Question(string id, int best, params string[] texts) => Case(id,
        SingleChoice("q", null, [.. texts.Select((t, i) => Option("o" + i, i == best ? 2 : i % 2, i == best ? "end-good" : "end-mixed", t))]),
        Ending("end-good", EndingOutcomes.Good), Ending("end-mixed", EndingOutcomes.Mixed));

    /// <summary><paramref name="longest"/> questions whose best option is the longest, the rest with the best option shortest.</summary>
    static ModuleContent LongestBest(int longest, int questions) => Module([.. Enumerable.Range(0, questions).Select(i =>
        i < longest ? Question("c" + i, 1, "Ask first", "Ask your manager first", "Post")
                    : Question("c" + i, 2, "Ask first", "Ask your manager first", "Post"))]);

    [Theory]
    [InlineData(0, 0)]
    [InlineData(0, 3)]
    [InlineData(1, 3)]
    [InlineData(2, 6)]
    [InlineData(3, 9)]
    public void The_best_option_may_be_the_longest_in_up_to_a_third_of_the_questions(int longest, int questions) =>
        Assert.Null(ModuleItemRules.BestIsLongestInAtMostAThird(LongestBest(longest, questions)));

    [Theory]
    [InlineData(2, 5)]
    [InlineData(2, 3)]
    [InlineData(4, 9)]
    [InlineData(1, 1)]
    public void The_best_option_longest_in_more_than_a_third_of_the_questions_is_named(int longest, int questions)
    {
        var problem = ModuleItemRules.BestIsLongestInAtMostAThird(LongestBest(longest, questions));

        Assert.Equal($"confidentiality: the best option is the strictly longest in {longest} of {questions} single-choice questions; " +
            $"at most a third ({questions / 3}) may be, or length gives the answer away. Longest and best in: " +
            string.Join(", ", Enumerable.Range(0, longest).Select(i => $"c{i}/q")) + ".", problem);
    }

    [Theory]
    [InlineData(1, false, "Ask first", "Ask first", "Post")]       // as long as another: not strictly longest
    [InlineData(1, true, "Ask first", "Ask first!", "Post")]       // one character longer
    [InlineData(0, false, "Ask 😀😀😀", "Ask first", "Post")]       // three emoji are three characters, not six
    [InlineData(2, false, "Ask first", "Ask your manager", "Post")] // the best is the shortest
    public void Strictly_longest_means_longer_than_every_other_option_by_characters(int best, bool longest, params string[] texts) =>
        Assert.Equal(longest, ModuleItemRules.BestIsStrictlyLongest(Question("c", best, texts).Nodes[0]));

    [Fact]
    public void A_best_option_tied_on_score_with_a_shorter_one_still_counts_as_the_longest_best()
    {
        var node = SingleChoice("q", "end", Option("a", 2, text: "Ask first"), Option("b", 2, text: "Ask your manager first"), Option("c", 0, text: "Post"));

        Assert.True(ModuleItemRules.BestIsStrictlyLongest(node));
        Assert.False(ModuleItemRules.BestIsStrictlyLongest(node with { Choices = [.. node.Choices.Select(c => c with { Score = c.Id == "b" ? 0 : c.Score })] }));
    }

    /// <summary><paramref name="atFirst"/> questions with the best option first, the rest spread over the second and third.</summary>
    static ModuleContent Positions(int atFirst, int questions) => Module([.. Enumerable.Range(0, questions).Select(i =>
        Question("c" + i, i < atFirst ? 0 : 1 + i % 2, "One", "Two", "Six"))]);

    [Theory]
    [InlineData(0, 0)]
    [InlineData(2, 4)]
    [InlineData(2, 5)]
    [InlineData(3, 6)]
    public void The_best_option_may_sit_in_one_position_in_up_to_half_of_the_questions(int atFirst, int questions) =>
        Assert.Null(ModuleItemRules.BestPositionVaries(Positions(atFirst, questions)));

    [Theory]
    [InlineData(3, 4)]
    [InlineData(3, 5)]
    [InlineData(1, 1)]
    public void A_position_holding_the_best_option_in_more_than_half_of_the_questions_is_named(int atFirst, int questions)
    {
        var problem = ModuleItemRules.BestPositionVaries(Positions(atFirst, questions));

        Assert.Equal($"confidentiality: the best option is option 1 in {atFirst} of {questions} single-choice questions; " +
            $"no position may hold it in more than half ({questions / 2}). Option 1 is best in: " +
            string.Join(", ", Enumerable.Range(0, atFirst).Select(i => $"c{i}/q")) + ".", problem);
    }

    [Fact]
    public void A_crowded_later_position_is_named_too()
    {
        var problem = ModuleItemRules.BestPositionVaries(Module(Question("a", 2, "x", "y", "z"), Question("b", 2, "x", "y", "z"), Question("c", 0, "x", "y", "z")));

        Assert.StartsWith("confidentiality: the best option is option 3 in 2 of 3", problem);
    }

    [Fact]
    public void The_position_of_tied_best_options_is_the_first()
    {
        var node = SingleChoice("q", "end", Option("a", 0), Option("b", 2), Option("c", 2));

        Assert.Equal(1, ModuleItemRules.BestPosition(node));
    }

    /// <summary>One case with <paramref name="statements"/> true/false nodes in a row, the first <paramref name="keyedTrue"/> keyed True.</summary>
    static ModuleContent Statements(int keyedTrue, int statements) => Module(Case("tf",
        [.. Enumerable.Range(0, statements).Select(i => TrueFalse("s" + i, i + 1 < statements ? "s" + (i + 1) : "end", i < keyedTrue)),
         Ending("end", EndingOutcomes.Good)]));

    [Theory]
    [InlineData(7, 20)]   // 35%
    [InlineData(13, 20)]  // 65%
    [InlineData(10, 20)]
    [InlineData(2, 4)]
    [InlineData(1, 2)]
    [InlineData(2, 5)]
    [InlineData(3, 5)]
    public void True_false_keys_between_35_and_65_percent_true_are_balanced(int keyedTrue, int statements) =>
        Assert.Null(ModuleItemRules.TrueFalseKeysBalanced(Statements(keyedTrue, statements)));

    [Theory]
    [InlineData(6, 20, "30%", "7–13 of 20", "False", 6, 20)]
    [InlineData(14, 20, "70%", "7–13 of 20", "True", 0, 14)]
    [InlineData(1, 4, "25%", "2–2 of 4", "False", 1, 4)]
    [InlineData(3, 4, "75%", "2–2 of 4", "True", 0, 3)]
    [InlineData(0, 5, "0%", "2–3 of 5", "False", 0, 5)]
    public void True_false_keys_outside_35_to_65_percent_true_are_named_with_the_majority(
        int keyedTrue, int statements, string percent, string allowed, string side, int from, int to)
    {
        var problem = ModuleItemRules.TrueFalseKeysBalanced(Statements(keyedTrue, statements));

        Assert.Equal($"confidentiality: {keyedTrue} of {statements} true/false statements are keyed True ({percent}); 35–65% must be ({allowed}). " +
            $"Keyed {side}: " + string.Join(", ", Enumerable.Range(from, to - from).Select(i => $"tf/s{i}")) + ".", problem);
    }

    [Theory]
    [InlineData(1, 3)]
    [InlineData(2, 3)]
    [InlineData(1, 1)]
    public void Three_statements_or_one_can_never_be_balanced_and_the_message_says_so(int keyedTrue, int statements) =>
        Assert.Contains($"(no split of {statements} statements is; write more or fewer of them)", ModuleItemRules.TrueFalseKeysBalanced(Statements(keyedTrue, statements)));

    [Fact]
    public void A_module_without_true_false_statements_has_no_key_balance_to_keep() =>
        Assert.Null(ModuleItemRules.TrueFalseKeysBalanced(LongestBest(0, 3)));

    [Fact]
    public void A_statement_is_keyed_true_when_true_scores_more_than_false()
    {
        Assert.True(ModuleItemRules.KeyedTrue(TrueFalse("s", "end", keyedTrue: true)));
        Assert.False(ModuleItemRules.KeyedTrue(TrueFalse("s", "end", keyedTrue: false)));
    }

    static ModuleContent Cases(int cases, int supervisor) => Module([.. Enumerable.Range(0, cases).Select(i =>
        Case("c" + i, i < supervisor ? Perspectives.Supervisor : i % 2 == 0 ? Perspectives.Practitioner : Perspectives.Student,
            TrueFalse("s", "end", true), Ending("end", EndingOutcomes.Good)))]);

    [Fact]
    public void Ten_cases_are_enough_and_nine_are_not()
    {
        Assert.Null(ModuleItemRules.EnoughCases(Cases(10, 3)));
        Assert.Equal("confidentiality: 9 cases; at least 10 are needed.", ModuleItemRules.EnoughCases(Cases(9, 3)));
    }

    [Fact]
    public void Three_supervisor_cases_are_enough_and_two_are_named()
    {
        Assert.Null(ModuleItemRules.EnoughSupervisorCases(Cases(10, 3)));
        Assert.Equal("confidentiality: 2 cases with perspective 'supervisor' (c0, c1); at least 3 are needed, in which the delegate, " +
            "as supervisor, practice educator or manager, deals with someone else's conduct online.", ModuleItemRules.EnoughSupervisorCases(Cases(10, 2)));
        Assert.StartsWith("confidentiality: 0 cases with perspective 'supervisor' (none);", ModuleItemRules.EnoughSupervisorCases(Cases(10, 0)));
    }

    [Fact]
    public void A_module_with_a_select_text_question_has_one_and_one_without_is_named()
    {
        var withOne = Module("discrimination", Case("st",
            SelectText("s", "end", Plain("On "), Phrase("w", true, "Ward 7"), Plain(" "), Phrase("t", false, "today")), Ending("end", EndingOutcomes.Good)));

        Assert.Null(ModuleItemRules.HasSelectText(withOne));
        Assert.Equal("discrimination: no select-text question (the delegate marks the phrases of a post that matter); at least one is needed.",
            ModuleItemRules.HasSelectText(Module("discrimination", Question("c", 0, "a", "b", "c"))));
    }
}
