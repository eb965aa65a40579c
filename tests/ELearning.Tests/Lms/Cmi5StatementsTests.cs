using System.Text.Json;
using ELearning.Api.Lms;
using ELearning.Api.Lms.Cmi5;
using ELearning.Api.Tracking.Xapi;

namespace ELearning.Tests.Lms;

/// <summary>The cmi5 statement set (cmi5 9.x) as pure functions of a launch.</summary>
public sealed class Cmi5StatementsTests
{
    static readonly DateTimeOffset at = new(2026, 11, 23, 10, 0, 0, TimeSpan.FromHours(1));
    static readonly Agent actor = Agent.WithAccount("https://lms.example", "learner-1");
    const string Template = """
        {"contextActivities":{"grouping":{"id":"https://lms.example/course"},"category":[{"id":"https://lms.example/cat"}]},
         "extensions":{"https://w3id.org/xapi/cmi5/context/extensions/sessionid":"lms-session-1"},"registration":"00000000-0000-0000-0000-000000000000"}
        """;

    static LmsLaunch Launch(string mode = "Normal", double? mastery = 0.8, string? template = Template) => new(
        Guid.Parse("6c8d5a0e-0a43-4d84-9f1b-0a6a9f4b2c11"), Guid.NewGuid(), Guid.NewGuid(), LaunchKinds.Cmi5, new Uri("https://lms.example/xapi/"), "Basic secret",
        actor, Guid.Parse("a1b2c3d4-0000-4000-8000-000000000001"), "https://lms.example/au/1", template,
        Cmi5Statements.SessionIdIn(template) ?? "ours", mode, mastery, "https://lms.example/back", at, at, null);

    static string[] Categories(Statement s) => [.. s.Context!.ContextActivities!.Category!.Select(a => a.Id)];

    [Fact]
    public void Initialized_is_about_the_launch_activity_with_the_cmi5_category_the_template_and_the_lms_session_id()
    {
        var s = Cmi5Statements.Initialized(Launch(), at);

        Assert.Equal(Verbs.Initialized, s.Verb);
        Assert.Equal("https://lms.example/au/1", s.Target.Id);
        Assert.Equal(actor, s.Actor);
        Assert.Equal(Guid.Parse("a1b2c3d4-0000-4000-8000-000000000001"), s.Context!.Registration);
        Assert.Equal(["https://lms.example/cat", Cmi5Statements.Cmi5Category], Categories(s));
        Assert.Equal("https://lms.example/course", Assert.Single(s.Context.ContextActivities!.Grouping!).Id);
        Assert.Equal("lms-session-1", s.Context.Extensions![Cmi5Statements.SessionIdExtension].GetString());
        Assert.Equal(TimeSpan.Zero, s.Timestamp!.Value.Offset);
        Assert.Null(s.Result);
    }

    [Fact]
    public void Without_a_session_id_in_the_template_ours_is_used_and_ids_are_stable_per_launch_and_verb()
    {
        var launch = Launch(template: null);
        var s = Cmi5Statements.Terminated(launch, at, TimeSpan.FromMinutes(3));

        Assert.Equal("ours", s.Context!.Extensions![Cmi5Statements.SessionIdExtension].GetString());
        Assert.Equal(TimeSpan.FromMinutes(3), s.Result!.Duration);
        Assert.Equal(s.Id, Cmi5Statements.Terminated(launch, at.AddMinutes(1), TimeSpan.Zero).Id);
        Assert.NotEqual(s.Id, Cmi5Statements.Initialized(launch, at).Id);
    }

