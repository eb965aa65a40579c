using System.Collections.Concurrent;

namespace ELearning.Api.Data;

/// <summary>
/// SQLite connections kept open between uses, each with its statements prepared. Microsoft.Data.Sqlite's own pool keeps
/// the database handle but finalizes every statement when a connection closes, so each use parsed and planned its SQL
/// again: on the answers bench SQLite's own code was 12.8% of the API's CPU samples on request threads, 5.5% since.
/// A connection comes back here when its user disposes it (open, no transaction) and the next user gets it as it was:
/// statements prepared, and SQLite's page cache, which SQLite checks against the log on every read and keeps when
/// nothing has changed.
/// <para>At most <see cref="MaxIdle"/> wait here; one idle for <see cref="IdleLifetime"/> is closed, so a quiet server
/// lets the file go. <see cref="Release"/> closes the idle ones now and every one in use when it comes back, as
/// <c>SqliteConnection.ClearAllPools</c> does for Microsoft.Data.Sqlite's pool: the way to let go of the file while the
/// API runs (an operator replacing a broken one, a test corrupting it).</para>
/// </summary>
public sealed class SqliteConnectionPool : IDisposable
{
    readonly string connectionString;
    readonly int statementsPerConnection;
    readonly ConcurrentStack<AtNamedSqliteConnection> idle = new(); // the most recently used, and so the warmest, first
    readonly TimeProvider clock;
    readonly ITimer pruning;
    int idleCount;
    int generation;
    bool disposed;

    /// <summary>Idle connections kept at most; more in use at once are closed as they come back.</summary>
    public static readonly int MaxIdle = Math.Max(8, 4 * Environment.ProcessorCount);

    /// <summary>An idle connection unused this long is closed.</summary>
    public static readonly TimeSpan IdleLifetime = TimeSpan.FromMinutes(2);

    /// <param name="connectionString">Without Microsoft.Data.Sqlite's pooling: closing a connection here closes it.</param>
    /// <param name="statementsPerConnection">SQL texts each connection keeps prepared (the least recently run give way).</param>
    /// <param name="clock">When idle connections are pruned (every half <see cref="IdleLifetime"/>).</param>
    public SqliteConnectionPool(string connectionString, int statementsPerConnection, TimeProvider clock)
    {
        this.connectionString = connectionString;
        this.statementsPerConnection = statementsPerConnection;
        this.clock = clock;
        pruning = clock.CreateTimer(_ => Prune(), null, IdleLifetime / 2, IdleLifetime / 2);
    }

    /// <summary>Connections waiting to be used again (for the tests).</summary>
    public int IdleCount => Volatile.Read(ref idleCount);

    public async Task<AtNamedSqliteConnection> OpenAsync(CancellationToken ct)
    {
        var current = Volatile.Read(ref generation);
        while (idle.TryPop(out var kept))
        {
            Interlocked.Decrement(ref idleCount);
            if (kept.Generation == current) return kept;
            kept.CloseForGood();
        }
        var connection = await OpenNewAsync(this, current, ct);
        connection.KeepStatementsPrepared(statementsPerConnection);
        return connection;
    }

    /// <summary>A connection of the caller's own, outside the pool (closed when disposed), stamped with the generation.</summary>
    public Task<AtNamedSqliteConnection> OpenOutsideAsync(CancellationToken ct) => OpenNewAsync(null, Generation, ct);

    async Task<AtNamedSqliteConnection> OpenNewAsync(SqliteConnectionPool? owner, int stamp, CancellationToken ct)
    {
        var connection = new AtNamedSqliteConnection(connectionString, owner) { Generation = stamp };
        try { await connection.OpenAsync(ct); }
        catch { connection.CloseForGood(); throw; }
        return connection;
    }

    /// <summary>A connection its user has finished with: true if it waits here for the next, false if it should close.</summary>
    internal bool TryTakeBack(AtNamedSqliteConnection connection)
    {
        if (Volatile.Read(ref disposed) || connection.Generation != Volatile.Read(ref generation)) return false;
        if (Interlocked.Increment(ref idleCount) > MaxIdle)
        {
            Interlocked.Decrement(ref idleCount);
            return false;
        }
        connection.ReturnedAt = clock.GetTimestamp();
        idle.Push(connection);
        return true;
    }

    /// <summary>The pool's generation, to stamp a connection opened outside it that should follow <see cref="Release"/>.</summary>
    public int Generation => Volatile.Read(ref generation);

    /// <summary>Closes every idle connection now, and every one in use as it comes back.</summary>
    public void Release()
    {
        Interlocked.Increment(ref generation);
        CloseIdle(_ => true);
    }

    void Prune() => CloseIdle(c => clock.GetElapsedTime(c.ReturnedAt) >= IdleLifetime);

    void CloseIdle(Func<AtNamedSqliteConnection, bool> close)
    {
        var keep = new List<AtNamedSqliteConnection>();
        while (idle.TryPop(out var connection))
        {
            Interlocked.Decrement(ref idleCount);
            if (close(connection) || connection.Generation != Volatile.Read(ref generation)) connection.CloseForGood();
            else keep.Add(connection);
        }
        // Back oldest first, so the most recently used is on top again; as they were, keeping when each came back.
        for (var i = keep.Count - 1; i >= 0; i--)
        {
            if (Volatile.Read(ref disposed)) { keep[i].CloseForGood(); continue; }
            Interlocked.Increment(ref idleCount);
            idle.Push(keep[i]);
        }
    }

    public void Dispose()
    {
        Volatile.Write(ref disposed, true);
        pruning.Dispose();
        Release();
    }
}
