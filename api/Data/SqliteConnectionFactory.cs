using System.Data.Common;
using ELearning.Api.Infrastructure;
using Microsoft.Data.Sqlite;

namespace ELearning.Api.Data;

/// <summary>
/// The zero-set-up default: one SQLite file, created on first run, in WAL mode so readers never wait
/// for the writer. A relative path is taken from the content root, not the current directory, so the
/// database is the same file however the API is started. Connections come from a pool of our own that keeps them
/// open with their statements prepared (<see cref="SqliteConnectionPool"/>); the group-commit writer has one of its own.
/// </summary>
public sealed class SqliteConnectionFactory : IDbConnectionFactory, IDisposable
{
    readonly string connectionString;
    readonly SqliteConnectionPool pool;

    /// <summary>SQL texts each pooled connection keeps prepared: every statement the API runs often, with room to spare.</summary>
    public const int StatementsPerConnection = 64;

    public SqliteConnectionFactory(string connectionString, string contentRoot, TimeProvider? clock = null)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString)
        {
            ForeignKeys = true,
            // A writer waits this long for another writer before giving up (SQLite allows one at a time).
            DefaultTimeout = 30,
            // Our pool keeps connections open; Microsoft.Data.Sqlite's would keep the handle of one we close.
            Pooling = false,
        };
        if (builder.Mode != SqliteOpenMode.Memory && !string.IsNullOrEmpty(builder.DataSource) && !Path.IsPathRooted(builder.DataSource))
            builder.DataSource = Path.GetFullPath(Path.Combine(contentRoot, builder.DataSource));
        if (builder.Mode != SqliteOpenMode.Memory && Path.GetDirectoryName(builder.DataSource) is { Length: > 0 } folder)
        {
            try { Directory.CreateDirectory(folder); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new StartupFailure($"ConnectionStrings:ELearning (Sqlite at {builder.DataSource}): the folder {folder} cannot be created ({e.Message.TrimEnd('.')}).", e);
            }
        }
        this.connectionString = builder.ToString();
        pool = new SqliteConnectionPool(this.connectionString, StatementsPerConnection, clock ?? TimeProvider.System);
    }

    public DatabaseProvider Provider => DatabaseProvider.Sqlite;

    /// <summary>A connection from the pool; disposing it gives it back.</summary>
    public async Task<DbConnection> OpenAsync(CancellationToken ct = default) => await pool.OpenAsync(ct);

    /// <summary>A connection of the caller's own, outside the pool (closed when disposed), stamped so that
    /// <see cref="IsCurrent"/> says when a <see cref="ReleaseConnections"/> has happened since.</summary>
    public Task<AtNamedSqliteConnection> OpenOwnAsync(CancellationToken ct = default) => pool.OpenOutsideAsync(ct);

    /// <summary>False once <see cref="ReleaseConnections"/> has asked everyone to let go of the file since it was opened.</summary>
    public bool IsCurrent(AtNamedSqliteConnection connection) => connection.Generation == pool.Generation;

    /// <summary>
    /// Lets go of the database file: idle connections close now, those in use as they are disposed, the writer's before
    /// its next write (what <c>SqliteConnection.ClearAllPools</c> is for Microsoft.Data.Sqlite's pool).
    /// </summary>
    public void ReleaseConnections() => pool.Release();

    /// <summary>Idle pooled connections (for the tests).</summary>
    public int IdleConnections => pool.IdleCount;

    public void Dispose() => pool.Dispose();

    /// <summary>
    /// WAL is a property of the file, so it is set once, when migrations run. Connections keep the default
    /// synchronous = FULL: an answer is acknowledged only once it would survive a power cut.
    /// </summary>
    public const string Prepare = "PRAGMA journal_mode = WAL;";
}
