using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.SqlClient;
using Npgsql;

namespace ELearning.Api.Data;

/// <summary>
/// PostgreSQL (Npgsql) or SQL Server (Microsoft.Data.SqlClient): a pooled data source for the connection string. The
/// stores run the same Dapper code on each; what differs in SQL lives in each store's dialect.
/// </summary>
public sealed class ServerConnectionFactory(DatabaseProvider provider, DbDataSource source) : IDbConnectionFactory, IDisposable
{
    public DatabaseProvider Provider => provider;

    public static ServerConnectionFactory Create(DatabaseProvider provider, string connectionString) => new(provider, provider switch
    {
        DatabaseProvider.PostgreSql => NpgsqlDataSource.Create(PostgreSqlConnectionString(connectionString)),
        DatabaseProvider.SqlServer => SqlClientFactory.Instance.CreateDataSource(connectionString),
        _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, "SQLite has its own factory."),
    });

    public async Task<DbConnection> OpenAsync(CancellationToken ct = default) => await source.OpenConnectionAsync(ct);

    /// <summary>Npgsql's own keyword and its spelling without spaces (keywords are not case-sensitive).</summary>
    static readonly string[] MaxAutoPrepareKeywords = ["Max Auto Prepare", "MaxAutoPrepare"];

    /// <summary>The prepared statements each PostgreSQL connection keeps when the connection string does not say.</summary>
    public const int DefaultMaxAutoPrepare = 50;

    /// <summary>
    /// The connection string Npgsql is given: as written, with automatic preparation on (<c>Max Auto Prepare</c> 50)
    /// unless it sets that itself. The stores run the same few statements over and over through Dapper, which cannot
    /// prepare them; without it the server parses and plans each one every time (a burst of answers took about 1.6 times
    /// as long: README, "Prepared statements on PostgreSQL"). A pool that cannot keep a prepared statement (PgBouncer in
    /// transaction mode before 1.21) already cannot carry the workshops' LISTEN; <c>Max Auto Prepare=0</c> turns it off.
    /// </summary>
    public static string PostgreSqlConnectionString(string connectionString)
    {
        var written = new DbConnectionStringBuilder { ConnectionString = connectionString };
        if (MaxAutoPrepareKeywords.Any(written.ContainsKey)) return connectionString;
        return new NpgsqlConnectionStringBuilder(connectionString) { MaxAutoPrepare = DefaultMaxAutoPrepare }.ConnectionString;
    }

    public void Dispose() => source.Dispose();
}

/// <summary>Connection string checks and the one-line account of a failure to connect, per provider; never the password.</summary>
public static class ConnectionStrings
{
    /// <summary>What is wrong with the connection string for this provider, or null.</summary>
    public static string? Check(DatabaseProvider provider, string connectionString)
    {
        try
        {
            if (provider is DatabaseProvider.PostgreSql or DatabaseProvider.SqlServer) return CheckServer(provider, connectionString);
            _ = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(connectionString);
            return null;
        }
        catch (Exception e) when (e is ArgumentException or FormatException or KeyNotFoundException)
        {
            return $"is not a {provider} connection string ({e.Message.Split('\n')[0].Trim()}).";
        }
    }

    // Apart, and never inlined: the method that names Npgsql's or SqlClient's types loads their assembly when it is
    // first run, so on SQLite neither is loaded (about 3 MiB of a start's memory).
    [MethodImpl(MethodImplOptions.NoInlining)]
    static string? CheckServer(DatabaseProvider provider, string connectionString)
    {
        if (provider == DatabaseProvider.PostgreSql)
            return string.IsNullOrWhiteSpace(new NpgsqlConnectionStringBuilder(connectionString).Host) ? "names no Host for PostgreSQL." : null;
        return string.IsNullOrWhiteSpace(new SqlConnectionStringBuilder(connectionString).DataSource) ? "names no Server for SQL Server." : null;
    }

    /// <summary>Where the connection goes (host and port, or file), for messages: no user name or password.</summary>
    public static string Target(DatabaseProvider provider, string connectionString)
    {
        try
        {
            return provider switch
            {
                DatabaseProvider.PostgreSql => new NpgsqlConnectionStringBuilder(connectionString) is var b ? $"{b.Host}:{b.Port}/{b.Database}" : "",
                DatabaseProvider.SqlServer => new SqlConnectionStringBuilder(connectionString) is var s ? $"{s.DataSource}/{s.InitialCatalog}" : "",
                _ => new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(connectionString).DataSource,
            };
        }
        catch (ArgumentException) { return "(unreadable connection string)"; }
    }

    /// <summary>One line saying why the database could not be used: unreachable, refused credentials, no such database.</summary>
    public static string Describe(DatabaseProvider provider, string target, Exception e)
    {
        var reason = e switch
        {
            PostgresException { SqlState: "28P01" or "28000" } => "the server refused the user name or password",
            PostgresException { SqlState: "3D000" } => "the database does not exist",
            SqlException { Number: 18456 } => "the server refused the login (user name or password)",
            SqlException { Number: 4060 } => "the database does not exist or the login may not open it",
            NpgsqlException { InnerException: System.Net.Sockets.SocketException s } => $"the server cannot be reached ({s.SocketErrorCode})",
            NpgsqlException { InnerException: TimeoutException } or TimeoutException => "the server did not answer in time",
            SqlException { Number: -2 or 53 or 40 or 10060 or 10061 or 11001 } => "the server cannot be reached",
            _ when DatabaseFaults.Reason(e) is { } fault => $"the database {fault} ({FirstLine(e.Message)})",
            _ => FirstLine(e.Message),
        };
        return $"ConnectionStrings:ELearning ({provider} at {target}): {reason}.";
    }

    static string FirstLine(string text) => text.Split('\n')[0].Trim().TrimEnd('.');
}
