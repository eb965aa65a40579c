using System.Text.Json;
using ELearning.Api;
using ELearning.Api.Assessment;
using ELearning.Api.Content;
using ELearning.Api.Tracking;
using ELearning.Api.Tracking.Xapi;
using ELearning.Tests.Support;

namespace ELearning.Tests.Tracking;

/// <summary>The statement profile as pure functions over the fixture course (docs/xapi-profile.md).</summary>
public sealed class StatementProfileTests
{
    static readonly Catalog catalog = ContentLoader.Load(ELearningApp.FixtureContent);
    static readonly ModuleContent module = catalog.FindModule("confidentiality")!;
    static readonly Case wardPhoto = module.FindCase("fixture-ward-photo")!;
    // A profile of each test's own: activities are built once per profile, so each test sees them built from scratch.
    readonly ProfileSettings settings = ProfileSettings.From(new AppOptions { PublicBaseUrl = "https://learn.example.nhs.uk" }, new XapiOptions(), catalog.Course);
    static readonly Guid registration = Guid.Parse("0f8e3c4a-1b2d-4e5f-8a9b-0c1d2e3f4a5b");
    static readonly Guid learnerId = Guid.Parse("11111111-2222-4333-8444-555555555555");
    Agent actor => StatementProfile.Actor(settings, learnerId, "asha@example.org");
    static readonly DateTimeOffset at = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    Statement Answer(string nodeId, LearnerResponse response, ProfileSettings? s = null, Case? @case = null)
    {
        @case ??= wardPhoto;
        var node = @case.FindNode(nodeId)!;
        var scored = Scoring.Score(node, response);
        var next = Navigation.After(module, @case, node, scored.NextNodeId);
        return StatementProfile.Answered(s ?? settings, new AnswerEvent(registration, actor, module, @case, node, response, scored, next, at,
            TimeSpan.FromSeconds(12.345), new CaseTally(5, TimeSpan.FromMinutes(3))))[0];
    }

    [Fact]
    public void Actors_are_a_pseudonymous_account_at_our_base_url_unless_mbox_is_configured()
    {
        Assert.Equal(new AgentAccount("https://learn.example.nhs.uk/", learnerId.ToString()), actor.Account);
        Assert.Null(actor.Mbox);

        var mboxSettings = settings with { UseMbox = true };
        Assert.Equal("mailto:asha@example.org", StatementProfile.Actor(mboxSettings, learnerId, "asha@example.org").Mbox);
        Assert.NotNull(StatementProfile.Actor(mboxSettings, learnerId, null).Account); // no email given: still the account
    }

    [Fact]
    public void Activity_iris_sit_under_the_public_base_url_or_the_configured_activity_base_and_the_course_is_its_json_id()
    {
        Assert.Equal("https://learn.example.nhs.uk/xapi/activities/modules/confidentiality/cases/fixture-ward-photo/nodes/n1",
            Answer("n1", new() { Choices = ["a"] }).Target.Id);

        var other = ProfileSettings.From(new AppOptions(), new XapiOptions { ActivityBaseIri = "https://lrs-iri.example/elearning" }, catalog.Course);
        var statement = Answer("n1", new() { Choices = ["a"] }, other);
        Assert.StartsWith("https://lrs-iri.example/elearning/modules/confidentiality/", statement.Target.Id);
        Assert.Equal(catalog.Course.Id, statement.Context!.ContextActivities!.Grouping![1].Id);
    }

    [Fact]
    public void A_question_is_described_once_per_profile_and_shared_by_every_statement_about_it()
    {
        var first = Answer("n1", new() { Choices = ["a"] });
        var second = Answer("n1", new() { Choices = ["b"] });
        var welsh = Answer("n1", new() { Choices = ["a"] }, settings with { Language = "cy-GB" });

        Assert.Same(first.Target, second.Target);
        Assert.Same(first.Context!.ContextActivities!.Parent![0], second.Context!.ContextActivities!.Parent![0]); // the case
        Assert.NotSame(first.Target, welsh.Target);
        Assert.Equal("cy-GB", Assert.Single(welsh.Target.Definition!.Name!).Key);
        Assert.Equal(first.Target.Id, welsh.Target.Id);
        Assert.NotEqual(first.Target.Id, Answer("n2", new() { Choices = ["x"] }).Target.Id);
    }

