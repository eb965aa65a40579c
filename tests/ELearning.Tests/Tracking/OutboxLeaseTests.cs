using ELearning.Api.Data;
using ELearning.Api.Tracking;
using ELearning.Api.Tracking.Xapi;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace ELearning.Tests.Tracking;

/// <summary>The outbox's claims, on a real SQLite file: what keeps two instances apart and a dead one from holding on.</summary>
public sealed class OutboxLeaseTests : IAsyncLifetime
{
    readonly string folder = Directory.CreateTempSubdirectory("elearning-outbox-").FullName;
    SqliteConnectionFactory connections = null!;
    OutboxStore outbox = null!;
    static readonly DateTimeOffset t0 = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);
    static readonly TimeSpan lease = TimeSpan.FromMinutes(1);
    readonly Guid learner = Guid.NewGuid();

    public async Task InitializeAsync()
    {
        connections = new SqliteConnectionFactory($"Data Source={Path.Combine(folder, "db.sqlite")}", folder);
        await new Migrator(connections, NullLogger<Migrator>.Instance).MigrateAsync();
        outbox = new OutboxStore(connections);
        await using var connection = await connections.OpenAsync();
        await using var tx = await connection.BeginTransactionAsync();
        await OutboxStore.AppendAsync(connection, tx, learner, Enumerable.Range(0, 30).Select(i => Statement(i)), t0);
        await tx.CommitAsync();
    }

    public Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Two_instances_claiming_at_once_never_get_the_same_statement()
    {
        var claims = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => outbox.ClaimAsync($"instance-{i}", 10, t0, lease, default)));

        var all = claims.SelectMany(c => c.Select(s => s.Seq)).ToList();
        Assert.Equal(30, all.Count);
        Assert.Equal(all.Count, all.Distinct().Count());
    }

    [Fact]
    public async Task A_claim_is_held_until_its_lease_runs_out_and_then_any_instance_may_take_it()
    {
        var dead = await outbox.ClaimAsync("dies-holding-it", 20, t0, lease, default);

        var meanwhile = await outbox.ClaimAsync("survivor", 50, t0 + lease / 2, lease, default);
        var later = await outbox.ClaimAsync("survivor-later", 50, t0 + lease + TimeSpan.FromSeconds(1), lease, default);

        Assert.Equal(20, dead.Count);
        Assert.Equal(10, meanwhile.Count);
        Assert.Equal(dead.Select(s => s.Seq), later.Select(s => s.Seq));
    }

    [Fact]
    public async Task Settled_statements_are_never_claimed_again_and_stay_readable_for_the_learner()
    {
        var batch = await outbox.ClaimAsync("a", 30, t0, lease, default);
        await outbox.MarkDeliveredAsync("a", batch.Take(29).Select(s => s.Seq), t0, default);
        await outbox.MarkRejectedAsync("a", batch[29].Seq, "400: bad", t0, default);

        Assert.Empty(await outbox.ClaimAsync("b", 30, t0 + lease * 2, lease, default));
        var kept = await outbox.StatementsForLearnerAsync(learner, default);
        Assert.Equal(30, kept.Count);
        Assert.Equal("400: bad", kept[29].Rejection);
        Assert.Equal(batch[0].StatementId, XapiJson.Deserialize(kept[0].Json).Id);
    }

    [Fact]
    public async Task A_failed_batch_is_released_until_its_retry_time_for_every_instance()
    {
        await outbox.ClaimAsync("a", 30, t0, lease, default);
        await outbox.ReleaseAsync("a", t0 + TimeSpan.FromSeconds(10), "LRS unreachable", default);

        Assert.Empty(await outbox.ClaimAsync("b", 30, t0 + TimeSpan.FromSeconds(5), lease, default));
        Assert.Equal(30, (await outbox.ClaimAsync("b", 30, t0 + TimeSpan.FromSeconds(11), lease, default)).Count);
    }

    static Statement Statement(int i) => new()
    {
        Id = Guid.NewGuid(),
        Actor = Agent.WithAccount("http://localhost:5080/", "learner"),
        Verb = Verbs.Experienced,
        Target = new Activity { Id = $"https://example.org/page/{i}" },
        Context = new Context { Registration = Guid.NewGuid() },
        Timestamp = t0,
    };
}
