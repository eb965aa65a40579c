using ELearning.Api;
using ELearning.Api.Assessment;
using ELearning.Api.Content;
using ELearning.Api.Tracking;
using ELearning.Api.Tracking.Xapi;
using ELearning.Tests.Support;

namespace ELearning.Tests.Tracking;

/// <summary>Every kind of statement the profile can produce, for every node and answer shape, is valid to a real LRS.</summary>
[Collection(LrsCollection.Name)]
public sealed class ProfileAcceptanceTests(LrsFixture lrs, Xunit.Abstractions.ITestOutputHelper output)
{
    public static TheoryData<string> Courses()
    {
        var courses = new TheoryData<string> { "fixture" };
        // The real course joins in once its case files exist.
        if (Directory.Exists(Path.Combine(ELearningApp.RealContent, "scenarios")) &&
            Directory.EnumerateFiles(Path.Combine(ELearningApp.RealContent, "scenarios"), "*.json", SearchOption.AllDirectories)
                .Any(f => !f.Contains("schema") && !f.Contains("guidance")))
            courses.Add("real");
        return courses;
    }

    [Theory]
    [MemberData(nameof(Courses))]
    public async Task Every_statement_the_profile_can_produce_is_accepted_by_the_LRS(string course)
    {
        var catalog = ContentLoader.Load(course == "fixture" ? ELearningApp.FixtureContent : ELearningApp.RealContent);
        var app = new AppOptions { PublicBaseUrl = "https://learn.example.nhs.uk/" };
        var variants = new[]
        {
            ProfileSettings.From(app, new XapiOptions(), catalog.Course),
            ProfileSettings.From(app, new XapiOptions { Actor = "mbox", SendReflectionText = false, ActivityBaseIri = "https://iri.example/elearning/" }, catalog.Course),
        };

        var statements = variants.SelectMany(s => Everything(s, catalog)).ToList();
        var client = lrs.Client();
        foreach (var batch in statements.Chunk(100))
        {
            var response = await client.PostStatementsJsonAsync(System.Text.Json.JsonSerializer.Serialize(batch, XapiJson.Options), CancellationToken.None);
            Assert.True(response.IsSuccess, $"{(int)response.Status}: {response.Body}");
        }
        Assert.Equal(statements[^1].Id, (await client.GetStatementAsync(statements[^1].Id, CancellationToken.None))?.Id);
        output.WriteLine($"{course}: {statements.Count} statements accepted");
    }

    static IEnumerable<Statement> Everything(ProfileSettings s, Catalog catalog)
    {
        var at = DateTimeOffset.UtcNow.AddMinutes(-1);
        var actor = StatementProfile.Actor(s, Guid.NewGuid(), "delegate@example.org");
        foreach (var module in catalog.Modules)
        {
            foreach (var statement in StatementProfile.Started(s, Guid.NewGuid(), actor, module, at)) yield return statement;
            foreach (var @case in module.Cases)
                foreach (var node in @case.Nodes)
                    foreach (var response in Responses(node))
                    {
                        var scored = Scoring.Score(node, response);
                        foreach (var next in new[] { Navigation.After(module, @case, node, scored.NextNodeId), null })
                            foreach (var statement in StatementProfile.Answered(s, new AnswerEvent(Guid.NewGuid(), actor, module, @case, node, response, scored,
                                         next, at, TimeSpan.FromSeconds(42.123), new CaseTally(@case.MaxScore, TimeSpan.FromMinutes(4)))))
                                yield return statement;
                    }
            foreach (var raw in new[] { 0, module.MaxScore / 2, module.MaxScore })
                foreach (var statement in StatementProfile.Completed(s, Guid.NewGuid(), actor, module,
                             Scoring.Result(raw, module.MaxScore, module.Definition.PassMark), at, TimeSpan.FromMinutes(25)))
                    yield return statement;
            var session = Guid.NewGuid();
            yield return StatementProfile.Suspended(s, session, actor, module, at, TimeSpan.FromMinutes(5), 1);
            yield return StatementProfile.Resumed(s, session, actor, module, at, 2);

            // In a workshop: the same statements with an instructor and the session in grouping, then attended.
            var workshop = new WorkshopSession(Guid.NewGuid(), "Ward 7 supervisors", Guid.NewGuid(), "Sam Okafor", "sam.okafor@example.nhs.uk");
            foreach (var statement in StatementProfile.InWorkshop(s, StatementProfile.Started(s, Guid.NewGuid(), actor, module, at), workshop)) yield return statement;
            foreach (var statement in StatementProfile.InWorkshop(s, StatementProfile.Completed(s, Guid.NewGuid(), actor, module,
                         Scoring.Result(module.MaxScore, module.MaxScore, module.Definition.PassMark), at, TimeSpan.FromMinutes(25)), workshop))
                yield return statement;
            yield return StatementProfile.Attended(s, workshop, Guid.NewGuid(), actor, at.AddHours(-3), at);
        }
    }

    /// <summary>Each option alone, none, all, and the exactly right set; a reflection with awkward text.</summary>
    static IEnumerable<LearnerResponse> Responses(CaseNode node)
    {
        switch (node.Type)
        {
            case NodeTypes.SingleChoice:
                foreach (var c in node.Choices) yield return new() { Choices = [c.Id] };
                break;
            case NodeTypes.TrueFalse:
                yield return new() { Value = true };
                yield return new() { Value = false };
                break;
            case NodeTypes.MultipleResponse or NodeTypes.SelectText:
                var ids = node.MarkableItems.Select(i => i.Id).ToList();
                var sets = new List<IReadOnlyList<string>> { Array.Empty<string>(), ids, node.MarkableItems.Where(i => i.Correct).Select(i => i.Id).ToList() };
                sets.AddRange(ids.Select(id => (IReadOnlyList<string>)new[] { id }));
                foreach (var set in sets)
                    yield return node.Type == NodeTypes.SelectText ? new() { Selected = set } : new() { Choices = set };
                break;
            case NodeTypes.Reflection:
                yield return new() { Text = "I'd ask first — \"consent\" matters.\nLine two: <b>not html</b> & ünïcödé 🙂" };
                yield return new() { Text = new string('x', LearnerResponse.MaxReflectionLength) };
                break;
            default:
                yield return new() { Acknowledged = true };
                break;
        }
    }
}
