using System.Data.Common;
using System.Threading.Channels;

namespace ELearning.Api.Data;

/// <summary>
/// Runs a piece of write work in a transaction and returns once it has committed. A work that throws writes nothing.
/// On SQLite (<see cref="SqliteGroupCommit"/>) pieces that wait together share one transaction, and one that fails rolls
/// back alone; on a server database (<see cref="DirectWriter"/>) each is its own transaction on a pooled connection.
/// The work must not commit or roll back the transaction itself, and must change nothing but the database: on SQLite a
/// batch in which a piece fails is rolled back and run again, so the others' work may run twice, the first rolled back.
/// </summary>
public abstract class TransactionWriter
{
    // Set while a piece of work runs (it flows into the work's awaits): a write started from inside one would, on SQLite,
    // wait in the queue behind the very piece that waits for it, and the writer would stop for good.
    static readonly AsyncLocal<bool> insideWork = new();

    public abstract Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken ct);

    /// <summary>Refuses a write started from inside another's work: it belongs in the transaction it was handed.</summary>
    protected static void RefuseNested()
    {
        if (insideWork.Value)
            throw new InvalidOperationException("A write was started inside another write's work; use the connection and transaction that work was given.");
    }

    /// <summary>Starts the work marked as running inside a write (the mark stays with the work, not with the caller).</summary>
    protected static Task<T> RunMarked<T>(Func<Task<T>> work)
    {
        var outer = insideWork.Value;
        insideWork.Value = true;
        try { return work(); }
        finally { insideWork.Value = outer; }
    }

    /// <summary>As <see cref="WriteAsync{T}"/>, for work that has nothing to return.</summary>
    public Task WriteAsync(Func<DbConnection, DbTransaction, Task> work, CancellationToken ct) =>
        WriteAsync(async (connection, tx) => { await work(connection, tx); return true; }, ct);
}

/// <summary>One transaction per piece of work, on a pooled connection.</summary>
public sealed class DirectWriter(IDbConnectionFactory connections) : TransactionWriter
{
    public override async Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken ct)
    {
        RefuseNested();
        await using var connection = await connections.OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        var result = await RunMarked(() => work(connection, tx));
        await tx.CommitAsync(ct);
        return result;
    }
}

/// <summary>
/// Group commit for SQLite, which takes one writer at a time: one writer connection, fed by a queue, takes up to
/// <c>Database:WriteBatchSize</c> waiting pieces into one <c>BEGIN IMMEDIATE … COMMIT</c> (a piece that throws, say an
/// answer for an ended LMS session, rolls back alone: the batch runs again, each piece in a savepoint), and completes each only after
/// COMMIT returns, with <c>synchronous = FULL</c>: a piece is acknowledged only once it is durable. Writers no longer
/// queue in SQLite's busy-wait sleeps; a burst costs one fsync per batch instead of one per answer. The log is
/// checkpointed beside the writer (<see cref="SqliteCheckpointer"/>), never inside one of its commits.
/// </summary>
public sealed class SqliteGroupCommit : TransactionWriter, IAsyncDisposable
{
    sealed record Piece(Func<DbConnection, DbTransaction, Task<object?>> Work, TaskCompletionSource<object?> Done, ExecutionContext? Context, CancellationToken Ct);

    const int MaxPreparedStatements = 512;
    /// <summary>Pages of log (64 MiB of 4 KiB pages) past which the writer starts it again itself.</summary>
    public const int DefaultLongLogPages = 16_384;
    readonly SqliteConnectionFactory connections;
    readonly TimeProvider clock;
    readonly int batchSize;
    readonly int longLogPages;
    readonly ILogger logger;
    // AllowSynchronousContinuations: the request that queues a piece wakes the waiting writer itself. Otherwise the wake-up
    // is a work item on the thread pool's queue, behind a burst's requests: traced, the writer began its first batch of a
    // round of 300 simultaneous answers 7–36 ms after the round began in 11 rounds of 20, with fifty already waiting.
    readonly Channel<Piece> queue = Channel.CreateUnbounded<Piece>(new UnboundedChannelOptions { SingleReader = true, AllowSynchronousContinuations = true });
    readonly TaskCompletionSource stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    readonly SqliteCheckpointer checkpointer;
    AtNamedSqliteConnection? connection;

