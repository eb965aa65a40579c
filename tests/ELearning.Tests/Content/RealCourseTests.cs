using System.Net.Http.Json;
using System.Text.Json;
using ELearning.Api.Content;
using ELearning.Tests.Support;

namespace ELearning.Tests.Content;

/// <summary>The shipped course, through the API: every module can be walked, and the best path earns a pass at 100%.</summary>
public sealed class RealCourseTests : IAsyncLifetime
{
    readonly ELearningApp app = new(contentRoot: ELearningApp.RealContent);
    readonly Catalog catalog = ContentLoader.Load(ELearningApp.RealContent);
    public Task InitializeAsync() => Task.CompletedTask;
    public Task DisposeAsync() => app.DisposeAsync().AsTask();

    [Fact]
    public async Task Every_module_walks_to_full_marks_on_its_best_path()
    {
        var delegate_ = await app.SignInAsync();
        foreach (var module in catalog.Modules)
        {
            var attempt = await delegate_.StartAsync(module.Id);
            var (caseId, nodeId) = (attempt.CaseId, attempt.NodeId);
            for (var steps = 0; steps < 500; steps++)
            {
                var node = module.FindCase(caseId)!.FindNode(nodeId)!;
                var outcome = await delegate_.AnswerOkAsync(attempt.AttemptId, caseId, nodeId, BestResponse(module.FindCase(caseId)!, node));
                var next = outcome.GetProperty("next");
                if (next.ValueKind == JsonValueKind.Null) break;
                (caseId, nodeId) = (next.GetProperty("caseId").GetString()!, next.GetProperty("nodeId").GetString()!);
            }

            var result = await (await delegate_.Http.PostAsync($"/api/attempts/{attempt.AttemptId}/complete", null)).Content.ReadFromJsonAsync<JsonElement>();

            Assert.Equal(1.0, result.GetProperty("scaled").GetDouble());
            Assert.Equal(module.MaxScore, result.GetProperty("max").GetInt32());
            Assert.True(result.GetProperty("passed").GetBoolean(), module.Id);
        }
    }

    [Fact]
    public async Task Every_case_of_the_real_course_is_served_without_its_answer_key()
    {
        var client = app.CreateClient();
        foreach (var @case in catalog.AllCases)
        {
            var json = await client.GetFromJsonAsync<JsonElement>($"/api/modules/{@case.Module}/cases/{@case.Id}");
            var names = PropertyNames(json).ToHashSet();
            foreach (var secret in new[] { "score", "correct", "feedback", "citations", "next", "outcome", "summary", "discussionPrompts" })
                Assert.False(names.Contains(secret), $"{@case.Id} serves '{secret}'");
        }
    }

    [Fact]
    public void No_option_or_phrase_id_gives_the_answer_away()
    {
        string[] giveaways = ["correct", "incorrect", "right", "wrong", "best", "worst", "good", "bad", "poor", "ideal", "true-answer"];
        var ids = catalog.AllCases.SelectMany(c => c.Nodes.SelectMany(n =>
            n.Choices.Where(_ => n.Type != NodeTypes.TrueFalse).Select(o => (c.Id, o.Id)).Concat(n.MarkableItems.Select(i => (c.Id, i.Id)))));

        Assert.Empty(ids.Where(p => giveaways.Contains(p.Item2)));
    }

    static IEnumerable<string> PropertyNames(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().SelectMany(p => PropertyNames(p.Value).Prepend(p.Name)),
        JsonValueKind.Array => element.EnumerateArray().SelectMany(PropertyNames),
        _ => [],
    };

    /// <summary>The answer on the best path: the option whose score plus the best of what follows is highest.</summary>
    static object BestResponse(Case @case, CaseNode node) => node.Type switch
    {
        NodeTypes.SingleChoice => new { choices = new[] { BestChoice(@case, node).Id } },
        NodeTypes.TrueFalse => new { value = BestChoice(@case, node).Id == "true" },
        NodeTypes.MultipleResponse => new { choices = node.Items.Where(i => i.Correct).Select(i => i.Id).ToArray() },
        NodeTypes.SelectText => new { selected = node.MarkableItems.Where(i => i.Correct).Select(i => i.Id).ToArray() },
        NodeTypes.Reflection => new { text = "I will check my trust's policy before I post, and ask myself who could recognise the person." },
        _ => new { },
    };

    static ChoiceOption BestChoice(Case @case, CaseNode node) =>
        node.Choices.MaxBy(c => c.Score + CaseRules.BestPathScore(@case with { Start = c.Next ?? node.Next! }))!;
}