    [Fact]
    public void Activities_name_and_describe_what_they_are_from_the_content()
    {
        var question = Activities.Question(settings, module, wardPhoto, wardPhoto.FindNode("n1")!);
        var page = Activities.Page(settings, module, wardPhoto, wardPhoto.FindNode("c1")!);
        var @case = Activities.Case(settings, module, wardPhoto);
        var moduleActivity = Activities.Module(settings, module);

        Assert.Equal("What do you do with the photo?", question.Definition!.Name!["en-GB"]);
        Assert.Equal(["a"], question.Definition.CorrectResponsesPattern!); // the one option with the node's best score
        Assert.Equal("A complaint arrives", page.Definition!.Name!["en-GB"]);
        Assert.Equal(wardPhoto.Teaser, @case.Definition!.Description?["en-GB"]);
        Assert.Equal(module.Definition.Summary, moduleActivity.Definition!.Description!["en-GB"]);
        Assert.Null(Activities.Course(settings).Definition!.Description);
        Assert.Equal("https://learn.example.nhs.uk/xapi/activities/profile/1.0", Activities.Profile(settings).Id);
    }

    [Fact]
    public void A_question_without_a_prompt_is_named_by_its_title_else_its_id_and_an_empty_teaser_describes_nothing()
    {
        var n1 = wardPhoto.FindNode("n1")!;

        Assert.Equal("Photo choice", Activities.Question(settings, module, wardPhoto, n1 with { Prompt = null, Title = "Photo choice" }).Definition!.Name!["en-GB"]);
        Assert.Equal("n1", Activities.Question(settings, module, wardPhoto, n1 with { Prompt = null, Title = null }).Definition!.Name!["en-GB"]);
        Assert.Null(Activities.Case(settings, module, wardPhoto with { Teaser = "" }).Definition!.Description);
    }

    [Fact]
    public void A_node_described_as_a_page_and_as_a_question_is_two_activities()
    {
        var node = wardPhoto.FindNode("n1")!;

        Assert.Equal(ActivityTypes.Page, Activities.Page(settings, module, wardPhoto, node).Definition!.Type);
        Assert.Equal(ActivityTypes.Interaction, Activities.Question(settings, module, wardPhoto, node).Definition!.Type);
    }

    [Fact]
    public void Starting_an_attempt_initializes_the_module_and_attempts_its_first_case()
    {
        var statements = StatementProfile.Started(settings, registration, actor, module, at);

        Assert.Equal(["initialized", "attempted"], statements.Select(s => TrackingTestKit.VerbName(s.Verb.Id)));
        Assert.Equal(ActivityTypes.Module, statements[0].Target.Definition!.Type);
        Assert.Equal(ActivityTypes.Simulation, statements[1].Target.Definition!.Type);
        Assert.All(statements, s => Assert.Equal(registration, s.Context!.Registration));
        Assert.Equal(catalog.Course.Id, statements[0].Context!.ContextActivities!.Parent![0].Id);
    }

    [Fact]
    public void An_attempt_begun_at_a_workshop_rooms_case_attempts_that_case()
    {
        var second = module.Cases[1];

        var statements = StatementProfile.Started(settings, registration, actor, module, at, second);

        Assert.EndsWith("/" + second.Id, statements[1].Target.Id);
        Assert.NotEqual(StatementProfile.Started(settings, registration, actor, module, at)[1].Target.Id, statements[1].Target.Id);
    }

    [Fact]
    public void A_single_choice_answer_is_a_choice_interaction_with_its_options_score_success_and_response()
    {
        var statement = Answer("n1", new() { Choices = ["b"] });

        var definition = statement.Target.Definition!;
        Assert.Equal(Verbs.Answered.Id, statement.Verb.Id);
        Assert.Equal(ActivityTypes.Interaction, definition.Type);
        Assert.Equal("choice", definition.InteractionType);
        Assert.Equal(["a", "b", "c"], definition.Choices!.Select(c => c.Id));
        Assert.Equal(["a"], definition.CorrectResponsesPattern!);
        Assert.Equal(new Score { Scaled = 0, Raw = 0, Min = 0, Max = 2 }, statement.Result!.Score);
        Assert.False(statement.Result.Success);
        Assert.Equal("b", statement.Result.Response);
        Assert.Equal(TimeSpan.FromSeconds(12.345), statement.Result.Duration);
    }

