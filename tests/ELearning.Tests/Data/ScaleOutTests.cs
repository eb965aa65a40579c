using System.Net.Http.Json;
using Dapper;
using ELearning.Api.Data;
using ELearning.Tests.Tracking;
using Xunit.Abstractions;
using static ELearning.Tests.Tracking.TrackingTestKit;

namespace ELearning.Tests.Data;

/// <summary>
/// Several API nodes on one PostgreSQL: three processes started at once (they migrate once), delegates spread across
/// them, one node killed with SIGKILL while it is sending a batch and started again. The oracle is the real LRS: it
/// holds every statement the outbox committed, each once, and nothing else.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ScaleOutTests(PostgresServer server, LrsFixture lrs, ITestOutputHelper output)
{
    // 300 delegates take about half a minute on two shared cores; ELEARNING_SCALE_DELEGATES changes it.
    static readonly int Delegates = int.TryParse(Environment.GetEnvironmentVariable("ELEARNING_SCALE_DELEGATES"), out var n) ? n : 300;

    [Fact]
    public async Task Three_nodes_on_one_postgresql_deliver_every_statement_once_even_when_one_is_killed_mid_dispatch()
    {
        await using var db = await PostgresTestDatabase.CreateAsync(server);
        // The LRS is "down" while the delegates answer, so that the outbox fills and the kill lands while batches are going out.
        await using var proxy = new FaultProxy(lrs.Endpoint) { Mode = FaultProxy.Behaviour.Unavailable, RetryAfter = TimeSpan.FromSeconds(1), Hold = TimeSpan.FromSeconds(20) };
        await proxy.StartAsync();
        var settings = LrsSettings(proxy.Endpoint);
        settings.Remove("ConnectionStrings:ELearning");
        foreach (var (key, value) in db.Settings) settings[key] = value;
        settings["Lrs:LeaseDuration"] = "00:00:03";
        settings["Lrs:RequestTimeout"] = "00:00:01";

        var nodes = (await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => ApiProcess.StartAsync(settings)))).ToList();
        try
        {
            await using (var connection = await db.Connections.OpenAsync())
            {
                var versions = (await connection.QueryAsync<string>("SELECT version FROM schema_migrations")).ToList();
                Assert.Equal(Migrator.Scripts(DatabaseProvider.PostgreSql).Select(s => s.Version).Order(), versions.Order());
            }

            // One connection pool per node, as a load balancer keeps: 300 sign-ups each opening fresh sockets overflow a loaded machine's backlog.
            var pools = nodes.Select(_ => new SocketsHttpHandler { MaxConnectionsPerServer = 32 }).ToList();
            var registrations = new System.Collections.Concurrent.ConcurrentBag<Guid>();
            using (var gate = new SemaphoreSlim(24))
                await Task.WhenAll(Enumerable.Range(0, Delegates).Select(async i =>
                {
                    await gate.WaitAsync();
                    try
                    {
                        var node = nodes[i % nodes.Count];
                        var pool = pools[i % nodes.Count];
                        var learner = await DelegateClient.SignUpAsync(() => new HttpClient(pool, disposeHandler: false) { BaseAddress = node.BaseAddress }, $"Delegate {i}");
                        var attempt = await learner.StartAsync("boundaries");
                        await learner.AnswerOkAsync(attempt.AttemptId, attempt.CaseId, "q1", new { value = true });
                        await learner.AnswerOkAsync(attempt.AttemptId, attempt.CaseId, "end", ELearning.Tests.Support.FixtureWalk.Acknowledge);
                        var done = await learner.Http.PostAsync($"/api/attempts/{attempt.AttemptId}/complete", null);
                        Assert.True(done.IsSuccessStatusCode);
                        registrations.Add(attempt.AttemptId);
                    }
                    finally { gate.Release(); }
                }));

            // The LRS stores each batch but the reply is held: node 0 is killed with a batch the LRS has and the node never heard about.
            proxy.Mode = FaultProxy.Behaviour.ForwardThenHold;
            await Eventually.UntilAsync(() => Task.FromResult(proxy.StatementPosts.Any(r => r.Status == 200)), TimeSpan.FromSeconds(30), "a batch to reach the LRS");
            proxy.Mode = FaultProxy.Behaviour.Forward; // batches already sent stay held; new ones go through
            await nodes[0].KillAsync();
            var pendingAtKill = await PendingAsync(db);
            await nodes[0].DisposeAsync();
            nodes[0] = await ApiProcess.StartAsync(settings);

            await UntilDrainedAsync(nodes[1].AdminClient(), TimeSpan.FromSeconds(120));

            List<string> committed;
            await using (var connection = await db.Connections.OpenAsync())
                committed = [.. await connection.QueryAsync<string>("SELECT statement_id FROM xapi_outbox WHERE delivered_at IS NOT NULL")];
            var held = new List<Guid>();
            foreach (var registration in registrations) held.AddRange((await lrs.StatementsAsync(registration)).Select(s => s.Id));
            var posted = proxy.PostedStatementIds;

            Assert.Equal(Delegates, registrations.Count);
            Assert.True(pendingAtKill > 0, "the kill came while statements were still to send");
            Assert.Equal(committed.Count, held.Count);
            Assert.Equal(committed.Select(Guid.Parse).Order(), held.Order());
            Assert.Equal(held.Count, held.Distinct().Count());
            output.WriteLine($"delegates {Delegates} on 3 nodes; statements committed {committed.Count}, pending at the kill {pendingAtKill}, " +
                $"POSTed {posted.Count} ({posted.Count - posted.Distinct().Count()} resent after the kill or a held reply), held by the LRS {held.Count}, " +
                $"duplicates at the LRS {held.Count - held.Distinct().Count()}");
        }
        finally
        {
            foreach (var node in nodes) await node.DisposeAsync();
        }
    }

    static async Task<int> PendingAsync(TestDatabase db)
    {
        await using var connection = await db.Connections.OpenAsync();
        return await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM xapi_outbox WHERE delivered_at IS NULL AND rejected_at IS NULL");
    }
}
