using ELearning.Api.Data;
using Microsoft.Extensions.Logging.Abstractions;

namespace ELearning.Tests.Data;

/// <summary>A migrated SQLite database of the test's own, and the group-commit writer over it (batches of 50).</summary>
public abstract class WithSqliteWriter : IAsyncLifetime
{
    protected readonly SqliteTestDatabase db = new();
    protected SqliteGroupCommit writer = null!;

    /// <summary>The writer's clock (its idle lifetime); the system's unless a test class brings its own.</summary>
    protected virtual TimeProvider? Clock => null;

    public async Task InitializeAsync()
    {
        await new Migrator(db.Connections, NullLogger<Migrator>.Instance).MigrateAsync();
        writer = new SqliteGroupCommit((SqliteConnectionFactory)db.Connections, 50, NullLogger<SqliteGroupCommit>.Instance, Clock);
    }

    public async Task DisposeAsync()
    {
        await writer.DisposeAsync();
        await db.DisposeAsync();
    }
}
