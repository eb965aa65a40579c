using ELearning.Api.Content;

namespace ELearning.Tests.Content.ItemWriting;

/// <summary>The per-module item-writing rules over the real content set, one result per module.</summary>
public sealed class RealModuleItemTests(RealCatalog real) : IClassFixture<RealCatalog>
{
    public static TheoryData<string> Modules => [.. ContentLoader.ModuleIds];

    void AssertKept(string moduleId, Func<ModuleContent, string?> rule)
    {
        var problem = rule(real.Catalog.FindModule(moduleId)!);
        Assert.True(problem is null, problem);
    }

    [Theory, MemberData(nameof(Modules))]
    public void The_best_option_is_the_strictly_longest_in_at_most_a_third_of_a_modules_single_choice_questions(string moduleId) =>
        AssertKept(moduleId, ModuleItemRules.BestIsLongestInAtMostAThird);

    [Theory, MemberData(nameof(Modules))]
    public void No_position_holds_the_best_option_in_more_than_half_of_a_modules_single_choice_questions(string moduleId) =>
        AssertKept(moduleId, ModuleItemRules.BestPositionVaries);

    [Theory, MemberData(nameof(Modules))]
    public void Between_35_and_65_percent_of_a_modules_true_false_statements_are_keyed_true(string moduleId) =>
        AssertKept(moduleId, ModuleItemRules.TrueFalseKeysBalanced);

    [Theory, MemberData(nameof(Modules))]
    public void A_module_has_at_least_ten_cases(string moduleId) =>
        AssertKept(moduleId, ModuleItemRules.EnoughCases);

    [Theory, MemberData(nameof(Modules))]
    public void A_module_has_at_least_three_cases_from_the_supervisors_perspective(string moduleId) =>
        AssertKept(moduleId, ModuleItemRules.EnoughSupervisorCases);

    [Fact]
    public void The_discrimination_module_has_a_select_the_details_question() =>
        AssertKept("discrimination", ModuleItemRules.HasSelectText);
}