    [Fact]
    public void Multiple_response_and_select_text_are_choice_interactions_whose_correct_pattern_joins_the_correct_ids()
    {
        var multiple = Answer("n2", new() { Choices = ["x", "z"] });
        var selectText = Answer("n3", new() { Selected = ["s1", "s2"] });

        Assert.Equal("choice", multiple.Target.Definition!.InteractionType);
        Assert.Equal(["x[,]y"], multiple.Target.Definition.CorrectResponsesPattern!);
        Assert.Equal("x[,]z", multiple.Result!.Response);
        Assert.Equal("choice", selectText.Target.Definition!.InteractionType);
        Assert.Equal(["s1", "s2", "s3"], selectText.Target.Definition.Choices!.Select(c => c.Id));
        Assert.Equal("Mr J, 82, from Leek", selectText.Target.Definition.Choices![1].Description!["en-GB"]);
        Assert.Equal(["s1[,]s2"], selectText.Target.Definition.CorrectResponsesPattern!);
        Assert.Equal(new Score { Scaled = 1, Raw = 2, Min = 0, Max = 2 }, selectText.Result!.Score);
        Assert.True(selectText.Result.Success);
    }

    [Fact]
    public void A_true_false_answer_is_a_true_false_interaction_with_the_right_value_as_its_pattern()
    {
        var statement = Answer("n4", new() { Value = true });

        Assert.Equal("true-false", statement.Target.Definition!.InteractionType);
        Assert.Null(statement.Target.Definition.Choices);
        Assert.Equal(["false"], statement.Target.Definition.CorrectResponsesPattern!);
        Assert.Equal("true", statement.Result!.Response);
        Assert.False(statement.Result.Success);
    }

    [Fact]
    public void A_reflection_is_an_unscored_long_fill_in_whose_text_is_sent_only_if_configured()
    {
        var sent = Answer("n5", new() { Text = "I will ask first." });
        var withheld = Answer("n5", new() { Text = "I will ask first." }, settings with { SendReflectionText = false });

        Assert.Equal("long-fill-in", sent.Target.Definition!.InteractionType);
        Assert.Null(sent.Target.Definition.CorrectResponsesPattern);
        Assert.Null(sent.Result!.Score);
        Assert.Null(sent.Result.Success);
        Assert.True(sent.Result.Completion);
        Assert.Equal("I will ask first.", sent.Result.Response);
        Assert.Null(withheld.Result!.Response);
    }

    [Fact]
    public void A_consequence_is_experienced_and_an_ending_completes_the_case_and_attempts_the_next()
    {
        var consequence = Answer("c1", new() { Acknowledged = true });
        var node = wardPhoto.FindNode("end")!;
        var ending = StatementProfile.Answered(settings, new AnswerEvent(registration, actor, module, wardPhoto, node, new() { Acknowledged = true },
            Scoring.Score(node, new() { Acknowledged = true }), new Position("fixture-second", "q1"), at, TimeSpan.FromSeconds(3), new CaseTally(5, TimeSpan.FromMinutes(3))));

        Assert.Equal(Verbs.Experienced.Id, consequence.Verb.Id);
        Assert.Equal(ActivityTypes.Page, consequence.Target.Definition!.Type);
        Assert.Equal(["completed", "attempted"], ending.Select(s => TrackingTestKit.VerbName(s.Verb.Id)));
        Assert.EndsWith("/cases/fixture-ward-photo", ending[0].Target.Id);
        Assert.Equal(new Score { Scaled = Math.Round(5.0 / wardPhoto.MaxScore, 4), Raw = 5, Min = 0, Max = wardPhoto.MaxScore }, ending[0].Result!.Score);
        Assert.Equal(TimeSpan.FromMinutes(3), ending[0].Result!.Duration);
        Assert.EndsWith("/cases/fixture-second", ending[1].Target.Id);
    }

    [Theory]
    [InlineData(8, true, "passed")]
    [InlineData(2, false, "failed")]
    public void Completing_the_module_is_completed_then_passed_or_failed_then_terminated(int raw, bool passed, string verdict)
    {
        var result = Scoring.Result(raw, 8, 0.7);
        var statements = StatementProfile.Completed(settings, registration, actor, module, result, at, TimeSpan.FromMinutes(20));

        Assert.Equal(["completed", verdict, "terminated"], statements.Select(s => TrackingTestKit.VerbName(s.Verb.Id)));
        Assert.True(statements[0].Result!.Completion);
        Assert.Null(statements[0].Result!.Score);
        Assert.Equal(passed, statements[1].Result!.Success);
        Assert.Equal(new Score { Scaled = result.Scaled, Raw = raw, Min = 0, Max = 8 }, statements[1].Result!.Score);
        Assert.All(statements, s => Assert.Equal(TimeSpan.FromMinutes(20), s.Result!.Duration));
    }

