using System.Diagnostics;
using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;

static class GroupCommitCeiling
{
    /// <summary>
    /// The ceiling now: both ways of checkpointing, each on a fresh copy, the better of the two (the API checkpoints
    /// beside its writer, as the second does). The file system is synced before and after, so that neither the API's
    /// writes nor the copies' are still being written back while the other is timed, and the copies are deleted.
    /// </summary>
    public static double Point(string databaseFile, string folder)
    {
        // The probe's own code (this loop, Microsoft.Data.Sqlite's) first reaches its final tier, as the API's does in its
        // warm-up: three probes not counted, then a pause for the background compiler. Until 7 Dec 2026 the only probe ran
        // first in this process, partly in unoptimized code, and read about a quarter below a warm one (bench/README.md).
        if (!compiled)
        {
            for (var i = 0; i < 3; i++) Measure(databaseFile, folder, checkpointBeside: i % 2 == 0);
            Thread.Sleep(300);
            compiled = true;
        }
        Sync();
        var (inline, beside) = (Measure(databaseFile, folder, checkpointBeside: false), Measure(databaseFile, folder, checkpointBeside: true));
        Sync();
        Console.WriteLine($"ceiling: SQLite on the same disk, 50 answers per transaction, synchronous=FULL: {inline:F0} answers/s with checkpoints " +
                          $"inside its commits (SQLite's default), {beside:F0} with them beside the writer (as the API)");
        return Math.Max(inline, beside);
    }

    static bool compiled;

    [DllImport("libc", EntryPoint = "sync")]
    static extern void Sync();

