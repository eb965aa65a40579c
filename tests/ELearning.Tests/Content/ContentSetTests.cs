using System.Text.RegularExpressions;
using ELearning.Api.Content;
using Xunit.Abstractions;

namespace ELearning.Tests.Content;

/// <summary>
/// Loads the real course (course/ and scenarios/ at the repository root) once, with the API's own loader,
/// so schema and graph errors fail here exactly as they would stop the server.
/// </summary>
public sealed class RealCatalog
{
    public string Root { get; }
    public Catalog Catalog { get; }

    public RealCatalog()
    {
        Root = FindRoot();
        Catalog = ContentLoader.Load(Root);
    }

    static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "course", "course.json")) &&
                File.Exists(Path.Combine(dir.FullName, "scenarios", "guidance", "clauses.json")))
                return dir.FullName;
        throw new InvalidOperationException("Could not find the repository root (course/course.json) above " + AppContext.BaseDirectory);
    }
}

public sealed class ContentSetTests(RealCatalog real, ITestOutputHelper output) : IClassFixture<RealCatalog>
{
    Catalog Catalog => real.Catalog;
    IReadOnlyList<Case> Cases => [.. Catalog.AllCases];

    static readonly string[] DecisionTypes = [NodeTypes.SingleChoice, NodeTypes.TrueFalse, NodeTypes.MultipleResponse, NodeTypes.SelectText];

    static IEnumerable<string> CitationsOf(Case @case) =>
        @case.Nodes.SelectMany(n => n.Citations
            .Concat(n.Choices.SelectMany(c => c.Citations))
            .Concat(n.Items.SelectMany(i => i.Citations))
            .Concat(n.Segments.Select(s => s.Item).OfType<MarkedItem>().SelectMany(i => i.Citations)));

    [Fact]
    public void The_real_content_loads_and_every_module_has_cases() =>
        Assert.All(Catalog.Modules, m => Assert.NotEmpty(m.Cases));

    [Fact]
    public void Every_clause_in_the_registry_is_cited_by_at_least_one_case()
    {
        var cited = Cases.SelectMany(CitationsOf).ToHashSet();
        var uncited = Catalog.Clauses.Keys.Where(id => !cited.Contains(id)).Order().ToList();
        Assert.True(uncited.Count == 0, "Clauses never cited: " + string.Join(", ", uncited));
    }

    [Fact]
    public void Every_clause_quote_is_verbatim_from_its_source_file()
    {
        var guidance = Path.Combine(real.Root, "..", "shared", "guidance");
        var folder = Directory.Exists(guidance) ? guidance : null;
        if (folder is null) return; // the guidance texts live outside the repository; checked when present
        foreach (var clause in Catalog.Clauses.Values)
        {
            var path = Path.Combine(folder, clause.Source);
            Assert.True(File.Exists(path), $"{clause.Id}: source file '{clause.Source}' not found");
            Assert.Contains(clause.Quote, File.ReadAllText(path));
        }
    }

    [Fact]
    public void Each_case_has_two_decisions_a_consequence_a_summary_and_two_or_three_discussion_prompts()
    {
        Assert.All(Cases, c =>
        {
            Assert.True(c.Nodes.Count(n => DecisionTypes.Contains(n.Type)) >= 2, $"{c.Id}: fewer than two decision points");
            Assert.True(c.Nodes.Any(n => n.Type == NodeTypes.Consequence), $"{c.Id}: no consequence node");
            Assert.False(string.IsNullOrWhiteSpace(c.Summary), $"{c.Id}: no summary");
            Assert.InRange(c.DiscussionPrompts.Length, 2, 3);
        });
    }

    [Fact]
    public void A_consequence_is_reached_only_from_some_options()
    {
        Assert.All(Cases, c =>
        {
            var branching = c.Nodes.Where(n => n.Choices.Length > 0)
                .Any(n => n.Choices.Any(o => IsConsequence(c, o.Next ?? n.Next)) && n.Choices.Any(o => !IsConsequence(c, o.Next ?? n.Next)));
            Assert.True(branching, $"{c.Id}: no choice leads to a consequence for some options but not others");
        });

        static bool IsConsequence(Case c, string? id) => id is not null && c.FindNode(id)?.Type == NodeTypes.Consequence;
    }

    [Fact]
    public void Every_node_type_is_used_and_each_module_has_true_false_reflection_and_a_marking_question()
    {
        var used = Cases.SelectMany(c => c.Nodes).Select(n => n.Type).ToHashSet();
        Assert.All(NodeTypes.All, t => Assert.Contains(t, used));
        foreach (var module in Catalog.Modules)
        {
            var types = module.Cases.SelectMany(c => c.Nodes).Select(n => n.Type).ToHashSet();
            Assert.True(types.Contains(NodeTypes.TrueFalse), $"{module.Id}: no true-false node");
            Assert.True(types.Contains(NodeTypes.Reflection), $"{module.Id}: no reflection node");
            Assert.True(types.Contains(NodeTypes.SelectText) || types.Contains(NodeTypes.MultipleResponse), $"{module.Id}: no select-text or multiple-response node");
        }
    }