    [Fact]
    public void A_normal_session_reaching_the_mastery_score_is_completed_then_passed_with_score_and_masteryscore()
    {
        var result = Cmi5Statements.Result(Launch(mastery: 0.8), 0.8, 4, 5, passedOurPassMark: false, new HashSet<string>(), at, TimeSpan.FromMinutes(2));

        Assert.Equal([Verbs.Completed, Verbs.Passed], result.Select(s => s.Verb));
        var (completed, passed) = (result[0], result[1]);
        Assert.True(completed.Result!.Completion);
        Assert.Null(completed.Result.Score);
        Assert.Null(completed.Result.Success);
        Assert.Equal(new Score { Scaled = 0.8, Raw = 4, Min = 0, Max = 5 }, passed.Result!.Score);
        Assert.True(passed.Result.Success);
        Assert.Null(passed.Result.Completion);
        Assert.Equal(TimeSpan.FromMinutes(2), passed.Result.Duration);
        Assert.Equal(0.8, passed.Context!.Extensions![Cmi5Statements.MasteryScoreExtension].GetDouble());
        Assert.All(result, s => Assert.Contains(Cmi5Statements.MoveOnCategory, Categories(s)));
    }

    [Fact]
    public void Below_the_mastery_score_is_failed_even_if_our_pass_mark_was_met()
    {
        var result = Cmi5Statements.Result(Launch(mastery: 0.9), 0.8, 4, 5, passedOurPassMark: true, new HashSet<string>(), at, TimeSpan.Zero);

        Assert.Equal(Verbs.Failed, result[1].Verb);
        Assert.False(result[1].Result!.Success);
    }

    [Fact]
    public void A_registration_gets_one_completed_and_one_passed_and_no_failed_after_passed()
    {
        var sent = new HashSet<string> { Verbs.Completed.Id, Verbs.Passed.Id };

        Assert.Empty(Cmi5Statements.Result(Launch(), 0.2, 1, 5, false, sent, at, TimeSpan.Zero));
        Assert.Equal([Verbs.Failed], Cmi5Statements.Result(Launch(), 0.2, 1, 5, false, new HashSet<string> { Verbs.Completed.Id }, at, TimeSpan.Zero).Select(s => s.Verb));
    }

    [Theory]
    [InlineData("Browse")]
    [InlineData("Review")]
    public void Browse_and_review_record_no_result(string mode) =>
        Assert.Empty(Cmi5Statements.Result(Launch(mode), 1, 5, 5, true, new HashSet<string>(), at, TimeSpan.Zero));

    [Fact]
    public void An_answer_becomes_an_allowed_statement_of_the_launch_without_the_cmi5_category()
    {
        var ours = new Statement
        {
            Id = Guid.NewGuid(), Actor = Agent.WithAccount("https://learn.example", "x"), Verb = Verbs.Answered,
            Target = new Activity { Id = "https://learn.example/q1" }, Timestamp = at,
            Context = new Context
            {
                Registration = Guid.NewGuid(), Platform = "ELearning",
                ContextActivities = new ContextActivities { Parent = [new Activity { Id = "https://learn.example/case" }], Category = [new Activity { Id = "https://learn.example/profile" }] },
            },
        };

        var s = Cmi5Statements.Allowed(Launch(), ours);

        Assert.Equal(ours.Id, s.Id);
        Assert.Equal(actor, s.Actor);
        Assert.Equal("https://learn.example/q1", s.Target.Id);
        Assert.Equal(Guid.Parse("a1b2c3d4-0000-4000-8000-000000000001"), s.Context!.Registration);
        Assert.DoesNotContain(Cmi5Statements.Cmi5Category, Categories(s));
        Assert.Equal(["https://lms.example/cat", "https://learn.example/profile"], Categories(s));
        Assert.Equal(["https://lms.example/course", "https://lms.example/au/1"], s.Context.ContextActivities!.Grouping!.Select(a => a.Id));
        Assert.Equal("lms-session-1", s.Context.Extensions![Cmi5Statements.SessionIdExtension].GetString());
        Assert.Equal("ELearning", s.Context.Platform);
        Assert.DoesNotContain("\"registration\":\"00000000", JsonSerializer.Serialize(s, XapiJson.Options));
    }
}