    // The most answers per second this disk can make durable with SQLite, each answer being the rows the API wrote for
    // one (an answers row, its attempt moved on, its xAPI statements) under its own attempt, delegate and registration, 50
    // answers per transaction, synchronous=FULL, WAL, on a consistent copy of the benchmark's own database (same schema,
    // indexes and row sizes). The log is checkpointed as SQLite does by default (inside the commit that takes it past
    // 1,000 pages) or, with checkpointBeside, as the API does: passively, on another connection, every 200 ms.
    static double Measure(string databaseFile, string folder, bool checkpointBeside)
    {
        // Batches first that are not timed, as the API is warmed up before its burst: the connection's page cache and the
        // log file fill. Without them, alternating on copies of one database in one process: 9,022 against 9,937 answers/s,
        // medians of six, a tenth of the ceiling being the probe's own start.
        const int batch = 50, warmBatches = 10, batches = 40;
        var copy = $"{folder}/ceiling-{(checkpointBeside ? "beside" : "inline")}.db";
        using (var source = new SqliteConnection($"Data Source={databaseFile};Mode=ReadOnly"))
        {
            source.Open();
            using var vacuum = source.CreateCommand();
            vacuum.CommandText = $"VACUUM INTO '{copy}'";
            vacuum.ExecuteNonQuery();
        }
        using var db = new SqliteConnection($"Data Source={copy};Pooling=False");
        db.Open();
        Exec(db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;" + (checkpointBeside ? " PRAGMA wal_autocheckpoint = 0;" : ""));
        using var stopCheckpoints = new CancellationTokenSource();
        var checkpoints = checkpointBeside ? Task.Run(async () =>
        {
            using var checkpointer = new SqliteConnection($"Data Source={copy};Pooling=False");
            checkpointer.Open();
            while (!stopCheckpoints.IsCancellationRequested)
            {
                Exec(checkpointer, "PRAGMA wal_checkpoint(PASSIVE);");
                try { await Task.Delay(200, stopCheckpoints.Token); } catch (OperationCanceledException) { }
            }
        }) : Task.CompletedTask;
        var answers = Scalar(db, "SELECT COUNT(*) FROM answers");
        // The statements an answer writes (answered, experienced, …), not those of signing in and starting an attempt.
        const string AnswerVerbs = "verb NOT LIKE '%initialized' AND verb NOT LIKE '%launched' AND verb NOT LIKE '%attempted' AND verb NOT LIKE '%registered'";
        var statementsPerAnswer = Math.Max(1, (int)Math.Round((double)Scalar(db, $"SELECT COUNT(*) FROM xapi_outbox WHERE {AnswerVerbs}") / Math.Max(1, answers)));
        string verb, statement;
        using (var sample = db.CreateCommand())
        {
            sample.CommandText = $"SELECT verb, statement FROM xapi_outbox WHERE {AnswerVerbs} ORDER BY seq DESC LIMIT 1";
            using var r = sample.ExecuteReader();
            r.Read();
            (verb, statement) = (r.GetString(0), r.GetString(1));
        }
        // The keys a burst writes: each answer to its own attempt, each statement under its own delegate and registration,
        // at scattered places in their indexes (one attempt, learner and registration for every row would touch one page).
        var attempts = new List<(string Attempt, string Learner)>();
        using (var read = db.CreateCommand())
        {
            read.CommandText = "SELECT id, learner_id FROM attempts LIMIT 1000";
            using var r = read.ExecuteReader();
            while (r.Read()) attempts.Add((r.GetString(0), r.GetString(1)));
        }
        using var insertAnswer = Command(db, """
            INSERT INTO answers (attempt_id, case_id, node_id, sequence, response, score, max_score, correct, answered_at)
            SELECT @attempt, case_id, @node, sequence + 1, response, score, max_score, correct, @now FROM answers LIMIT 1
            """, "@attempt", "@node", "@now");
        using var moveOn = Command(db, "UPDATE attempts SET answer_count = answer_count + 1, next_node_id = @node, updated_at = @now WHERE id = @attempt",
            "@node", "@now", "@attempt");
        using var insertStatement = Command(db, """
            INSERT INTO xapi_outbox (statement_id, learner_id, registration, verb, created_at, statement)
            VALUES (@id, @learner, @registration, @verb, @now, @statement)
            """, "@id", "@now", "@learner", "@registration", "@verb", "@statement");
        insertStatement.Parameters["@verb"].Value = verb;
        insertStatement.Parameters["@statement"].Value = statement;
        var clock = new Stopwatch();
        for (var b = -warmBatches; b < batches; b++)
        {
            if (b == 0) clock.Start();
            using var transaction = db.BeginTransaction(deferred: false);
            foreach (var command in new[] { insertAnswer, moveOn, insertStatement }) command.Transaction = transaction;
            for (var i = 0; i < batch; i++)
            {
                var now = DateTime.UtcNow.ToString("O");
                var node = $"ceiling-{b}-{i}";
                var (attempt, learner) = attempts[((b + warmBatches) * batch + i) % attempts.Count];
                insertAnswer.Parameters["@attempt"].Value = attempt; insertAnswer.Parameters["@node"].Value = node; insertAnswer.Parameters["@now"].Value = now;
                insertAnswer.ExecuteNonQuery();
                moveOn.Parameters["@node"].Value = node; moveOn.Parameters["@now"].Value = now;
                moveOn.Parameters["@attempt"].Value = attempt; moveOn.ExecuteNonQuery();
                for (var s = 0; s < statementsPerAnswer; s++)
                {
                    insertStatement.Parameters["@id"].Value = Guid.NewGuid().ToString("D"); insertStatement.Parameters["@now"].Value = now;
                    insertStatement.Parameters["@learner"].Value = learner; insertStatement.Parameters["@registration"].Value = attempt; // the attempt is the registration
                    insertStatement.ExecuteNonQuery();
                }
            }
            transaction.Commit();
        }
        clock.Stop();
        stopCheckpoints.Cancel();
        checkpoints.Wait();
        db.Close();
        foreach (var file in new[] { copy, copy + "-wal", copy + "-shm" }) File.Delete(file);
        return batch * batches / clock.Elapsed.TotalSeconds;

        static void Exec(SqliteConnection db, string sql) { using var c = db.CreateCommand(); c.CommandText = sql; c.ExecuteNonQuery(); }
        static long Scalar(SqliteConnection db, string sql) { using var c = db.CreateCommand(); c.CommandText = sql; return (long)c.ExecuteScalar()!; }
        static SqliteCommand Command(SqliteConnection db, string sql, params string[] parameters)
        {
            var c = db.CreateCommand();
            c.CommandText = sql;
            foreach (var p in parameters) c.Parameters.Add(new SqliteParameter(p, ""));
            return c;
        }
    }
}