    [Fact]
    public void Every_topic_is_covered_by_at_least_two_cases()
    {
        string[] topics = ["confidentiality-and-photos", "service-user-contact", "supervisor-trainee-power", "promotional-accuracy",
            "views-my-own", "misinformation", "discrimination", "bullying-and-harassment", "privacy-settings",
            "historic-posts", "employer-policy", "work-groups"];
        foreach (var topic in topics)
        {
            var count = Cases.Count(c => c.Topics.Contains(topic));
            Assert.True(count >= 2, $"Topic '{topic}' is covered by {count} case(s); at least 2 are needed.");
        }
    }

    [Fact]
    public void At_least_a_quarter_of_cases_are_post_better()
    {
        var share = (double)Cases.Count(c => c.BestResponse == "post-better") / Cases.Count;
        Assert.True(share >= 0.25, $"Only {share:P0} of cases are post-better.");
    }

    [Fact]
    public void No_two_cases_share_a_title_or_a_near_identical_narrative()
    {
        foreach (var duplicate in Cases.GroupBy(c => c.Title.Trim().ToLowerInvariant()).Where(g => g.Count() > 1))
            Assert.Fail("Title used more than once: " + duplicate.Key);

        var trigrams = Cases.ToDictionary(c => c.Id, c => Trigrams(string.Join(' ', c.Narrative)));
        for (var i = 0; i < Cases.Count; i++)
            for (var j = i + 1; j < Cases.Count; j++)
            {
                var a = trigrams[Cases[i].Id];
                var b = trigrams[Cases[j].Id];
                var jaccard = (double)a.Intersect(b).Count() / a.Union(b).Count();
                Assert.True(jaccard < 0.5, $"{Cases[i].Id} and {Cases[j].Id} have near-identical narratives (Jaccard {jaccard:F2}).");
            }
    }

    [Fact]
    public void Every_option_and_marked_item_has_feedback_and_cites_a_clause()
    {
        foreach (var @case in Cases)
            foreach (var node in @case.Nodes)
            {
                foreach (var option in node.Choices)
                {
                    Assert.False(string.IsNullOrWhiteSpace(option.Feedback), $"{@case.Id}/{node.Id}/{option.Id}: no feedback");
                    Assert.False(option.Citations.IsDefaultOrEmpty, $"{@case.Id}/{node.Id}/{option.Id}: no citation");
                }
                foreach (var item in node.MarkableItems)
                {
                    Assert.False(string.IsNullOrWhiteSpace(item.Feedback), $"{@case.Id}/{node.Id}/{item.Id}: no feedback");
                    Assert.False(item.Citations.IsDefaultOrEmpty, $"{@case.Id}/{node.Id}/{item.Id}: no citation");
                }
            }
    }

    [Fact]
    public void Select_text_segments_reproduce_the_post_text()
    {
        foreach (var @case in Cases)
            foreach (var node in @case.Nodes.Where(n => n.Type == NodeTypes.SelectText))
            {
                Assert.Equal(@case.Post?.Text, string.Concat(node.Segments.Select(s => s.Item?.Text ?? s.Text)));
                Assert.True(node.MarkableItems.Count(i => !i.Correct) >= 2, $"{@case.Id}/{node.Id}: fewer than two non-identifying phrases to judge");
            }
    }

    [Fact]
    public void Prints_the_per_module_counts()
    {
        foreach (var module in Catalog.Modules)
        {
            var nodes = module.Cases.SelectMany(c => c.Nodes).ToList();
            var types = string.Join(", ", NodeTypes.All.Select(t => $"{t} {nodes.Count(n => n.Type == t)}"));
            output.WriteLine($"{module.Id}: {module.Cases.Length} cases, max {module.MaxScore}; " +
                $"consequences {nodes.Count(n => n.Type == NodeTypes.Consequence)}, reflections {nodes.Count(n => n.Type == NodeTypes.Reflection)}, " +
                $"post-better {module.Cases.Count(c => c.BestResponse == "post-better")}; nodes: {types}");
        }
        output.WriteLine($"total: {Cases.Count} cases, {Catalog.Clauses.Count} clauses");
        Assert.NotEmpty(Cases);
    }

    static HashSet<string> Trigrams(string text)
    {
        var words = Regex.Split(text.ToLowerInvariant(), "[^a-z0-9]+").Where(w => w.Length > 0).ToArray();
        return [.. Enumerable.Range(0, Math.Max(0, words.Length - 2)).Select(i => $"{words[i]} {words[i + 1]} {words[i + 2]}")];
    }
}
