using ELearning.Api.Content;
using Xunit.Abstractions;

namespace ELearning.Tests.Content.ItemWriting;

/// <summary>
/// The assessment backs a CPD certificate, so a delegate who does not read the case does not pass: walked through
/// every real module with the API's own Scoring, following the branches their answers lead to.
/// </summary>
public sealed class CueOnlyDelegateTests(RealCatalog real, ITestOutputHelper output) : IClassFixture<RealCatalog>
{
    public const int RandomRuns = 2000;

    /// <summary>"Well under 1%": at most one run in 200.</summary>
    public const int MostRandomPasses = RandomRuns / 200;

    public static TheoryData<string, string> ModulesAndCueOnlyDelegates
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (var module in ContentLoader.ModuleIds)
                foreach (var cues in CueStrategies.CueOnlyDelegates.Keys)
                    data.Add(module, cues);
            return data;
        }
    }

    public static TheoryData<string> Modules => [.. ContentLoader.ModuleIds];

    [Theory, MemberData(nameof(ModulesAndCueOnlyDelegates))]
    public void A_delegate_who_answers_from_length_and_wording_alone_does_not_pass(string moduleId, string cues)
    {
        var module = real.Catalog.FindModule(moduleId)!;
        var strategy = CueStrategies.CueOnlyDelegates[cues];

        var result = DelegateWalk.Play(module, strategy, new Random(0));

        output.WriteLine($"{moduleId}, {cues}: {result.Raw} of {result.Max} ({Percent(result.Scaled)})");
        var fullMarks = module.Cases.Where(c => DelegateWalk.Play(c, strategy, new Random(0)) == c.MaxScore).Select(c => c.Id);
        Assert.False(result.Passed,
            $"{moduleId}: a delegate who does not read the case passes by answering '{cues}': {result.Raw} of {result.Max} " +
            $"({Percent(result.Scaled)}; pass mark {Percent(module.Definition.PassMark)}). Full marks that way in: {string.Join(", ", fullMarks)}.");
    }

    [Theory, MemberData(nameof(Modules))]
    public void A_delegate_who_answers_at_random_passes_in_well_under_one_percent_of_runs(string moduleId)
    {
        var passes = DelegateWalk.RandomPasses(real.Catalog.FindModule(moduleId)!, RandomRuns, seed: 12);

        output.WriteLine($"{moduleId}: random answering passed {passes} of {RandomRuns} runs");
        Assert.True(passes <= MostRandomPasses,
            $"{moduleId}: random answering passed {passes} of {RandomRuns} runs; at most {MostRandomPasses} (0.5%) may.");
    }

    static string Percent(double fraction) => $"{Math.Round(fraction * 100):0}%";
}
