using System.Diagnostics;
using System.Text.Json;
using ELearning.Tests.Support;

namespace ELearning.Tests.Data;

/// <summary>
/// Two API processes on one server database: a facilitator watches the room's event stream on one node while the
/// delegates answer on the other (as a load balancer spreads them). PostgreSQL carries the change by LISTEN/NOTIFY,
/// SQL Server by each node polling the workshops' versions.
/// </summary>
public abstract class CrossNodeWorkshopEventsContract : IAsyncLifetime
{
    static readonly TimeSpan OneSecond = TimeSpan.FromSeconds(1);
    TestDatabase db = null!;
    ApiProcess answering = null!, watching = null!;
    protected abstract Task<TestDatabase> CreateDatabaseAsync();

    public async Task InitializeAsync()
    {
        db = await CreateDatabaseAsync();
        answering = await ApiProcess.StartAsync(db.Settings);
        watching = await ApiProcess.StartAsync(db.Settings);
    }

    public async Task DisposeAsync()
    {
        await answering.DisposeAsync();
        await watching.DisposeAsync();
        await db.DisposeAsync();
    }

    static int Count(JsonElement distribution, string caseId, string nodeId, string optionId) =>
        distribution.GetProperty("cases").EnumerateArray().Single(c => c.GetProperty("caseId").GetString() == caseId)
            .GetProperty("nodes").EnumerateArray().Single(n => n.GetProperty("nodeId").GetString() == nodeId)
            .GetProperty("options").EnumerateArray().Single(o => o.GetProperty("optionId").GetString() == optionId).GetProperty("count").GetInt32();

    [DatabaseFact]
    public async Task An_answer_stored_on_one_node_reaches_the_facilitators_stream_on_another_within_a_second()
    {
        var sam = await FacilitatorClient.CreateAsync(answering.AdminClient(), () => watching.Client());
        var workshop = await sam.CreateWorkshopAsync();
        var priya = await WorkshopJoining.JoinAsNewAsync(() => answering.Client(), workshop.JoinCode);
        var started = await priya.StartAsync("confidentiality");
        await using var stream = await EventStreamReader.OpenAsync(sam.Http, $"/api/workshops/{workshop.Id}/events");
        var first = await stream.NextAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(0, Count(first!.Json, "fixture-ward-photo", "n1", "a"));

        await priya.AnswerOkAsync(started.AttemptId, started.CaseId, started.NodeId, new { choices = new[] { "a" } });
        var answeredAt = Stopwatch.StartNew();
        var next = await stream.NextAsync(OneSecond);

        Assert.NotNull(next);
        Assert.True(answeredAt.Elapsed < OneSecond, $"{answeredAt.Elapsed.TotalMilliseconds:F0} ms");
        Assert.Equal(1, Count(next.Json, "fixture-ward-photo", "n1", "a"));
        Assert.True(long.Parse(next.Id!) > long.Parse(first.Id!));
    }

    [DatabaseFact]
    public async Task Opening_a_case_on_one_node_reaches_the_stream_on_another()
    {
        var sam = await FacilitatorClient.CreateAsync(answering.AdminClient(), () => watching.Client());
        var workshop = await sam.CreateWorkshopAsync();
        await using var stream = await EventStreamReader.OpenAsync(sam.Http, $"/api/workshops/{workshop.Id}/events");
        await stream.NextAsync(TimeSpan.FromSeconds(10));

        var opened = await answering.Client(sam.Token).PostAsync($"/api/workshops/{workshop.Id}/current",
            new StringContent("""{"caseId":"fixture-second"}""", System.Text.Encoding.UTF8, "application/json"));
        Assert.True(opened.IsSuccessStatusCode, await opened.Content.ReadAsStringAsync());
        var next = await stream.NextAsync(TimeSpan.FromSeconds(5));

        Assert.Equal("fixture-second", next?.Json.GetProperty("currentCaseId").GetString());
    }
}

[Collection(PostgresCollection.Name)]
public sealed class PostgreSqlCrossNodeWorkshopEvents(PostgresServer server) : CrossNodeWorkshopEventsContract
{
    protected override async Task<TestDatabase> CreateDatabaseAsync() => await PostgresTestDatabase.CreateAsync(server);
}

[SqlServerTests]
public sealed class SqlServerCrossNodeWorkshopEvents : CrossNodeWorkshopEventsContract
{
    protected override async Task<TestDatabase> CreateDatabaseAsync() => await SqlServerTestDatabase.CreateAsync();
}