    /// <param name="connections">Where the writer's own connection, and the checkpoints' pooled ones, come from.</param>
    /// <param name="batchSize">The most pieces in one transaction (<c>Database:WriteBatchSize</c>).</param>
    /// <param name="logger">Where a failed batch or log restart is reported.</param>
    /// <param name="clock">The idle lifetime's clock (a test's own, or the system's).</param>
    /// <param name="longLogPages">How long the log may grow while writes never pause (see <see cref="StartLogAgain"/>).</param>
    public SqliteGroupCommit(
        SqliteConnectionFactory connections, int batchSize, ILogger<SqliteGroupCommit> logger, TimeProvider? clock = null,
        int longLogPages = DefaultLongLogPages)
    {
        this.connections = connections;
        this.clock = clock ?? TimeProvider.System;
        this.batchSize = batchSize;
        this.longLogPages = longLogPages;
        this.logger = logger;
        checkpointer = new SqliteCheckpointer(connections, TimeSpan.FromMilliseconds(200), logger);
        // A thread of its own, not the thread pool's: a burst's requests fill the pool's queue, and a writer queued behind
        // them started its first batch only once most of them had been read, then wrote them all while the other core
        // idled. On its own thread the system schedules it beside them. Its pieces' awaits complete at once (the SQLite
        // provider's async methods run synchronously), so the thread does each batch from start to commit.
        new Thread(() =>
        {
            try { Run(); stopped.SetResult(); }
            catch (Exception e) { stopped.SetException(e); }
        }) { IsBackground = true, Name = WriterThreadName }.Start();
    }

    /// <summary>The writer's thread, as the system names it (the benchmark reads its CPU time by this name).</summary>
    public const string WriterThreadName = "SQLite writer";

    /// <summary>Checkpoints of the log made beside the writer so far (for the tests).</summary>
    public long Checkpoints => checkpointer.Checkpoints;

    /// <summary>Transactions committed so far (for the benchmark and the tests: fewer than the pieces under load).</summary>
    public long Commits => Interlocked.Read(ref commits);
    long commits;

    /// <summary>Batches rolled back because a piece failed and run again, each piece in a savepoint (for the tests).</summary>
    public long BatchesRunAgain => Interlocked.Read(ref batchesRunAgain);
    long batchesRunAgain;

    /// <summary>Times the writer has tried to start the log again, and done so (for the tests).</summary>
    public (long Tried, long Done) LogRestarts => (Interlocked.Read(ref logRestartsTried), Interlocked.Read(ref logRestarts));
    long logRestartsTried, logRestarts;

    /// <summary>Connections the writer has opened so far (for the tests: one for a run of writes, however long).</summary>
    public long ConnectionsOpened => Interlocked.Read(ref connectionsOpened);
    long connectionsOpened;

    /// <summary>Whether the writer holds its connection open now (for the tests).</summary>
    public bool HoldsConnection => Volatile.Read(ref connection) is not null;

    /// <summary>Whether the writer is waiting for work with its connection open, its idle time counting (for the tests).</summary>
    public bool WaitingIdle => Volatile.Read(ref waitingIdle);
    bool waitingIdle;

