using System.Reflection;
using Dapper;

namespace ELearning.Api.Data;

/// <summary>
/// Applies the versioned SQL scripts embedded under Data/Migrations/&lt;Provider&gt;/ in order, each in its
/// own transaction, recording each version so a restart applies only what is new.
/// </summary>
public sealed class Migrator(IDbConnectionFactory connections, ILogger<Migrator> logger)
{
    const string CreateHistory = "CREATE TABLE IF NOT EXISTS schema_migrations (version VARCHAR(200) NOT NULL PRIMARY KEY, applied_at VARCHAR(40) NOT NULL)";
    const string AppliedVersions = "SELECT version FROM schema_migrations";
    const string RecordVersion = "INSERT INTO schema_migrations (version, applied_at) VALUES (@version, @appliedAt)";

    public async Task MigrateAsync(CancellationToken ct = default)
    {
        await using var connection = await connections.OpenAsync(ct);
        if (connections.Provider == DatabaseProvider.Sqlite)
            await connection.ExecuteAsync(SqliteConnectionFactory.Prepare);
        await connection.ExecuteAsync(CreateHistory);
        var applied = (await connection.QueryAsync<string>(AppliedVersions)).ToHashSet();

        foreach (var (version, sql) in Scripts(connections.Provider))
        {
            if (applied.Contains(version)) continue;
            await using var tx = await connection.BeginTransactionAsync(ct);
            await connection.ExecuteAsync(sql, transaction: tx);
            await connection.ExecuteAsync(RecordVersion, new { version, appliedAt = DateTimeOffset.UtcNow.ToString("O") }, tx);
            await tx.CommitAsync(ct);
            logger.LogInformation("Applied database migration {Version}", version);
        }
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
