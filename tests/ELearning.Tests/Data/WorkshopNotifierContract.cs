using ELearning.Api.Data;
using ELearning.Api.Identity;
using ELearning.Api.Workshops;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ELearning.Tests.Data;

/// <summary>
/// The version-polling notifier (the one SQL Server nodes use) over a real database: a node that streams a workshop
/// hears a change another node made. Its SQL is the same on every provider, so it is specified on each.
/// </summary>
public abstract class WorkshopNotifierContract : IAsyncLifetime
{
    static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);
    protected TestDatabase Db { get; private set; } = null!;
    protected abstract Task<TestDatabase> CreateDatabaseAsync();

    public async Task InitializeAsync()
    {
        Db = await CreateDatabaseAsync();
        await new Migrator(Db.Connections, NullLogger<Migrator>.Instance).MigrateAsync();
    }

    public async Task DisposeAsync() => await Db.DisposeAsync();

    static AuditRecord Audit(string action) => new(new("admin", "test"), action, null, DateTimeOffset.UtcNow);

    async Task<WorkshopRecord> CreateWorkshopAsync(WorkshopStore store)
    {
        var facilitator = new Facilitator(Guid.NewGuid(), "Sam Okafor", $"sam-{Guid.NewGuid():N}@example.nhs.uk", DateTimeOffset.UtcNow, null);
        await new FacilitatorStore(Db.Connections).CreateAsync(facilitator, $"hash-{facilitator.Id}", Audit(AuditActions.FacilitatorCreated), default);
        var workshop = new WorkshopRecord(Guid.NewGuid(), facilitator.Id, "Room", null, "ACDE" + Random.Shared.Next(1000, 9999), null, false, 0,
            DateTimeOffset.UtcNow, null, ["confidentiality"]);
        await store.CreateAsync(workshop, Audit(AuditActions.WorkshopCreated), default);
        return workshop;
    }

    [DatabaseFact]
    public async Task A_node_polling_versions_hears_a_change_made_on_another_node()
    {
        var otherNode = new WorkshopStore(Db.Connections, []);
        var workshop = await CreateWorkshopAsync(otherNode);
        var quiet = await CreateWorkshopAsync(otherNode);
        using var notifier = new PollingWorkshopNotifier(Db.Connections, Options.Create(new WorkshopOptions { ChangePollInterval = Interval }),
            NullLogger<PollingWorkshopNotifier>.Instance);
        await notifier.StartAsync(default);
        using var watching = notifier.Subscribe(workshop.Id);
        using var watchingQuiet = notifier.Subscribe(quiet.Id);
        Assert.True(await watching.WaitAsync(TimeSpan.FromSeconds(5), default)); // the first look at its version
        Assert.True(await watchingQuiet.WaitAsync(TimeSpan.FromSeconds(5), default));

        await otherNode.SetCurrentCaseAsync(workshop.Id, "fixture-second", default);

        Assert.True(await watching.WaitAsync(TimeSpan.FromSeconds(5), default));
        Assert.False(await watchingQuiet.WaitAsync(Interval * 5, default));
        await notifier.StopAsync(default);
    }
}

public sealed class SqliteWorkshopNotifier : WorkshopNotifierContract
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Task.FromResult<TestDatabase>(new SqliteTestDatabase());
}

[Collection(PostgresCollection.Name)]
public sealed class PostgreSqlWorkshopNotifier(PostgresServer server) : WorkshopNotifierContract
{
    protected override async Task<TestDatabase> CreateDatabaseAsync() => await PostgresTestDatabase.CreateAsync(server);
}

[SqlServerTests]
public sealed class SqlServerWorkshopNotifier : WorkshopNotifierContract
{
    protected override async Task<TestDatabase> CreateDatabaseAsync() => await SqlServerTestDatabase.CreateAsync();
}
