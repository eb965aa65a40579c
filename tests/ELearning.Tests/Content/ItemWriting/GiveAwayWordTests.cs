using ELearning.Api.Content;
using static ELearning.Tests.Content.ItemWriting.InMemory;

namespace ELearning.Tests.Content.ItemWriting;

/// <summary>True/false statements carry none of the words that let a delegate answer from the wording (CONTENT-RULES.md rule 5).</summary>
public sealed class GiveAwayWordTests
{
    static IReadOnlyList<ContentError> CheckPrompt(string prompt) =>
        CaseRules.Check(Case("tf", TrueFalse("q", "end", keyedTrue: false, prompt), Ending("end", EndingOutcomes.Good)), Clauses);

    public static TheoryData<string> EveryWord => [.. CaseRules.GiveAwayWords];

    [Theory]
    [MemberData(nameof(EveryWord))]
    public void Each_give_away_word_in_a_true_false_prompt_is_named(string word)
    {
        var error = Assert.Single(CheckPrompt($"A registrant {word} posts it."));

        Assert.Equal("$.nodes[0].prompt", error.Path);
        Assert.Equal($"Case 'tf': true/false node 'q' has the give-away word '{word}' in its prompt; a delegate can answer from the wording alone. " +
            "Write a statement whose truth depends on the case and the guidance.", error.Message);
    }

    [Fact]
    public void The_list_is_the_one_agreed_with_the_authors() =>
        Assert.Equal(["always", "never", "can't", "cannot", "nobody", "no one", "everyone", "everybody", "guaranteed", "guarantee",
            "completely", "entirely", "totally", "fault", "only"], CaseRules.GiveAwayWords.ToArray());

    [Fact]
    public void Several_give_away_words_are_named_together()
    {
        var error = Assert.Single(CheckPrompt("Only a private account can never be seen."));

        Assert.Contains("the give-away words 'never', 'only' in its prompt", error.Message);
    }

    [Theory]
    [InlineData("ALWAYS check first.", "always")]
    [InlineData("You can’t post it.", "can't")]
    [InlineData("You can‘t post it.", "can't")]
    [InlineData("No-one will see it.", "no one")]
    [InlineData("No\none will see it.", "no one")]
    [InlineData("It is everyone's concern.", "everyone")]
    [InlineData("'Only' the team sees it.", "only")]
    [InlineData("It's (entirely) private.", "entirely")]
    public void Words_are_found_whatever_their_case_apostrophe_hyphen_or_punctuation(string prompt, string word) =>
        Assert.Equal([word], CaseRules.GiveAwayWordsIn(prompt));

    [Theory]
    [InlineData("Such posts commonly spread.")]
    [InlineData("Nevertheless the post is private.")]
    [InlineData("Her faults are not the point.")]
    [InlineData("The post is guaranteeable.")]
    [InlineData("Piano one is on the ward.")]
    [InlineData("Only1 and 2always are codes.")]
    [InlineData("The photo could identify the patient.")]
    public void Words_inside_longer_words_are_not_give_aways(string prompt)
    {
        Assert.Empty(CaseRules.GiveAwayWordsIn(prompt));
        Assert.Empty(CheckPrompt(prompt));
    }

    [Fact]
    public void A_single_choice_prompt_may_use_the_words()
    {
        var question = SingleChoice("q", null, Option("a", 2, "end"), Option("p", 0, "end-poor"), Option("m", 1, "end-poor")) with { Prompt = "What do you always do?" };

        Assert.Empty(CaseRules.Check(Case("sc", question, Ending("end", EndingOutcomes.Good), Ending("end-poor", EndingOutcomes.Poor)), Clauses));
    }

    [Fact]
    public void No_prompt_has_no_give_away_words() => Assert.Empty(CaseRules.GiveAwayWordsIn(null));
}
