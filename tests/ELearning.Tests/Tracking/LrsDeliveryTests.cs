using System.Net;
using System.Text.Json;
using Dapper;
using ELearning.Api.Tracking;
using ELearning.Api.Tracking.Xapi;
using ELearning.Tests.Support;
using Microsoft.Data.Sqlite;
using static ELearning.Tests.Tracking.TrackingTestKit;

namespace ELearning.Tests.Tracking;

/// <summary>The API, in-process, delivering to a real LRS (directly, or through a misbehaving proxy).</summary>
[Collection(LrsCollection.Name)]
public sealed class LrsDeliveryTests(LrsFixture lrs, Xunit.Abstractions.ITestOutputHelper output)
{
    static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_completed_module_reads_back_from_the_LRS_in_profile_order_with_results_context_and_interactions()
    {
        await using var app = App(lrs.Endpoint);
        var asha = await app.SignInAsync();
        var registration = await WalkAsync(asha, FixtureWalk.BestConfidentiality);
        await UntilDrainedAsync(app.AdminClient(), Deadline);

        var moduleIri = "http://localhost:5080/xapi/activities/modules/confidentiality";
        var statements = await lrs.StatementsAsync(registration, moduleIri);

        Assert.Equal(
            ["initialized", "attempted", "answered", "answered", "answered", "answered", "answered", "completed", "attempted", "answered", "completed",
             "completed", "passed", "terminated"],
            statements.Select(s => VerbName(s.Verb.Id)));
        var expectedObjects = new[] { "", "/cases/fixture-ward-photo", "/cases/fixture-ward-photo/nodes/n1", "/cases/fixture-ward-photo/nodes/n2",
            "/cases/fixture-ward-photo/nodes/n3", "/cases/fixture-ward-photo/nodes/n4", "/cases/fixture-ward-photo/nodes/n5", "/cases/fixture-ward-photo",
            "/cases/fixture-second", "/cases/fixture-second/nodes/q1", "/cases/fixture-second", "", "", "" };
        Assert.Equal(expectedObjects.Select(o => moduleIri + o), statements.Select(s => s.Target.Id));

        Assert.All(statements, s =>
        {
            Assert.Equal(registration, s.Context!.Registration);
            Assert.Equal("ELearning", s.Context.Platform);
            Assert.Equal("en-GB", s.Context.Language);
            Assert.Equal(new AgentAccount("http://localhost:5080/", asha.LearnerId.ToString()), s.Actor.Account);
        });
        var n1 = statements[2];
        Assert.Equal("https://elearning.example/courses/social-media-professional-standards", n1.Context!.ContextActivities!.Grouping![1].Id);
        Assert.EndsWith("/cases/fixture-ward-photo", n1.Context.ContextActivities.Parent![0].Id);
        Assert.Equal(new Score { Scaled = 1, Raw = 2, Min = 0, Max = 2 }, n1.Result!.Score);
        Assert.Equal(("a", true), (n1.Result.Response, n1.Result.Success));
        Assert.Equal(("choice", "a"), (n1.Target.Definition!.InteractionType, n1.Target.Definition.CorrectResponsesPattern![0]));
        var n3 = statements[4];
        Assert.Equal(["s1", "s2", "s3"], n3.Target.Definition!.Choices!.Select(c => c.Id));
        Assert.Equal("s1[,]s2", n3.Result!.Response);
        var n4 = statements[5];
        Assert.Equal(("true-false", "false", "false"), (n4.Target.Definition!.InteractionType, n4.Target.Definition.CorrectResponsesPattern![0], n4.Result!.Response));
        var n5 = statements[6];
        Assert.Equal(("long-fill-in", "I will ask my manager and use the trust's consent form."), (n5.Target.Definition!.InteractionType, n5.Result!.Response));
        var passed = statements[12];
        Assert.Equal(new Score { Scaled = 1, Raw = 8, Min = 0, Max = 8 }, passed.Result!.Score);
        Assert.True(passed.Result.Success);
        Assert.NotNull(statements[13].Result!.Duration);
    }