    public override async Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken ct)
    {
        RefuseNested();
        var done = new TaskCompletionSource<object?>(TaskCreationOptions.RunContinuationsAsynchronously);
        // The work runs on the writer's loop, but in the caller's context (the request's HttpContext, its log scope).
        var piece = new Piece(async (c, tx) => await work(c, tx), done, ExecutionContext.Capture(), ct);
        if (!queue.Writer.TryWrite(piece)) throw new ObjectDisposedException(nameof(SqliteGroupCommit), "The database writer has stopped.");
        return (T)(await done.Task)!;
    }

    void Run()
    {
        var batch = new List<Piece>(batchSize);
        while (WaitForWork())
        {
            batch.Clear();
            while (batch.Count < batchSize && queue.Reader.TryRead(out var piece))
            {
                if (piece.Ct.IsCancellationRequested) piece.Done.TrySetCanceled(piece.Ct);
                else batch.Add(piece);
            }
            if (batch.Count > 0) CommitAsync(batch).GetAwaiter().GetResult();
            if (connection is not null && checkpointer.TakeLongLog(longLogPages)) StartLogAgain(connection);
        }
        connection?.Dispose();
    }

    // Between runs of writes the connection stays open, its statements prepared and its pages cached, for
    // SqliteConnectionPool.IdleLifetime; then it closes, so a quiet server lets go of the file.
    bool WaitForWork()
    {
        if (queue.Reader.TryPeek(out _)) return true;
        if (connection is not null)
        {
            using var idle = new CancellationTokenSource(SqliteConnectionPool.IdleLifetime, clock);
            Volatile.Write(ref waitingIdle, true);
            try { return queue.Reader.WaitToReadAsync(idle.Token).AsTask().GetAwaiter().GetResult(); }
            catch (OperationCanceledException)
            {
                connection.Dispose();
                connection = null;
            }
            finally { Volatile.Write(ref waitingIdle, false); }
        }
        return queue.Reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult();
    }

    async Task CommitAsync(List<Piece> batch)
    {
        var results = new object?[batch.Count];
        var failures = new Exception?[batch.Count];
        try
        {
            // Asked to let go of the file (SqliteConnectionFactory.ReleaseConnections) since it opened: open it afresh.
            if (connection is not null && !connections.IsCurrent(connection))
            {
                await connection.DisposeAsync();
                connection = null;
            }
            connection ??= await OpenAsync();
            // Most batches have no failing piece: they run straight through. One that has is rolled back and run again,
            // each piece in its own savepoint, so that the failing one rolls back alone. A savepoint a piece costs every
            // batch: SQLite copies each page a piece changes to the savepoint's journal first (on the ceiling probe's
            // rows, about a tenth of the writer's CPU an answer).
            if (!await RunAsync(batch, connection, results, failures, eachInSavepoint: false))
            {
                Interlocked.Increment(ref batchesRunAgain);
                await RunAsync(batch, connection, results, failures, eachInSavepoint: true);
            }
            Interlocked.Increment(ref commits);
            checkpointer.Committed();
        }
        catch (Exception e)
        {
            // Nothing of this batch is stored: every piece fails, and the next batch starts on a fresh connection.
            logger.LogError(e, "A batch of {Count} database writes failed", batch.Count);
            foreach (var piece in batch) piece.Done.TrySetException(e);
            if (connection is not null) await connection.DisposeAsync();
            connection = null;
            return;
        }
        for (var i = 0; i < batch.Count; i++)
            if (failures[i] is { } failure) batch[i].Done.TrySetException(failure);
            else batch[i].Done.TrySetResult(results[i]);
    }

    /// <summary>
    /// A checkpoint beside a writer that commits without a pause always finds new pages to copy, and SQLite starts the
    /// log again from its beginning only after a commit that follows one which found none: in the answers bench, 36,000
    /// answers in a row left a log of 1 GB, each of its pages one the file system first had to find room for. Past
    /// <c>longLogPages</c>, the writer, between two batches and holding no transaction, copies what is left and waits
    /// (at most the busy timeout it opened with) for readers still in the log; its next commit writes from the start.
    /// Its checkpoint gives way to one already running beside it, and to a read that outlasts the wait: it tries again
    /// once the next checkpoint beside it has found the log long.
    /// </summary>
    void StartLogAgain(DbConnection writerConnection)
    {
        Interlocked.Increment(ref logRestartsTried);
        try
        {
            using var command = writerConnection.CreateCommand();
            command.CommandText = "PRAGMA wal_checkpoint(RESTART);"; // one row: busy, pages in the log, pages copied
            using var result = command.ExecuteReader();
            if (result.Read() && result.GetInt64(0) == 0) Interlocked.Increment(ref logRestarts);
        }
        catch (Exception e)
        {
            // The log only grows until a quieter moment lets SQLite start it again; the writes themselves are unharmed.
            logger.LogWarning(e, "Starting the SQLite log again failed; it will be tried once a checkpoint finds the log long again");
        }
    }

    /// <summary>
    /// One transaction of the batch's pieces, committed. Without savepoints, the first piece that fails rolls the whole
    /// transaction back and the answer is false (nothing is stored, nothing acknowledged); with them, a failing piece
    /// rolls back alone and its failure is kept for its caller.
    /// </summary>
    static async Task<bool> RunAsync(List<Piece> batch, DbConnection connection, object?[] results, Exception?[] failures, bool eachInSavepoint)
    {
        await using var tx = await connection.BeginTransactionAsync(); // Microsoft.Data.Sqlite: BEGIN IMMEDIATE
        for (var i = 0; i < batch.Count; i++)
        {
            var savepoint = eachInSavepoint ? "piece" + i.ToString(System.Globalization.CultureInfo.InvariantCulture) : null;
            if (savepoint is not null) await tx.SaveAsync(savepoint);
            try
            {
                results[i] = await Run(batch[i], connection, tx);
                if (savepoint is not null) await tx.ReleaseAsync(savepoint);
            }
            catch (Exception e) when (e is not Microsoft.Data.Sqlite.SqliteException { SqliteErrorCode: 10 or 11 or 13 }) // IO, corrupt, full: the batch fails
            {
                if (savepoint is null)
                {
                    await tx.RollbackAsync();
                    return false;
                }
                failures[i] = e;
                await tx.RollbackAsync(savepoint);
                await tx.ReleaseAsync(savepoint);
            }
        }
        await tx.CommitAsync();
        return true;
    }

    static Task<object?> Run(Piece piece, DbConnection connection, DbTransaction tx)
    {
        if (piece.Context is null) return RunMarked(() => piece.Work(connection, tx));
        Task<object?> running = null!;
        ExecutionContext.Run(piece.Context, _ => running = RunMarked(() => piece.Work(connection, tx)), null);
        return running;
    }

    async Task<AtNamedSqliteConnection> OpenAsync()
    {
        var opened = await connections.OpenOwnAsync();
        Interlocked.Increment(ref connectionsOpened);
        await using var command = opened.CreateCommand();
        // A batch run again puts each piece in a savepoint, which keeps a sub-journal of the pages it changes; SQLite spills
        // one past 64 KiB to a temporary file: in memory, that batch costs no writes but the WAL's own.
        // No checkpoint inside the writer's commits: SqliteCheckpointer makes them on a connection of its own.
        // The busy timeout bounds how long StartLogAgain waits for readers (it also lets BEGIN IMMEDIATE wait 10 ms for
        // another process's writer before Microsoft.Data.Sqlite's own retries, which sleep far longer). Once the log
        // starts again, a file that grew past twice the long-log size (a long read held checkpoints back) is cut back to
        // that. Twice: the log passes the long-log size by a checkpoint's worth before each start, and a limit at that
        // size would cut that end of the file off, to be made anew, every time.
        command.CommandText = "PRAGMA page_size;";
        var pageSize = Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
        command.CommandText = "PRAGMA synchronous = FULL; PRAGMA temp_store = MEMORY; PRAGMA wal_autocheckpoint = 0; PRAGMA busy_timeout = 10; " +
            $"PRAGMA journal_size_limit = {2 * pageSize * longLogPages};";
        await command.ExecuteNonQueryAsync();
        // The writer runs the same few statements over and over (an answer is six): parsed and planned once while its
        // connection lives, not once per piece.
        opened.KeepStatementsPrepared(MaxPreparedStatements);
        return opened;
    }

    public async ValueTask DisposeAsync()
    {
        queue.Writer.TryComplete();
        await stopped.Task;
        await checkpointer.DisposeAsync();
    }
}
