using System.Diagnostics;
using System.Net;
using System.Text.Json;
using ELearning.Tests.Support;

namespace ELearning.Tests.Workshops;

public sealed class WorkshopEventTests : IAsyncLifetime
{
    static readonly TimeSpan OneSecond = TimeSpan.FromSeconds(1);
    readonly ELearningApp app = new();
    FacilitatorClient sam = null!;
    public async Task InitializeAsync() => sam = await FacilitatorClient.CreateAsync(app.AdminClient(), app.CreateClient);
    public Task DisposeAsync() => app.DisposeAsync().AsTask();

    static int Count(JsonElement distribution, string caseId, string nodeId, string optionId) =>
        distribution.GetProperty("cases").EnumerateArray().Single(c => c.GetProperty("caseId").GetString() == caseId)
            .GetProperty("nodes").EnumerateArray().Single(n => n.GetProperty("nodeId").GetString() == nodeId)
            .GetProperty("options").EnumerateArray().Single(o => o.GetProperty("optionId").GetString() == optionId).GetProperty("count").GetInt32();

    [Fact]
    public async Task The_stream_sends_the_distribution_at_once_and_again_within_a_second_of_an_answer()
    {
        var workshop = await sam.CreateWorkshopAsync();
        var priya = await WorkshopJoining.JoinAsNewAsync(app.CreateClient, workshop.JoinCode);
        var started = await priya.StartAsync("confidentiality");
        await using var stream = await EventStreamReader.OpenAsync(sam.Http, $"/api/workshops/{workshop.Id}/events");
        Assert.Equal("text/event-stream", stream.Response.Content.Headers.ContentType?.MediaType);

        var first = await stream.NextAsync(TimeSpan.FromSeconds(5));
        Assert.Equal("distribution", first?.Event);
        Assert.Equal(0, Count(first!.Json, "fixture-ward-photo", "n1", "a"));

        await priya.AnswerOkAsync(started.AttemptId, started.CaseId, started.NodeId, new { choices = new[] { "a" } });
        var answeredAt = Stopwatch.StartNew();
        var next = await stream.NextAsync(OneSecond);

        Assert.NotNull(next);
        Assert.True(answeredAt.Elapsed < OneSecond);
        Assert.Equal(1, Count(next.Json, "fixture-ward-photo", "n1", "a"));
        Assert.True(long.Parse(next.Id!) > long.Parse(first.Id!));
    }

    [Fact]
    public async Task Opening_a_case_is_an_event_too()
    {
        var workshop = await sam.CreateWorkshopAsync();
        await using var stream = await EventStreamReader.OpenAsync(sam.Http, $"/api/workshops/{workshop.Id}/events");
        await stream.NextAsync(TimeSpan.FromSeconds(5));

        await sam.OpenCaseAsync(workshop.Id, "fixture-second");

        var next = await stream.NextAsync(OneSecond);
        Assert.Equal("fixture-second", next?.Json.GetProperty("currentCaseId").GetString());
    }

    [Fact]
    public async Task A_reconnect_with_the_last_event_id_gets_only_what_changed_since()
    {
        var workshop = await sam.CreateWorkshopAsync();
        var priya = await WorkshopJoining.JoinAsNewAsync(app.CreateClient, workshop.JoinCode);
        var started = await priya.StartAsync("confidentiality");
        string lastId;
        await using (var first = await EventStreamReader.OpenAsync(sam.Http, $"/api/workshops/{workshop.Id}/events"))
            lastId = (await first.NextAsync(TimeSpan.FromSeconds(5)))!.Id!;

        await using (var unchanged = await EventStreamReader.OpenAsync(sam.Http, $"/api/workshops/{workshop.Id}/events", lastId))
            Assert.Null(await unchanged.NextAsync(TimeSpan.FromMilliseconds(700)));

        await priya.AnswerOkAsync(started.AttemptId, started.CaseId, started.NodeId, new { choices = new[] { "b" } });
        await using var resumed = await EventStreamReader.OpenAsync(sam.Http, $"/api/workshops/{workshop.Id}/events", lastId);
        var missed = await resumed.NextAsync(TimeSpan.FromSeconds(2));

        Assert.NotNull(missed);
        Assert.Equal(1, Count(missed.Json, "fixture-ward-photo", "n1", "b"));
    }

    [Fact]
    public async Task Events_resume_with_Last_Event_ID_after_the_API_restarts()
    {
        var database = Path.Combine(Directory.CreateTempSubdirectory("elearning-workshop-restart-").FullName, "db.sqlite");
        var settings = new Dictionary<string, string?> { ["ConnectionStrings:ELearning"] = $"Data Source={database}" };
        string lastId, code;
        Guid workshopId;
        FacilitatorClient facilitator;
        DelegateClient priya;
        Started started;
        await using (var first = await ApiProcess.StartAsync(settings))
        {
            facilitator = await FacilitatorClient.CreateAsync(first.AdminClient(), () => first.Client());
            var workshop = await facilitator.CreateWorkshopAsync();
            (workshopId, code) = (workshop.Id, workshop.JoinCode);
            priya = await WorkshopJoining.JoinAsNewAsync(() => first.Client(), code);
            started = await priya.StartAsync("confidentiality");
            await priya.AnswerOkAsync(started.AttemptId, started.CaseId, started.NodeId, new { choices = new[] { "a" } });
            await using var stream = await EventStreamReader.OpenAsync(facilitator.Http, $"/api/workshops/{workshopId}/events");
            var seen = await stream.NextAsync(TimeSpan.FromSeconds(5));
            Assert.Equal(1, Count(seen!.Json, "fixture-ward-photo", "n1", "a"));
            lastId = seen.Id!;
            await first.KillAsync();
        }

        await using var second = await ApiProcess.StartAsync(settings);
        var samAgain = second.Client(facilitator.Token);
        await using (var unchanged = await EventStreamReader.OpenAsync(samAgain, $"/api/workshops/{workshopId}/events", lastId))
            Assert.Null(await unchanged.NextAsync(TimeSpan.FromMilliseconds(700)));

        var raj = await WorkshopJoining.JoinAsNewAsync(() => second.Client(), code, "Raj Patel");
        var rajs = await raj.StartAsync("confidentiality");
        await raj.AnswerOkAsync(rajs.AttemptId, rajs.CaseId, rajs.NodeId, new { choices = new[] { "a" } });
        await using var resumed = await EventStreamReader.OpenAsync(samAgain, $"/api/workshops/{workshopId}/events", lastId);
        var next = await resumed.NextAsync(TimeSpan.FromSeconds(5));

        Assert.NotNull(next);
        Assert.True(long.Parse(next.Id!) > long.Parse(lastId));
        Assert.Equal(2, Count(next.Json, "fixture-ward-photo", "n1", "a"));
    }

    [Fact]
    public async Task Another_facilitators_stream_is_not_found()
    {
        var jo = await FacilitatorClient.CreateAsync(app.AdminClient(), app.CreateClient, "Jo Reyes", "jo@example.nhs.uk");
        var theirs = await jo.CreateWorkshopAsync();

        await using var stream = await EventStreamReader.OpenAsync(sam.Http, $"/api/workshops/{theirs.Id}/events");

        Assert.Equal(HttpStatusCode.NotFound, stream.Response.StatusCode);
        Assert.Equal("application/problem+json", stream.Response.Content.Headers.ContentType?.MediaType);
    }
}