    [Fact]
    public async Task Statements_survive_an_LRS_outage_and_arrive_exactly_once()
    {
        await using var proxy = new FaultProxy(lrs.Endpoint) { Mode = FaultProxy.Behaviour.Drop };
        await proxy.StartAsync();
        var database = Path.Combine(Directory.CreateTempSubdirectory("elearning-outage-").FullName, "db.sqlite");
        await using var app = App(proxy.Endpoint, database);
        var admin = app.AdminClient();

        // 25 delegates each answer the 8 nodes of the best path: 200 answers while the LRS cannot be reached.
        var registrations = new List<Guid>();
        for (var i = 0; i < 25; i++)
            registrations.Add(await WalkAsync(await app.SignInAsync($"Delegate {i}"), FixtureWalk.BestConfidentiality));
        await Eventually.UntilAsync(() => Task.FromResult(proxy.StatementPosts.Any()), Deadline, "the dispatcher to try the LRS during the outage");
        var duringOutage = await TrackingReportAsync(admin);
        Assert.Equal(0, duringOutage.GetProperty("delivered").GetInt32());

        proxy.Mode = FaultProxy.Behaviour.Forward;
        await UntilDrainedAsync(admin, Deadline);

        var outbox = await OutboxAsync(database);
        Assert.Equal(25 * 14, outbox.Count); // 2 to start, 9 for the 8 answers, 3 to complete
        Assert.All(outbox, row => Assert.NotNull(row.DeliveredAt));
        var held = new List<Statement>();
        foreach (var registration in registrations) held.AddRange(await lrs.StatementsAsync(registration));
        Assert.Equal(outbox.Count, held.Count);
        Assert.Equal(outbox.Select(r => Guid.Parse(r.StatementId)).Order(), held.Select(s => s.Id).Order());
        output.WriteLine($"answers accepted during the outage 200, pending then {duringOutage.GetProperty("pending").GetInt32()}, failed tries {proxy.StatementPosts.Count(r => r.Status == 0)}; " +
            $"outbox rows {outbox.Count}, held by the LRS {held.Count}, distinct ids {held.Select(s => s.Id).Distinct().Count()}");
    }

    [Fact]
    public async Task Two_instances_sharing_a_database_send_each_statement_exactly_once()
    {
        var database = Path.Combine(Directory.CreateTempSubdirectory("elearning-two-").FullName, "db.sqlite");
        await using (var writer = App(null, database))
            for (var i = 0; i < 10; i++)
                await WalkAsync(await writer.SignInAsync($"Delegate {i}"), FixtureWalk.BestConfidentiality);
        SqliteConnection.ClearAllPools();
        await using var proxy = new FaultProxy(lrs.Endpoint);
        await proxy.StartAsync();

        await using var first = App(proxy.Endpoint, database, s => s["Lrs:BatchSize"] = "7");
        await using var second = App(proxy.Endpoint, database, s => s["Lrs:BatchSize"] = "7");
        first.CreateClient();
        second.CreateClient();
        await UntilDrainedAsync(first.AdminClient(), Deadline);

        var posted = proxy.PostedStatementIds;
        Assert.Equal(140, posted.Count);
        Assert.Equal(posted.Count, posted.Distinct().Count());
        output.WriteLine($"{proxy.StatementPosts.Count()} batches from two instances, {posted.Count} statements, none twice");
    }

    [Fact]
    public async Task A_503_with_Retry_After_holds_delivery_off_for_that_long()
    {
        await using var proxy = new FaultProxy(lrs.Endpoint) { Mode = FaultProxy.Behaviour.Unavailable, RetryAfter = TimeSpan.FromSeconds(1) };
        await proxy.StartAsync();
        await using var app = App(proxy.Endpoint);
        await (await app.SignInAsync()).StartAsync("confidentiality");

        await Eventually.UntilAsync(() => Task.FromResult(proxy.StatementPosts.Count() >= 3), Deadline, "three tries against the 503");
        proxy.Mode = FaultProxy.Behaviour.Forward;
        await UntilDrainedAsync(app.AdminClient(), Deadline);

        // Without Retry-After the backoff here is at most 0.5 s (Lrs:MaxBackoff), so 1 s gaps prove it was honoured.
        var tries = proxy.StatementPosts.Take(3).Select(r => r.At).ToList();
        Assert.All(tries.Zip(tries.Skip(1)), pair => Assert.True(pair.Second - pair.First >= TimeSpan.FromSeconds(0.95), $"{pair.Second - pair.First}"));
    }