    [Fact]
    public void Statement_ids_are_name_based_uuids_stable_for_an_event_and_distinct_within_an_attempt()
    {
        var first = Answer("n1", new() { Choices = ["a"] });
        var again = Answer("n1", new() { Choices = ["a"] });
        var all = StatementProfile.Started(settings, registration, actor, module, at)
            .Concat(wardPhoto.Nodes.Select(n => Answer(n.Id, n.Type switch
            {
                NodeTypes.SingleChoice => new LearnerResponse { Choices = ["a"] },
                NodeTypes.MultipleResponse => new LearnerResponse { Choices = ["x"] },
                NodeTypes.SelectText => new LearnerResponse { Selected = ["s1"] },
                NodeTypes.TrueFalse => new LearnerResponse { Value = false },
                NodeTypes.Reflection => new LearnerResponse { Text = "t" },
                _ => new LearnerResponse { Acknowledged = true },
            })))
            .Concat(StatementProfile.Completed(settings, registration, actor, module, Scoring.Result(8, 8, 0.7), at, TimeSpan.FromMinutes(1)))
            .ToList();

        Assert.Equal(first.Id, again.Id);
        Assert.Equal(5, first.Id.Version);
        Assert.Equal(all.Count, all.Select(s => s.Id).Distinct().Count());
    }

    [Fact]
    public void The_json_names_the_object_leaves_out_nulls_and_writes_utc_timestamps_with_milliseconds()
    {
        var json = XapiJson.Serialize(Answer("n1", new() { Choices = ["a"] }) with { Timestamp = new DateTimeOffset(2026, 11, 23, 11, 0, 0, TimeSpan.FromHours(1)) });
        var element = JsonDocument.Parse(json).RootElement;

        Assert.True(element.TryGetProperty("object", out _));
        Assert.DoesNotContain("null", json);
        Assert.Equal("2026-11-23T10:00:00.000Z", element.GetProperty("timestamp").GetString());
        Assert.Equal("PT12.35S", element.GetProperty("result").GetProperty("duration").GetString());
        Assert.Equal("Activity", element.GetProperty("object").GetProperty("objectType").GetString());
    }

    [Theory]
    [InlineData(0, "PT0S")]
    [InlineData(1.5, "PT1.5S")]
    [InlineData(60, "PT1M")]
    [InlineData(3723.456, "PT1H2M3.46S")]
    [InlineData(-3, "PT0S")]
    public void Durations_are_iso_8601_to_the_hundredth_of_a_second(double seconds, string expected)
    {
        Assert.Equal(expected, XapiDuration.Format(TimeSpan.FromSeconds(seconds)));
        Assert.Equal(Math.Max(0, Math.Round(seconds, 2)), XapiDuration.Parse(expected).TotalSeconds, 2);
    }

    [Fact]
    public void Retries_honour_retry_after_up_to_a_cap_and_otherwise_back_off_exponentially_with_jitter()
    {
        var o = new LrsOptions { InitialBackoff = TimeSpan.FromSeconds(1), MaxBackoff = TimeSpan.FromSeconds(60), MaxRetryAfter = TimeSpan.FromMinutes(10) };

        Assert.Equal(TimeSpan.FromSeconds(30), OutboxDispatcher.RetryDelay(o, 1, TimeSpan.FromSeconds(30), 0.5));
        Assert.Equal(TimeSpan.FromMinutes(10), OutboxDispatcher.RetryDelay(o, 1, TimeSpan.FromDays(2), 0.5));
        Assert.Equal(TimeSpan.FromSeconds(0.5), OutboxDispatcher.RetryDelay(o, 1, null, 0));
        Assert.Equal(TimeSpan.FromSeconds(4), OutboxDispatcher.RetryDelay(o, 4, null, 0));      // 8 s, half fixed
        Assert.Equal(TimeSpan.FromSeconds(7.2), OutboxDispatcher.RetryDelay(o, 4, null, 0.8));  // plus up to half at random
        Assert.Equal(TimeSpan.FromSeconds(60), OutboxDispatcher.RetryDelay(o, 40, null, 1.0));  // capped
    }
}
