using System.Threading.Channels;

namespace ELearning.Api.Data;

/// <summary>
/// Copies SQLite's write-ahead log into the database file on a connection of its own, beside the group-commit writer,
/// so that no commit does it. By default (wal_autocheckpoint) SQLite checkpoints inside whichever commit takes the log
/// past 1,000 pages: in the answers bench that commit took 14–20 ms instead of 3–6, once or twice in every round of 300
/// simultaneous answers, and every answer queued behind it waited as long. A passive checkpoint runs alongside the
/// writer and its readers (SQLite allows one checkpointer beside one writer) and copies only what no reader still
/// needs; the next commit after a complete one starts the log again from its beginning. Durability is unchanged: a
/// commit is durable once the log is synced, as before.
/// </summary>
public sealed class SqliteCheckpointer : IAsyncDisposable
{
    readonly IDbConnectionFactory connections;
    readonly TimeSpan interval;
    readonly ILogger logger;
    // One pending request at most: commits made while a checkpoint runs are covered by the next.
    readonly Channel<bool> requests = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    readonly CancellationTokenSource stopping = new();
    readonly Task loop;
    long checkpoints;

    /// <param name="connections">Where the checkpoints' connections come from (pooled, never the writer's own).</param>
    /// <param name="interval">
    /// The least time between two checkpoints: long enough that a burst's commits share one, short enough that little is
    /// left for the next (a round of 300 answers writes about 2,000 pages of log).
    /// </param>
    /// <param name="logger">Where a checkpoint that fails is reported (the next one tries again).</param>
    public SqliteCheckpointer(IDbConnectionFactory connections, TimeSpan interval, ILogger logger)
    {
        this.connections = connections;
        this.interval = interval;
        this.logger = logger;
        loop = Task.Run(RunAsync);
    }

    /// <summary>Checkpoints run so far (for the tests).</summary>
    public long Checkpoints => Interlocked.Read(ref checkpoints);

    /// <summary>
    /// Whether the last checkpoint found at least <paramref name="pages"/> in the log (counted from where it last started
    /// again), answered true once per such checkpoint. A checkpoint made beside a writer that commits without a pause
    /// never finds nothing left to copy, so the log never starts again on its own: the writer asks this between batches
    /// (<see cref="SqliteGroupCommit"/>), and at most once per checkpoint, so that a long read it must wait for slows it
    /// once in a checkpoint's interval rather than at every batch.
    /// </summary>
    // Read before exchanging: the writer asks after every batch, and most answers are no, with nothing to write.
    public bool TakeLongLog(long pages) => Interlocked.Read(ref logPages) >= pages && Interlocked.Exchange(ref logPages, 0) >= pages;
    long logPages;

    /// <summary>Something was committed: checkpoint soon. Never waits.</summary>
    public void Committed() => requests.Writer.TryWrite(true);

    async Task RunAsync()
    {
        try
        {
            while (await requests.Reader.WaitToReadAsync(stopping.Token))
            {
                requests.Reader.TryRead(out _);
                await CheckpointAsync();
                await Task.Delay(interval, stopping.Token);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested) { }
    }

    async Task CheckpointAsync()
    {
        try
        {
            await using var connection = await connections.OpenAsync(stopping.Token);
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA wal_checkpoint(PASSIVE);"; // one row: busy, pages in the log, pages copied
            await using (var result = await command.ExecuteReaderAsync(stopping.Token))
                if (await result.ReadAsync(stopping.Token)) Interlocked.Exchange(ref logPages, result.GetInt64(1));
            Interlocked.Increment(ref checkpoints);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The log keeps what it holds and the next commit asks again; a database that cannot be read fails its
            // requests and the health check, which say so.
            logger.LogWarning(e, "Checkpointing the SQLite log failed; it will be tried again after the next commit");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        requests.Writer.TryComplete();
        await loop;
        stopping.Dispose();
    }
}
