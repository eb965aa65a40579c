using System.Text.Json;
using ELearning.Api;
using ELearning.Api.Content;
using ELearning.Api.Tracking;
using ELearning.Api.Tracking.Xapi;
using ELearning.Tests.Support;

namespace ELearning.Tests.Tracking;

/// <summary>Statements made in a workshop, and attended, as pure functions (docs/xapi-profile.md, "In a workshop").</summary>
public sealed class WorkshopStatementTests
{
    static readonly Catalog catalog = ContentLoader.Load(ELearningApp.FixtureContent);
    static readonly ModuleContent module = catalog.FindModule("confidentiality")!;
    static readonly ProfileSettings settings = ProfileSettings.From(new AppOptions { PublicBaseUrl = "https://learn.example.nhs.uk" }, new XapiOptions(), catalog.Course);
    static readonly Guid learnerId = Guid.Parse("11111111-2222-4333-8444-555555555555");
    static readonly Guid workshopId = Guid.Parse("aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee");
    static readonly Guid facilitatorId = Guid.Parse("99999999-8888-4777-8666-555555555555");
    static readonly WorkshopSession session = new(workshopId, "Ward 7 supervisors", facilitatorId, "Sam Okafor", "sam.okafor@example.nhs.uk");
    static readonly Agent actor = StatementProfile.Actor(settings, learnerId, null);
    static readonly DateTimeOffset at = new(2026, 12, 2, 10, 0, 0, TimeSpan.Zero);
    const string SessionIri = "https://learn.example.nhs.uk/xapi/activities/workshops/aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee";

    static IReadOnlyList<Statement> Started() => StatementProfile.Started(settings, Guid.NewGuid(), actor, module, at);

    [Fact]
    public void Statements_made_in_a_workshop_name_the_facilitator_as_instructor_and_the_session_last_in_grouping()
    {
        var alone = Started();

        var inRoom = StatementProfile.InWorkshop(settings, alone, session);

        Assert.Equal(alone.Count, inRoom.Count);
        foreach (var (before, after) in alone.Zip(inRoom))
        {
            Assert.Equal(before.Id, after.Id);
            Assert.Equal(before.Context!.Registration, after.Context!.Registration);
            Assert.Equal(new AgentAccount("https://learn.example.nhs.uk/", facilitatorId.ToString()), after.Context.Instructor!.Account);
            Assert.Equal("Sam Okafor", after.Context.Instructor.Name);
            Assert.Null(after.Context.Instructor.Mbox);
            var grouping = after.Context.ContextActivities!.Grouping!;
            Assert.Equal([.. (before.Context.ContextActivities!.Grouping ?? []).Select(a => a.Id), SessionIri], grouping.Select(a => a.Id));
            Assert.Equal(ActivityTypes.Meeting, grouping[^1].Definition!.Type);
            Assert.Equal("Ward 7 supervisors", grouping[^1].Definition!.Name!["en-GB"]);
            Assert.Equal(before.Context.ContextActivities.Parent?.Select(a => a.Id), after.Context.ContextActivities.Parent?.Select(a => a.Id));
        }
    }

    [Fact]
    public void Outside_a_workshop_statements_are_left_as_they_are()
    {
        var alone = Started();

        Assert.Same(alone, StatementProfile.InWorkshop(settings, alone, null));
        Assert.All(alone, s => Assert.Null(s.Context!.Instructor));
    }

    [Fact]
    public void The_instructor_is_identified_by_email_where_the_profile_uses_mbox_and_by_account_when_no_email_is_known()
    {
        var mbox = settings with { UseMbox = true };

        Assert.Equal("mailto:sam.okafor@example.nhs.uk", StatementProfile.Instructor(mbox, session).Mbox);
        Assert.Null(StatementProfile.Instructor(mbox, session).Account);
        Assert.NotNull(StatementProfile.Instructor(mbox, session with { FacilitatorEmail = null }).Account);
        Assert.Null(StatementProfile.Instructor(settings, session with { FacilitatorName = "" }).Name);
    }

    [Fact]
    public void Attended_is_the_delegate_attending_the_session_with_the_facilitator_and_time_in_the_room()
    {
        var attended = StatementProfile.Attended(settings, session, learnerId, actor, at, at.AddHours(3).AddMinutes(5));

        Assert.Equal("http://adlnet.gov/expapi/verbs/attended", attended.Verb.Id);
        Assert.Equal(SessionIri, attended.Target.Id);
        Assert.Equal(actor, attended.Actor);
        Assert.Equal("Sam Okafor", attended.Context!.Instructor!.Name);
        Assert.Null(attended.Context.Registration);
        Assert.Equal([settings.CourseIri], attended.Context.ContextActivities!.Grouping!.Select(a => a.Id));
        Assert.Equal(TimeSpan.FromMinutes(185), attended.Result!.Duration);
        Assert.Equal(at.AddHours(3).AddMinutes(5), attended.Timestamp);
        var json = JsonDocument.Parse(XapiJson.Serialize(attended)).RootElement;
        Assert.Equal("PT3H5M", json.GetProperty("result").GetProperty("duration").GetString());
        Assert.Equal("Agent", json.GetProperty("context").GetProperty("instructor").GetProperty("objectType").GetString());
    }

    [Fact]
    public void Attended_has_one_id_per_delegate_and_workshop()
    {
        var other = Guid.NewGuid();
        var first = StatementProfile.Attended(settings, session, learnerId, actor, at, at.AddHours(1));

        Assert.Equal(first.Id, StatementProfile.Attended(settings, session, learnerId, actor, at, at.AddHours(2)).Id);
        Assert.NotEqual(first.Id, StatementProfile.Attended(settings, session, other, StatementProfile.Actor(settings, other, null), at, at.AddHours(1)).Id);
        Assert.NotEqual(first.Id, StatementProfile.Attended(settings, session with { Id = Guid.NewGuid() }, learnerId, actor, at, at.AddHours(1)).Id);
    }

    [Fact]
    public void A_join_after_the_close_is_no_negative_duration()
    {
        Assert.Equal(TimeSpan.Zero, StatementProfile.Attended(settings, session, learnerId, actor, at, at.AddSeconds(-1)).Result!.Duration);
    }
}
