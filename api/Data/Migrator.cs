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
/// A script is named NNNN_name.sql, recorded by that whole name, and ordered by its number (numbers are unique; one
/// put between two released ones takes a point number, NNNN.N). A script renamed after it was applied says so in a
/// line "-- formerly: old_name": a database that recorded the old name records the new one instead of running it again.
/// </summary>
public sealed class Migrator(IDbConnectionFactory connections, ILogger<Migrator> logger)
{
    const string AppliedVersions = "SELECT version FROM schema_migrations";
    const string RecordVersion = "INSERT INTO schema_migrations (version, applied_at) VALUES (@version, @appliedAt)";
    const string RenameVersion = "UPDATE schema_migrations SET version = @version WHERE version = @formerly";

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
                if (await RenamedAsync(connection, tx, applied, version, sql)) continue;
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
                var renamed = await RenamedAsync(connection, tx, applied, version, sql);
                if (!renamed) await ApplyAsync(connection, tx, dialect, version, sql);
                await tx.CommitAsync(ct);
                if (!renamed) done.Add(version);
            }
        }
        foreach (var version in done) logger.LogInformation("Applied database migration {Version}", version);
        return done;
    }

    /// <summary>The script was applied under a former name: its history row takes the new name, and the script does not run again.</summary>
    static async Task<bool> RenamedAsync(DbConnection connection, DbTransaction tx, HashSet<string> applied, string version, string sql)
    {
        if (FormerNames(sql).FirstOrDefault(applied.Contains) is not { } formerly) return false;
        await connection.ExecuteAsync(RenameVersion, new { version, formerly }, tx);
        return true;
    }

    /// <summary>The names a script was applied under before ("-- formerly: name" lines).</summary>
    public static IEnumerable<string> FormerNames(string sql) =>
        System.Text.RegularExpressions.Regex.Matches(sql, @"^--[ \t]*formerly:[ \t]*(\S+)[ \t]*\r?$", System.Text.RegularExpressions.RegexOptions.Multiline)
            .Select(m => m.Groups[1].Value);

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

    /// <summary>The provider's scripts in the order they apply: by number. Two scripts with one number stop the start.</summary>
    public static IReadOnlyList<(string Version, string Sql)> Scripts(DatabaseProvider provider)
    {
        var assembly = Assembly.GetExecutingAssembly();
        var prefix = $"{assembly.GetName().Name}.Data.Migrations.{provider}.";
        var versions = assembly.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal))
            .Select(n => (Resource: n, Version: n[prefix.Length..^".sql".Length])).ToList();
        var ordered = Order(versions.Select(v => v.Version));
        return [.. ordered.Select(version =>
        {
            using var reader = new StreamReader(assembly.GetManifestResourceStream(prefix + version + ".sql")!);
            return (version, reader.ReadToEnd());
        })];
    }

    /// <summary>
    /// Orders migration names (NNNN_name or NNNN.N_name) by their number, compared part by part as integers; refuses a
    /// name without a number and two names with the same number, which would leave their order to the spelling.
    /// </summary>
    public static IReadOnlyList<string> Order(IEnumerable<string> versions)
    {
        var numbered = versions.Select(v => (Version: v, Number: Number(v))).ToList();
        var clash = numbered.GroupBy(v => string.Join('.', v.Number)).FirstOrDefault(g => g.Count() > 1);
        if (clash is not null)
            throw new StartupFailure($"Database migrations {string.Join(" and ", clash.Select(c => c.Version))} have the same number {clash.Key}: give each its own.");
        return [.. numbered.OrderBy(v => v.Number, NumberOrder.Instance).Select(v => v.Version)];
    }

    static int[] Number(string version)
    {
        var underscore = version.IndexOf('_');
        var parts = (underscore < 0 ? version : version[..underscore]).Split('.');
        var number = new int[parts.Length];
        for (var i = 0; i < parts.Length; i++)
            if (!int.TryParse(parts[i], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out number[i]))
                throw new StartupFailure($"Database migration '{version}' does not start with its number (NNNN_name or NNNN.N_name).");
        return number;
    }

    sealed class NumberOrder : IComparer<int[]>
    {
        public static readonly NumberOrder Instance = new();

        public int Compare(int[]? x, int[]? y)
        {
            for (var i = 0; i < Math.Min(x!.Length, y!.Length); i++)
                if (x[i] != y[i]) return x[i].CompareTo(y[i]);
            return x.Length.CompareTo(y.Length);
        }
    }
}
