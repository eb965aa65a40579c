using System.Data.Common;
using System.Runtime.CompilerServices;
using Dapper;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace ELearning.Api.Data;

/// <summary>
/// The database failures that are the operator's to fix, not a bug: the database is read-only, corrupt, full, or cannot
/// be opened. Each provider says so in its own codes; here they become one short reason.
/// </summary>
public static class DatabaseFaults
{
    /// <summary>The reason as a predicate ("is read-only", "cannot be opened"), for a fault the operator must fix; null for anything else (a bug, a constraint, a timeout).</summary>
    public static string? Reason(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            var reason = e switch
            {
                // SQLite's primary result codes (the low byte of an extended code).
                SqliteException s => (s.SqliteErrorCode & 0xFF) switch
                {
                    8 => "is read-only",
                    11 or 26 => "is corrupt or not a SQLite database",
                    13 => "is full",
                    10 => "cannot read or write its file",
                    14 => "cannot be opened",
                    _ => null,
                },
                DbException => ServerReason(e),
                _ => null,
            };
            if (reason is not null) return reason;
        }
        return null;
    }

    // Apart, and never inlined: naming Npgsql's and SqlClient's types loads their assemblies, which SQLite never needs.
    [MethodImpl(MethodImplOptions.NoInlining)]
    static string? ServerReason(Exception e) => e switch
    {
        PostgresException { SqlState: "25006" } => "is read-only",
        PostgresException { SqlState: "53100" } => "is full",
        PostgresException { SqlState: "XX001" or "XX002" } => "is corrupt",
        SqlException { Number: 3906 } => "is read-only",
        SqlException { Number: 1105 or 9002 } => "is full",
        SqlException { Number: 823 or 824 } => "is corrupt",
        _ => null,
    };

    /// <summary>Whether the database this connection reached refuses writes; a read that writes nothing.</summary>
    public static Task<bool> IsReadOnlyAsync(DbConnection connection, CancellationToken ct) => connection is SqliteConnection sqlite
        ? Task.FromResult(SQLitePCL.raw.sqlite3_db_readonly(sqlite.Handle, "main") == 1)
        : ServerIsReadOnlyAsync(connection, ct);

    [MethodImpl(MethodImplOptions.NoInlining)]
    static async Task<bool> ServerIsReadOnlyAsync(DbConnection connection, CancellationToken ct) => connection switch
    {
        NpgsqlConnection => await connection.ExecuteScalarAsync<string>(new CommandDefinition("SELECT current_setting('transaction_read_only')", cancellationToken: ct)) == "on",
        SqlConnection => await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            "SELECT CASE WHEN DATABASEPROPERTYEX(DB_NAME(), 'Updateability') = 'READ_WRITE' THEN 0 ELSE 1 END", cancellationToken: ct)) == 1,
        _ => false,
    };
}

/// <summary>
/// A request that met a database fault (<see cref="DatabaseFaults"/>) is answered 503 with a ProblemDetails and
/// Retry-After, not a generic 500: nothing was written, and the client may try again once the operator has fixed it.
/// The log says which fault; the response says no more than that the service cannot save just now.
/// </summary>
public sealed class DatabaseFaultHandler(IProblemDetailsService problems, ILogger<DatabaseFaultHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken ct)
    {
        if (DatabaseFaults.Reason(exception) is not { } reason) return false;
        logger.LogError("The database {Reason}: {Method} {Route} answered 503", reason, context.Request.Method, context.GetEndpoint()?.DisplayName);
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers.RetryAfter = "60";
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails
            {
                Status = 503,
                Title = "Service unavailable",
                Detail = "The service cannot save or read your work just now. Nothing was changed; please try again in a few minutes.",
            },
            Exception = exception,
        });
    }
}
