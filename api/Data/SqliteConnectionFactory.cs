using System.Data.Common;
using ELearning.Api.Infrastructure;
using Microsoft.Data.Sqlite;

namespace ELearning.Api.Data;

/// <summary>
/// The zero-set-up default: one SQLite file, created on first run, in WAL mode so readers never wait
/// for the writer. A relative path is taken from the content root, not the current directory, so the
/// database is the same file however the API is started.
/// </summary>
public sealed class SqliteConnectionFactory : IDbConnectionFactory
{
    readonly string connectionString;

    public SqliteConnectionFactory(string connectionString, string contentRoot)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString)
        {
            ForeignKeys = true,
            // A writer waits this long for another writer before giving up (SQLite allows one at a time).
            DefaultTimeout = 30,
            Pooling = true,
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
    }

    public DatabaseProvider Provider => DatabaseProvider.Sqlite;

    public async Task<DbConnection> OpenAsync(CancellationToken ct = default)
    {
        var connection = new AtNamedSqliteConnection(connectionString);
        await connection.OpenAsync(ct);
        return connection;
    }

    /// <summary>
    /// WAL is a property of the file, so it is set once, when migrations run. Connections keep the default
    /// synchronous = FULL: an answer is acknowledged only once it would survive a power cut.
    /// </summary>
    public const string Prepare = "PRAGMA journal_mode = WAL;";
}
