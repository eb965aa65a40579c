using System.Data.Common;
using System.Reflection;
using Dapper;
using ELearning.Api.Infrastructure;

namespace ELearning.Api.Data;

/// <summary>
/// Applies the versioned SQL scripts embedded under Data/Migrations/&lt;Provider&gt;/ in order, recording each version so
/// a restart applies only what is new, under a database-wide lock (<see cref="MigrationSql"/>) so that nodes starting
/// at once migrate once. On SQLite the whole run is one BEGIN IMMEDIATE transaction (its write lock); on PostgreSQL and
/// SQL Server each script is its own transaction under an advisory / application lock.
/// </summary>
public sealed class Migrator(IDbConnectionFactory connections, ILogger<Migrator> logger)
{
    const string AppliedVersions = "SELECT version FROM schema_migrations";
    const string RecordVersion = "INSERT INTO schema_migrations (version, applied_at) VALUES (@version, @appliedAt)";

    /// <summary>Applies what is missing; returns the versions this call applied.</summary>
    public async Task<IReadOnlyList<string>> MigrateAsync(CancellationToken ct = default)
    {
        var dialect = MigrationSql.For(connections.Provider);
        await using var connection = await connections.OpenAsync(ct);
        var done = new List<string>();
        if (connections.Provider == DatabaseProvider.Sqlite)
        {
            // Up to date needs no write lock: a read-only database still starts, to serve what it can while /health
            // says it is read-only and writes answer 503.
            if (await UpToDateAsync(connection, ct)) return done;
            await connection.ExecuteAsync(SqliteConnectionFactory.Prepare);
            await using var tx = await connection.BeginTransactionAsync(ct); // Microsoft.Data.Sqlite: BEGIN IMMEDIATE
            await connection.ExecuteAsync(dialect.CreateHistory, transaction: tx);
            var applied = (await connection.QueryAsync<string>(AppliedVersions, transaction: tx)).ToHashSet();
            foreach (var (version, sql) in Scripts(connections.Provider).Where(s => !applied.Contains(s.Version)))
            {
                await ApplyAsync(connection, tx, dialect, version, sql);
                done.Add(version);
            }
            await tx.CommitAsync(ct);
        }
        else
        {
            await using var held = await dialect.LockAsync(connection, ct);
            await connection.ExecuteAsync(dialect.CreateHistory);
            var applied = (await connection.QueryAsync<string>(AppliedVersions)).ToHashSet();
            foreach (var (version, sql) in Scripts(connections.Provider).Where(s => !applied.Contains(s.Version)))
            {
                await using var tx = await connection.BeginTransactionAsync(ct);
                await ApplyAsync(connection, tx, dialect, version, sql);
                await tx.CommitAsync(ct);
                done.Add(version);
            }
        }
        foreach (var version in done) logger.LogInformation("Applied database migration {Version}", version);
        return done;
    }

    /// <summary>Every script already recorded (a plain read; false when there is no history table yet).</summary>
    async Task<bool> UpToDateAsync(DbConnection connection, CancellationToken ct)
    {
        try
        {
            var applied = (await connection.QueryAsync<string>(new CommandDefinition(AppliedVersions, cancellationToken: ct))).ToHashSet();
            return Scripts(connections.Provider).All(s => applied.Contains(s.Version));
        }
        catch (Microsoft.Data.Sqlite.SqliteException e) when (e.SqliteErrorCode == 1) // SQLITE_ERROR: no such table
        {
            return false;
        }
    }

    static async Task ApplyAsync(DbConnection connection, DbTransaction tx, MigrationSql dialect, string version, string sql)
    {
        try
        {
            foreach (var batch in dialect.Batches(sql)) await connection.ExecuteAsync(batch, transaction: tx);
        }
        catch (DbException e)
        {
            throw new StartupFailure($"Database migration {version} failed: {e.Message.Split('\n')[0].Trim()}", e);
        }
        await connection.ExecuteAsync(RecordVersion, new { version, appliedAt = DataFormat.Utc(DateTimeOffset.UtcNow) }, tx);
    }

    public static IEnumerable<(string Version, string Sql)> Scripts(DatabaseProvider provider)
    {
        var assembly = Assembly.GetExecutingAssembly();
        var prefix = $"{assembly.GetName().Name}.Data.Migrations.{provider}.";
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(prefix)).Order(StringComparer.Ordinal))
        {
            using var reader = new StreamReader(assembly.GetManifestResourceStream(name)!);
            yield return (name[prefix.Length..^".sql".Length], reader.ReadToEnd());
        }
    }
}
