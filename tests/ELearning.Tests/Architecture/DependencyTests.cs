using System.Text.RegularExpressions;
using ELearning.Api.Assessment;
using ELearning.Api.Identity;

namespace ELearning.Tests.Architecture;

/// <summary>
/// The dependency rule between the API's features (docs/architecture.md): dependencies run one way, and a feature
/// that reacts to another's work subscribes to its events instead of being called by it.
/// </summary>
public sealed partial class DependencyTests
{
    /// <summary>
    /// Which features each feature may use. Every feature may also use the shared kernel (namespace ELearning.Api and
    /// ELearning.Api.Infrastructure: options, ProblemDetails helpers); Program.cs composes them all.
    /// </summary>
    static readonly Dictionary<string, string[]> Allowed = new()
    {
        ["Content"] = [],
        ["Data"] = [],
        ["Pdf"] = [],
        ["Player"] = [],
        ["Identity"] = ["Data"],
        ["Assessment"] = ["Content", "Identity", "Data"],
        ["Tracking"] = ["Assessment", "Workshops", "Content", "Identity", "Data"],
        ["Lms"] = ["Assessment", "Tracking", "Content", "Identity", "Data"],
        ["Certificates"] = ["Assessment", "Tracking", "Workshops", "Pdf", "Content", "Identity", "Data"],
        ["Admin"] = ["Assessment", "Content", "Identity", "Data"],
        ["Workshops"] = ["Assessment", "Content", "Identity", "Data"],
    };

    const string Kernel = "Infrastructure";

    static readonly Type[] ApiTypes = typeof(Program).Assembly.GetTypes();

    /// <summary>ELearning.Api.Lms.Cmi5 → Lms; ELearning.Api → the shared kernel; anything else (Program, generated code) → none.</summary>
    static string? FeatureOf(Type type) => type.Namespace switch
    {
        "ELearning.Api" => Kernel,
        { } ns when ns.StartsWith("ELearning.Api.", StringComparison.Ordinal) => ns.Split('.')[2],
        _ => null,
    };

    static IEnumerable<(string From, string To, Type Source, Type Target)> CrossFeatureReferences() =>
        from source in ApiTypes
        let user = FeatureOf(source)
        where user is not null
        from target in TypeReferences.Of(source)
        let used = FeatureOf(target)
        where used is not null && used != user
        select (user, used, source, target);

    [Fact]
    public void No_feature_references_one_it_must_not()
    {
        var violations = CrossFeatureReferences()
            .Where(r => r.To != Kernel && !(Allowed.TryGetValue(r.From, out var may) && may.Contains(r.To)))
            .GroupBy(r => (r.From, r.To))
            .Select(g => $"{g.Key.From} → {g.Key.To}: {string.Join(", ", g.Select(r => $"{Name(r.Source)} uses {Name(r.Target)}").Distinct().Take(5))}")
            .ToList();

        Assert.True(violations.Count == 0, "Dependencies that docs/architecture.md does not allow:\n" + string.Join("\n", violations));
    }

    [Fact]
    public void The_shared_kernel_depends_on_no_feature()
    {
        var used = CrossFeatureReferences().Where(r => r.From == Kernel).Select(r => $"{Name(r.Source)} uses {Name(r.Target)}").Distinct().ToList();

        Assert.True(used.Count == 0, string.Join("\n", used));
    }

    [Fact]
    public void Every_feature_folder_is_on_the_map()
    {
        var features = ApiTypes.Select(FeatureOf).OfType<string>().Where(f => f != Kernel).ToHashSet();

        Assert.Empty(features.Except(Allowed.Keys));
    }

    [Fact]
    public void Assessment_knows_none_of_the_features_that_react_to_it()
    {
        var reacting = new[] { "Tracking", "Certificates", "Lms" };

        Assert.DoesNotContain(CrossFeatureReferences(), r => r.From == "Assessment" && reacting.Contains(r.To));
        Assert.Contains(ApiTypes, t => FeatureOf(t) == "Tracking" && t.IsAssignableTo(typeof(IAttemptEventHandler)));
        Assert.Contains(ApiTypes, t => FeatureOf(t) == "Certificates" && t.IsAssignableTo(typeof(IModuleCompletedHandler)));
    }

    /// <summary>The scanner reads method bodies: AttemptEndpoints names no Identity type in a signature, only calls CurrentUser inside async handlers.</summary>
    [Fact]
    public void References_made_only_inside_async_method_bodies_are_seen()
    {
        var fromAttemptEndpoints = ApiTypes.Where(t => t == typeof(AttemptEndpoints) || t.FullName!.StartsWith(typeof(AttemptEndpoints).FullName + "+"))
            .SelectMany(TypeReferences.Of);

        Assert.Contains(typeof(CurrentUser), fromAttemptEndpoints);
    }

    [Fact]
    public void The_map_is_the_one_docs_architecture_md_shows()
    {
        var documented = new Dictionary<string, string[]>();
        foreach (var line in File.ReadLines(Path.Combine(Repo.Root, "docs", "architecture.md")))
        {
            if (FeatureRow().Match(line) is not { Success: true } row) continue;
            var feature = row.Groups["feature"].Value;
            if (feature == Kernel) continue;
            documented[feature] = [.. Backticked().Matches(row.Groups["uses"].Value).Select(m => m.Groups[1].Value)];
        }

        Assert.Equal(Allowed.Keys.Order(), documented.Keys.Order());
        foreach (var (feature, may) in Allowed)
            Assert.True(may.Order().SequenceEqual(documented[feature].Order()),
                $"{feature}: the test allows {string.Join(", ", may)}; docs/architecture.md says {string.Join(", ", documented[feature])}");
    }

    static string Name(Type t) => t.DeclaringType is { } outer && t.Name.StartsWith('<') ? Name(outer) : t.Name;

    // | `api/Assessment` | what it holds | `Content`, `Identity`, `Data` |
    [GeneratedRegex(@"^\|\s*`api/(?<feature>\w+)`\s*\|[^|]*\|(?<uses>[^|]*)\|\s*$")]
    private static partial Regex FeatureRow();

    [GeneratedRegex(@"`(\w+)`")]
    private static partial Regex Backticked();
}
