using ELearning.Tests.Support;
using static ELearning.Tests.Tracking.TrackingTestKit;

namespace ELearning.Tests.Tracking;

/// <summary>A workshop end to end to the real LRS: what a delegate does in the room names the facilitator and the session, and closing it records attendance.</summary>
[Collection(LrsCollection.Name)]
public sealed class WorkshopLrsTests(LrsFixture lrs)
{
    static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task The_LRS_holds_the_instructor_and_session_on_work_done_in_a_workshop_and_attended_for_each_delegate_when_it_closes()
    {
        await using var app = App(lrs.Endpoint);
        var sam = await FacilitatorClient.CreateAsync(app.AdminClient(), app.CreateClient);
        var workshop = await sam.CreateWorkshopAsync("Ward 7 supervisors", "confidentiality");
        var priya = await WorkshopJoining.JoinAsNewAsync(app.CreateClient, workshop.JoinCode, "Priya Shah");
        var tom = await WorkshopJoining.JoinAsNewAsync(app.CreateClient, workshop.JoinCode, "Tom Reid");
        var alone = await app.SignInAsync("Asha Patel");

        var inRoom = await WalkAsync(priya, FixtureWalk.BestConfidentiality);
        var byThemselves = await WalkAsync(alone, FixtureWalk.BestConfidentiality[..2], complete: false);
        Assert.True((await sam.Http.PostAsync($"/api/workshops/{workshop.Id}/close", null)).IsSuccessStatusCode);
        Assert.True((await sam.Http.PostAsync($"/api/workshops/{workshop.Id}/close", null)).IsSuccessStatusCode); // closing again sends nothing again
        await UntilDrainedAsync(app.AdminClient(), Deadline);

        var made = await lrs.StatementsAsync(inRoom);
        Assert.True(made.Count >= 8, $"{made.Count} statements");
        var sessionIri = made[0].Context!.ContextActivities!.Grouping![^1].Id;
        Assert.EndsWith($"/xapi/activities/workshops/{workshop.Id}", sessionIri);
        Assert.All(made, s =>
        {
            Assert.Equal("Sam Okafor", s.Context!.Instructor!.Name);
            Assert.Equal(sam.Id.ToString(), s.Context.Instructor.Account!.Name);
            Assert.Equal(sessionIri, s.Context.ContextActivities!.Grouping![^1].Id);
        });
        Assert.All(await lrs.StatementsAsync(byThemselves), s => Assert.Null(s.Context!.Instructor));

        var attended = await lrs.Client().QueryStatementsAsync(new Dictionary<string, string>
        {
            ["verb"] = "http://adlnet.gov/expapi/verbs/attended", ["activity"] = sessionIri, ["limit"] = "50",
        }, CancellationToken.None);
        Assert.Equal(new[] { priya.LearnerId.ToString(), tom.LearnerId.ToString() }.Order(), attended.Select(s => s.Actor.Account!.Name).Order());
        Assert.All(attended, s =>
        {
            Assert.Equal(sessionIri, s.Target.Id);
            Assert.Equal("Sam Okafor", s.Context!.Instructor!.Name);
        });
        var report = await TrackingReportAsync(app.AdminClient());
        Assert.Equal(0, report.GetProperty("rejected").GetInt32());
    }
}
