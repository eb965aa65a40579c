using Dapper;
using ELearning.Api.Assessment;
using ELearning.Api.Data;
using ELearning.Api.Identity;
using ELearning.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace ELearning.Tests.Data;

/// <summary>
/// SQLite group commit: changes waiting together share one transaction (one that fails rolls back alone), and each is
/// acknowledged only once its transaction has committed.
/// </summary>
public sealed class GroupCommitTests : WithSqliteWriter
{
    static readonly DateTimeOffset t0 = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_burst_of_answers_shares_transactions_and_each_is_stored_once_acknowledged()
    {
        var attempts = new AttemptStore(db.Connections, writer);
        var started = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => NewAttemptAsync(attempts)));
        var commitsBefore = writer.Commits;
        var release = await HoldWriter();

        var answering = started.Select(async attempt =>
        {
            var stored = await attempts.RecordAnswerAsync(attempt, Answer(), new Position("case-1", "n2"), null, default);
            // Read on another connection the moment it is acknowledged: it is there.
            return stored && (await attempts.AnswersAsync(attempt.Id, default)).Count == 1;
        }).ToList();
        await release();
        var acknowledged = await Task.WhenAll(answering);

        Assert.All(acknowledged, Assert.True);
        Assert.Equal(2, writer.Commits - commitsBefore); // the held change's, then the forty answers' together
        Assert.Equal(0, writer.BatchesRunAgain); // none failed: no savepoints, each ran once
    }

    Task<Func<Task>> HoldWriter() => WriterHold.TakeAsync(writer);

    [Fact]
    public async Task Changes_are_written_on_the_writers_own_thread_not_behind_the_thread_pools_queue()
    {
        var release = await HoldWriter();
        var ran = Enumerable.Range(0, 5).Select(_ => writer.WriteAsync((_, _) =>
            Task.FromResult((Thread.CurrentThread.Name, Thread.CurrentThread.IsThreadPoolThread, Environment.CurrentManagedThreadId)), default)).ToList();
        await release();
        var threads = await Task.WhenAll(ran);

        Assert.All(threads, t => Assert.Equal((SqliteGroupCommit.WriterThreadName, false), (t.Name, t.IsThreadPoolThread)));
        Assert.Single(threads.Select(t => t.CurrentManagedThreadId).Distinct());
    }

    [Fact]
    public async Task A_waiting_writer_is_woken_by_the_change_itself_while_every_thread_pool_thread_is_busy()
    {
        // In a burst the pool's queue is full of requests; a wake-up queued behind them would start the writer late.
        await InsertLearnerAsync("before", fail: false);
        await Eventually.UntilAsync(() => Task.FromResult(writer.WaitingIdle), TimeSpan.FromSeconds(10), "the writer to wait idle");
        var gate = new ManualResetEventSlim(); // not disposed: blockers still queued wait on it after the test
        try
        {
            // More blockers than the pool has threads: the rest wait in its queue, as a burst's requests do.
            for (var i = 0; i < ThreadPool.ThreadCount + 16; i++) ThreadPool.UnsafeQueueUserWorkItem(_ => gate.Wait(), null);
            _ = InsertLearnerAsync("while the pool is busy", fail: false);

            // Read synchronously on this thread: anything awaited would need the pool.
            using var read = new Microsoft.Data.Sqlite.SqliteConnection(db.ConnectionString);
            read.Open();
            var stored = SpinWait.SpinUntil(() => read.ExecuteScalar<long>("SELECT COUNT(*) FROM learners WHERE name = 'while the pool is busy'") == 1,
                TimeSpan.FromSeconds(5));
            Assert.True(stored, "the change was not committed while the thread pool was busy");
        }
        finally { gate.Set(); }
    }

    [Fact]
    public async Task A_change_that_fails_rolls_back_alone_and_the_others_in_its_transaction_commit_once()
    {
        // Its batch is rolled back and run again, each in a savepoint: "first" ran twice, and is stored once.
        var release = await HoldWriter();
        var first = InsertLearnerAsync("first", fail: false);
        var failing = InsertLearnerAsync("failing", fail: true);
        var third = InsertLearnerAsync("third", fail: false);
        await release();

        await first;
        await third;
        Assert.Equal("refused", (await Assert.ThrowsAsync<InvalidOperationException>(() => failing)).Message);
        Assert.Equal(1, writer.BatchesRunAgain);
        await using var connection = await db.Connections.OpenAsync();
        Assert.Equal(["first", "third"], (await connection.QueryAsync<string>("SELECT name FROM learners ORDER BY name")).ToList());
    }

    [Fact]
    public async Task Racing_answers_to_one_node_in_one_transaction_record_one()
    {
        var attempts = new AttemptStore(db.Connections, writer);
        var attempt = await NewAttemptAsync(attempts);
        var release = await HoldWriter();

        var racing = Enumerable.Range(0, 6).Select(_ => attempts.RecordAnswerAsync(attempt, Answer(), new Position("case-1", "n2"), null, default)).ToList();
        await release();
        var won = await Task.WhenAll(racing);

        Assert.Single(won, w => w);
        Assert.Single(await attempts.AnswersAsync(attempt.Id, default));
    }

    [Fact]
    public async Task A_write_started_inside_another_writes_work_is_refused_and_the_writer_goes_on()
    {
        // On SQLite the inner write would queue behind the piece that awaits it: the writer would stop for good. A writer
        // of its own, so that a stopped one fails this test instead of hanging the others' clean-up.
        var own = new SqliteGroupCommit((SqliteConnectionFactory)db.Connections, 50, NullLogger<SqliteGroupCommit>.Instance);
        try
        {
            var nested = own.WriteAsync(async (_, _) => await own.WriteAsync((_, _) => Task.FromResult(1), default), default);

            await Assert.ThrowsAsync<InvalidOperationException>(() => nested.WaitAsync(TimeSpan.FromSeconds(10)));
            Assert.Equal(2, await own.WriteAsync((_, _) => Task.FromResult(2), default).WaitAsync(TimeSpan.FromSeconds(10)));
        }
        finally { await StopAsync(own); }
    }

    [Fact]
    public async Task A_write_started_inside_a_direct_writers_work_is_refused_too()
    {
        // The same rule on a server database, so what would stop SQLite's writer fails on every provider alike.
        var direct = new DirectWriter(db.Connections);
        var nested = direct.WriteAsync(async (_, _) => await direct.WriteAsync((_, _) => Task.FromResult(1), default), default);

        await Assert.ThrowsAsync<InvalidOperationException>(() => nested.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(1, await direct.WriteAsync((_, _) => Task.FromResult(1), default));
    }

    [Fact]
    public async Task The_writer_keeps_one_connection_across_runs_of_writes_and_opens_afresh_once_the_file_is_released()
    {
        await InsertLearnerAsync("first run", fail: false);
        // The queue has emptied and the writer waits, connection open: the next write is a new run.
        await Eventually.UntilAsync(() => Task.FromResult(writer.WaitingIdle), TimeSpan.FromSeconds(10), "the writer to wait idle");
        await InsertLearnerAsync("second run", fail: false);
        Assert.Equal(1, writer.ConnectionsOpened);
        Assert.True(writer.HoldsConnection);

        ((SqliteConnectionFactory)db.Connections).ReleaseConnections();
        await InsertLearnerAsync("after the release", fail: false);

        Assert.Equal(2, writer.ConnectionsOpened);
        await using var read = await db.Connections.OpenAsync();
        Assert.Equal(3L, await read.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM learners"));
    }

    [Fact]
    public async Task The_log_reaches_the_database_file_beside_the_writer_and_never_inside_its_commits()
    {
        // A commit that checkpoints makes every answer queued behind it wait: the writer's connection never does.
        Assert.Equal(0L, await writer.WriteAsync((connection, tx) => connection.ExecuteScalarAsync<long>("PRAGMA wal_autocheckpoint", transaction: tx), default));

        await Task.WhenAll(Enumerable.Range(0, 20).Select(i => InsertLearnerAsync($"learner {i}", fail: false)));

        // Far fewer pages than SQLite's own threshold (1,000), yet the database file itself, read without its log, holds
        // them within a few of the checkpointer's intervals.
        var file = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(db.ConnectionString).DataSource;
        var copy = Path.Combine(Path.GetDirectoryName(file)!, "file-alone.db");
        var inFile = 0L;
        for (var deadline = DateTime.UtcNow.AddSeconds(10); inFile < 20 && DateTime.UtcNow < deadline; await Task.Delay(100))
        {
            File.Copy(file, copy, overwrite: true);
            await using var alone = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={copy};Pooling=False");
            await alone.OpenAsync();
            // Until a checkpoint, the file may not even have the tables the migrations made.
            inFile = await alone.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM sqlite_master WHERE name = 'learners'") == 0 ? 0
                : await alone.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM learners WHERE name LIKE 'learner %'");
        }
        Assert.Equal(20, inFile);
        Assert.True(writer.Checkpoints > 0);
    }

    [Fact]
    public async Task Writes_that_never_pause_still_start_the_log_again_so_its_file_stays_small()
    {
        // A checkpoint beside a writer that always has work never finds nothing left to copy, so SQLite alone never
        // starts the log again: in the answers bench it reached 1 GB. A writer of its own, with a short log (256 pages).
        var own = new SqliteGroupCommit((SqliteConnectionFactory)db.Connections, 50, NullLogger<SqliteGroupCommit>.Instance, longLogPages: 256);
        var log = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(db.ConnectionString).DataSource + "-wal";
        try
        {
            await CreateTallyAsync(own);
            var sequenceBefore = LogSequence(log);

            var writing = WriteWithoutPauseAsync(own, TimeSpan.FromSeconds(2.5));
            var reads = 0;
            while (!writing.IsCompleted) // a reader in the log meanwhile
            {
                await using var read = await db.Connections.OpenAsync();
                await read.ExecuteScalarAsync<long>("SELECT SUM(n) FROM tally");
                reads++;
            }
            var writes = await writing.WaitAsync(TimeSpan.FromSeconds(30));

            var restarts = LogSequence(log) - sequenceBefore;
            var logBytes = new FileInfo(log).Length;
            Assert.True(reads > 0);
            Assert.True(restarts >= 3, $"the log started again {restarts} time(s) in {writes:N0} writes");
            // A few checkpoints' worth of log at most (about 12 MB here), not the whole run's (70–120 MB without the restarts).
            Assert.True(logBytes < 32 << 20, $"log file {logBytes:N0} bytes after {writes:N0} writes in {own.Commits:N0} commits");
        }
        finally { await StopAsync(own); }
    }

    [Fact]
    public async Task A_read_that_outlasts_the_writers_wait_costs_it_one_try_per_checkpoint_not_one_per_batch()
    {
        // A trust's export reading for minutes keeps the log from starting again: the writer's try waits for it (10 ms)
        // and fails, so it must not try again at every batch of the answers meanwhile.
        var own = new SqliteGroupCommit((SqliteConnectionFactory)db.Connections, 50, NullLogger<SqliteGroupCommit>.Instance, longLogPages: 16);
        try
        {
            await CreateTallyAsync(own);
            // Quiet first (the table's checkpoint made, the writer waiting), so that nothing before the read counts.
            await Eventually.UntilAsync(() => Task.FromResult(own.Checkpoints >= 1 && own.WaitingIdle), TimeSpan.FromSeconds(10), "the first checkpoint");
            await using var longRead = new Microsoft.Data.Sqlite.SqliteConnection(db.ConnectionString + ";Pooling=False");
            await longRead.OpenAsync();
            await using var snapshot = longRead.BeginTransaction(deferred: true);
            Assert.Equal(0L, await longRead.ExecuteScalarAsync<long>("SELECT SUM(n) FROM tally", transaction: snapshot));
            var (triedBefore, doneBefore) = own.LogRestarts;
            var (checkpointsBefore, commitsBefore) = (own.Checkpoints, own.Commits);

            await WriteWithoutPauseAsync(own, TimeSpan.FromSeconds(1.5)).WaitAsync(TimeSpan.FromSeconds(30));

            var tried = own.LogRestarts.Tried - triedBefore;
            var (checkpoints, batches) = (own.Checkpoints - checkpointsBefore, own.Commits - commitsBefore);
            Assert.Equal(0L, await longRead.ExecuteScalarAsync<long>("SELECT SUM(n) FROM tally", transaction: snapshot)); // still its snapshot
            Assert.True(tried >= 1, "the writer never tried to start the log again");
            Assert.Equal(doneBefore, own.LogRestarts.Done);
            // One try for each checkpoint that found the log long (and one for the table's, found before the read began).
            Assert.True(tried <= checkpoints + 1, $"{tried} tries in {batches} batches and {checkpoints} checkpoints");
            Assert.True(batches > 2 * (checkpoints + 1), $"{batches} batches and {checkpoints} checkpoints"); // the check can tell the two apart
        }
        finally { await StopAsync(own); }
    }

    /// <summary>Stops a test's own writer, waiting at most 5 s: one that has stopped for good fails its test, not the clean-up.</summary>
    static Task StopAsync(SqliteGroupCommit own) => Task.WhenAny(own.DisposeAsync().AsTask(), Task.Delay(TimeSpan.FromSeconds(5)));

    /// <summary>Two hundred rows of a counter and 500 random bytes, for writes that change the same pages again and again.</summary>
    static Task CreateTallyAsync(SqliteGroupCommit own) => own.WriteAsync(async (connection, tx) =>
    {
        await connection.ExecuteAsync("CREATE TABLE tally (id INTEGER PRIMARY KEY, n INTEGER NOT NULL, body BLOB NOT NULL)", transaction: tx);
        await connection.ExecuteAsync("WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < 200) INSERT INTO tally SELECT i, 0, randomblob(500) FROM k", transaction: tx);
    }, default);

    /// <summary>
    /// Two hundred callers, each writing again as soon as its last write is acknowledged, for <paramref name="duration"/>:
    /// four batches always waiting, so the writer goes from batch to batch without a pause. Returns the writes made.
    /// </summary>
    static async Task<int> WriteWithoutPauseAsync(SqliteGroupCommit own, TimeSpan duration)
    {
        var until = DateTime.UtcNow + duration;
        var writes = 0;
        await Task.WhenAll(Enumerable.Range(0, 200).Select(caller => Task.Run(async () =>
        {
            for (var i = 0; DateTime.UtcNow < until; i++)
            {
                await own.WriteAsync((connection, tx) => connection.ExecuteAsync("UPDATE tally SET n = n + 1, body = randomblob(500) WHERE id = @id",
                    new { id = (caller * 7 + i) % 200 + 1 }, tx), default);
                Interlocked.Increment(ref writes);
            }
        })));
        return writes;
    }

    /// <summary>The log's checkpoint sequence (its header's fourth field, big-endian): one more each time it starts again.</summary>
    static uint LogSequence(string log)
    {
        using var file = new FileStream(log, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        Span<byte> header = stackalloc byte[16];
        file.ReadExactly(header);
        return System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(header[12..]);
    }

    Task<bool> InsertLearnerAsync(string name, bool fail) => writer.WriteAsync(async (connection, tx) =>
    {
        await connection.ExecuteAsync("INSERT INTO learners (id, name, created_at) VALUES (@id, @name, @at)",
            new { id = Guid.NewGuid().ToString("D"), name, at = DataFormat.Utc(t0) }, tx);
        if (fail) throw new InvalidOperationException("refused");
        return true;
    }, default);

    static AnswerRecord Answer() => new("case-1", "n1", 1, LearnerResponse.FromCanonicalJson("""{"choices":["a"]}"""), 2, 2, true, t0);

    async Task<AttemptRecord> NewAttemptAsync(AttemptStore attempts)
    {
        var learnerId = Guid.NewGuid();
        await new LearnerStore(db.Connections).CreateAsync(new LearnerProfile(learnerId, "Asha Patel", null, null, null, t0), $"hash-{learnerId}", default);
        var attempt = new AttemptRecord(Guid.NewGuid(), learnerId, "confidentiality", AttemptStatus.InProgress, new Position("case-1", "n1"),
            0, 0, 8, null, null, t0, t0, null);
        await attempts.CreateAsync(attempt, null, default);
        return attempt;
    }
}

/// <summary>The writer on a clock of the test's: an idle writer lets go of the file after the pool's idle lifetime.</summary>
public sealed class IdleWriterTests : WithSqliteWriter
{
    readonly Microsoft.Extensions.Time.Testing.FakeTimeProvider clock = new();
    protected override TimeProvider Clock => clock;

    [Fact]
    public async Task An_idle_writer_closes_its_connection_after_the_idle_lifetime_and_opens_one_for_the_next_write()
    {
        await writer.WriteAsync((connection, tx) => connection.ExecuteAsync("SELECT 1", transaction: tx), default);
        await Eventually.UntilAsync(() => Task.FromResult(writer.WaitingIdle), TimeSpan.FromSeconds(10), "the writer to wait idle");
        clock.Advance(SqliteConnectionPool.IdleLifetime - TimeSpan.FromSeconds(1));
        await Task.Delay(100);
        Assert.True(writer.HoldsConnection);

        clock.Advance(TimeSpan.FromSeconds(2));
        await Eventually.UntilAsync(() => Task.FromResult(!writer.HoldsConnection), TimeSpan.FromSeconds(10), "the idle writer to close its connection");

        Assert.Equal(7, await writer.WriteAsync((connection, tx) => connection.ExecuteScalarAsync<int>("SELECT 7", transaction: tx), default));
        Assert.Equal(2, writer.ConnectionsOpened);
    }
}
