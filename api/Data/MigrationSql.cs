using System.Data.Common;
using Dapper;

namespace ELearning.Api.Data;

/// <summary>
/// What the migrator says differently per database: the history table, and the database-wide lock that makes nodes
/// starting together apply each script once (the first takes the lock and migrates; the others wait, then find nothing
/// left to do).
/// </summary>
public abstract class MigrationSql
{
    public abstract string CreateHistory { get; }

    /// <summary>Takes the lock on this connection, for the session; disposing the result gives it back.</summary>
    public abstract Task<IAsyncDisposable> LockAsync(DbConnection connection, CancellationToken ct);

    /// <summary>The statements of one script, in order (SQL Server's scripts are split at lines reading GO).</summary>
    public virtual IEnumerable<string> Batches(string script) => [script];

    public static MigrationSql For(DatabaseProvider provider) => provider switch
    {
        DatabaseProvider.Sqlite => new Sqlite(),
        DatabaseProvider.PostgreSql => new PostgreSql(),
        DatabaseProvider.SqlServer => new SqlServer(),
        _ => throw new NotSupportedException(provider.ToString()),
    };

    // An arbitrary constant shared by every node: the key of the migration lock.
    const long LockKey = 7_236_410_013;
    const string LockName = "elearning-schema-migrations";

    sealed class Sqlite : MigrationSql
    {
        public override string CreateHistory =>
            "CREATE TABLE IF NOT EXISTS schema_migrations (version VARCHAR(200) NOT NULL PRIMARY KEY, applied_at VARCHAR(40) NOT NULL)";

        // SQLite's lock is its write lock: the migrator runs everything inside one BEGIN IMMEDIATE transaction instead.
        public override Task<IAsyncDisposable> LockAsync(DbConnection connection, CancellationToken ct) => Task.FromResult<IAsyncDisposable>(new Released(() => Task.CompletedTask));
    }

    sealed class PostgreSql : MigrationSql
    {
        public override string CreateHistory =>
            "CREATE TABLE IF NOT EXISTS schema_migrations (version VARCHAR(200) NOT NULL PRIMARY KEY, applied_at VARCHAR(40) NOT NULL)";

        public override async Task<IAsyncDisposable> LockAsync(DbConnection connection, CancellationToken ct)
        {
            await connection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_lock(@key)", new { key = LockKey }, cancellationToken: ct));
            return new Released(() => connection.ExecuteAsync("SELECT pg_advisory_unlock(@key)", new { key = LockKey }));
        }
    }

    sealed class SqlServer : MigrationSql
    {
        public override string CreateHistory => """
            IF OBJECT_ID(N'schema_migrations', N'U') IS NULL
                CREATE TABLE schema_migrations (version NVARCHAR(200) NOT NULL PRIMARY KEY, applied_at NVARCHAR(40) NOT NULL)
            """;

        public override async Task<IAsyncDisposable> LockAsync(DbConnection connection, CancellationToken ct)
        {
            var result = await connection.QuerySingleAsync<int>(new CommandDefinition("""
                DECLARE @r INT;
                EXEC @r = sp_getapplock @Resource = @name, @LockMode = 'Exclusive', @LockOwner = 'Session', @LockTimeout = 300000;
                SELECT @r;
                """, new { name = LockName }, cancellationToken: ct));
            if (result < 0) throw new TimeoutException($"sp_getapplock returned {result}: another node held the migration lock too long.");
            return new Released(() => connection.ExecuteAsync("EXEC sp_releaseapplock @Resource = @name, @LockOwner = 'Session'", new { name = LockName }));
        }

        public override IEnumerable<string> Batches(string script) =>
            System.Text.RegularExpressions.Regex.Split(script, @"^\s*GO\s*$", System.Text.RegularExpressions.RegexOptions.Multiline)
                .Where(b => !string.IsNullOrWhiteSpace(b));
    }

    sealed class Released(Func<Task> release) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await release();
    }
}