    [Fact]
    public async Task A_statement_the_LRS_rejects_is_set_aside_with_its_reason_and_the_rest_are_delivered()
    {
        var database = Path.Combine(Directory.CreateTempSubdirectory("elearning-reject-").FullName, "db.sqlite");
        // No LRS yet, so the whole batch is waiting when delivery begins.
        await using (var before = App(null, database))
        {
            before.CreateClient();
            var registration = Guid.NewGuid();
            var good = Enumerable.Range(0, 6).Select(i => Sample(registration, Verbs.Experienced, $"https://example.org/page/{i}")).ToList();
            var bad = Sample(registration, new Verb("not an IRI"), "https://example.org/page/bad");
            await using var connection = new SqliteConnection($"Data Source={database}");
            await connection.OpenAsync();
            await using var tx = await connection.BeginTransactionAsync();
            await OutboxStore.AppendAsync(connection, tx, Guid.NewGuid(), [.. good.Take(3), bad, .. good.Skip(3)], DateTimeOffset.UtcNow);
            await tx.CommitAsync();
        }
        SqliteConnection.ClearAllPools();

        await using var app = App(lrs.Endpoint, database);
        await UntilDrainedAsync(app.AdminClient(), Deadline);

        var report = await TrackingReportAsync(app.AdminClient());
        Assert.Equal((6, 1), (report.GetProperty("delivered").GetInt32(), report.GetProperty("rejected").GetInt32()));
        var rejection = report.GetProperty("recentRejections")[0];
        Assert.Equal("not an IRI", rejection.GetProperty("verb").GetString());
        Assert.Contains("verb.id", rejection.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task A_409_for_a_statement_id_the_LRS_already_holds_counts_as_delivered()
    {
        await using var proxy = new FaultProxy(lrs.Endpoint) { Mode = FaultProxy.Behaviour.Conflict };
        await proxy.StartAsync();
        await using var app = App(proxy.Endpoint);
        await (await app.SignInAsync()).StartAsync("confidentiality");

        await UntilDrainedAsync(app.AdminClient(), Deadline);

        var report = await TrackingReportAsync(app.AdminClient());
        Assert.Equal((2, 0), (report.GetProperty("delivered").GetInt32(), report.GetProperty("rejected").GetInt32()));
        Assert.All(proxy.StatementPosts, r => Assert.Equal(409, r.Status));
    }

    [Fact]
    public async Task Without_an_LRS_statements_wait_in_the_outbox_and_are_sent_once_one_is_configured()
    {
        var database = Path.Combine(Directory.CreateTempSubdirectory("elearning-nolrs-").FullName, "db.sqlite");
        Guid registration;
        await using (var unconfigured = App(null, database))
        {
            registration = await WalkAsync(await unconfigured.SignInAsync(), FixtureWalk.BestConfidentiality, complete: false);
            var report = await TrackingReportAsync(unconfigured.AdminClient());
            Assert.False(report.GetProperty("lrsConfigured").GetBoolean());
            Assert.Equal(11, report.GetProperty("pending").GetInt32());
            Assert.True(report.GetProperty("oldestPendingAgeSeconds").GetDouble() >= 0);
            var delegateAsks = await (await unconfigured.SignInAsync("Not An Admin")).Http.GetAsync("/api/admin/tracking");
            Assert.Equal(HttpStatusCode.Forbidden, delegateAsks.StatusCode);
        }
        SqliteConnection.ClearAllPools();

        await using var configured = App(lrs.Endpoint, database);
        await UntilDrainedAsync(configured.AdminClient(), Deadline);

        Assert.Equal(11, (await lrs.StatementsAsync(registration)).Count);
        var report2 = await TrackingReportAsync(configured.AdminClient());
        Assert.Equal(JsonValueKind.Null, report2.GetProperty("oldestPendingAgeSeconds").ValueKind);
    }

    [Fact]
    public async Task The_health_check_reports_an_LRS_unreachable_for_longer_than_configured()
    {
        await using var proxy = new FaultProxy(lrs.Endpoint) { Mode = FaultProxy.Behaviour.Drop };
        await proxy.StartAsync();
        await using var app = App(proxy.Endpoint, tweak: s => s["Lrs:UnreachableAfter"] = "00:00:01");
        var client = app.CreateClient();
        await (await app.SignInAsync()).StartAsync("confidentiality");

        await Eventually.UntilAsync(async () => LrsHealth(await client.GetStringAsync("/health")) == "Degraded", Deadline, "the LRS check to degrade");
        proxy.Mode = FaultProxy.Behaviour.Forward;
        await Eventually.UntilAsync(async () => LrsHealth(await client.GetStringAsync("/health")) == "Healthy", Deadline, "the LRS check to recover");
    }

    static string? LrsHealth(string json) => JsonDocument.Parse(json).RootElement.GetProperty("checks").GetProperty("lrs").GetProperty("status").GetString();

    static Statement Sample(Guid registration, Verb verb, string activity) => new()
    {
        Id = Guid.NewGuid(),
        Actor = Agent.WithAccount("http://localhost:5080/", Guid.NewGuid().ToString()),
        Verb = verb,
        Target = new Activity { Id = activity },
        Context = new Context { Registration = registration },
        Timestamp = DateTimeOffset.UtcNow,
    };
}
