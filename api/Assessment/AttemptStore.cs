using System.Data.Common;
using Dapper;
using ELearning.Api.Content;
using ELearning.Api.Data;

namespace ELearning.Api.Assessment;

public static class AttemptStatus
{
    public const string InProgress = "in-progress";
    public const string Completed = "completed";
}

public sealed record AttemptRecord(
    Guid Id, Guid LearnerId, string ModuleId, string Status, Position? Next, int AnswerCount, int RawScore, int MaxScore,
    double? Scaled, bool? Passed, DateTimeOffset StartedAt, DateTimeOffset UpdatedAt, DateTimeOffset? CompletedAt, Guid? LaunchId = null)
{
    /// <summary>
    /// A new attempt at the first node of the module's first case; its id becomes the xAPI registration.
    /// <paramref name="launchId"/>: the LMS launch it is started under, if any.
    /// </summary>
    public static AttemptRecord Begin(ModuleContent module, Guid learnerId, DateTimeOffset now, Guid? launchId = null) =>
        new(Guid.NewGuid(), learnerId, module.Id, AttemptStatus.InProgress, Navigation.Start(module), 0, 0, module.MaxScore, null, null, now, now, null, launchId);
}

/// <summary>One module's attempts, counted.</summary>
public sealed class ModuleAttempts
{
    public string ModuleId { get; set; } = "";
    public int Started { get; set; }
    public int Completed { get; set; }
    public int Passed { get; set; }
    public double? AverageScaled { get; set; }
}

/// <summary>An answer as a case's tally counts it: its case, its points, when.</summary>
public sealed record AnswerMark(string CaseId, int Score, DateTimeOffset AnsweredAt);

public sealed record AnswerRecord(string CaseId, string NodeId, int Sequence, LearnerResponse Response, int Score, int MaxScore, bool? Correct, DateTimeOffset AnsweredAt);

/// <summary>
/// Attempts and their answers. Every change is one transaction, guarded by the attempt's current position, written
/// through <see cref="TransactionWriter"/> (on SQLite, group commit: changes waiting together share one transaction,
/// each in its own savepoint, and each returns only once it is durable). Reads use pooled connections and never wait.
/// </summary>
public sealed class AttemptStore(IDbConnectionFactory connections, TransactionWriter? writer = null)
{
    readonly TransactionWriter writes = writer ?? new DirectWriter(connections);

    const string InsertAttempt = """
        INSERT INTO attempts (id, learner_id, module_id, status, next_case_id, next_node_id, answer_count, raw_score, max_score, started_at, updated_at, launch_id)
        VALUES (@Id, @LearnerId, @ModuleId, @Status, @NextCaseId, @NextNodeId, 0, 0, @MaxScore, @Now, @Now, @LaunchId)
        """;
    const string SelectAttempt = """
        SELECT id AS Id, learner_id AS LearnerId, module_id AS ModuleId, status AS Status, next_case_id AS NextCaseId,
               next_node_id AS NextNodeId, answer_count AS AnswerCount, raw_score AS RawScore, max_score AS MaxScore,
               scaled AS Scaled, passed AS Passed, started_at AS StartedAt, updated_at AS UpdatedAt, completed_at AS CompletedAt,
               launch_id AS LaunchId
        FROM attempts
        """;
    const string SelectAnswers = """
        SELECT case_id AS CaseId, node_id AS NodeId, sequence AS Sequence, response AS Response, score AS Score,
               max_score AS MaxScore, correct AS Correct, answered_at AS AnsweredAt
        FROM answers WHERE attempt_id = @attemptId ORDER BY sequence
        """;
    const string SelectAnswer = """
        SELECT case_id AS CaseId, node_id AS NodeId, sequence AS Sequence, response AS Response, score AS Score,
               max_score AS MaxScore, correct AS Correct, answered_at AS AnsweredAt
        FROM answers WHERE attempt_id = @attemptId AND case_id = @caseId AND node_id = @nodeId
        """;
    // The WHERE on the current position makes two racing answers to the same node settle on one.
    const string Advance = """
        UPDATE attempts
        SET next_case_id = @NextCaseId, next_node_id = @NextNodeId, answer_count = answer_count + 1,
            raw_score = raw_score + @Score, updated_at = @Now
        WHERE id = @Id AND status = 'in-progress' AND next_case_id = @CaseId AND next_node_id = @NodeId
        """;
    // Guarded by the position it moves from, like an answer, so a racing answer and a move settle on one.
    const string MoveTo = """
        UPDATE attempts SET next_case_id = @CaseId, next_node_id = @NodeId, updated_at = @Now
        WHERE id = @Id AND status = 'in-progress' AND next_case_id = @FromCaseId AND next_node_id = @FromNodeId
        """;
    const string InsertAnswer = """
        INSERT INTO answers (attempt_id, case_id, node_id, sequence, response, score, max_score, correct, answered_at)
        VALUES (@Id, @CaseId, @NodeId, @Sequence, @Response, @Score, @MaxScore, @Correct, @Now)
        """;
    const string Complete = """
        UPDATE attempts SET status = 'completed', scaled = @Scaled, passed = @Passed, completed_at = @Now, updated_at = @Now
        WHERE id = @Id AND status = 'in-progress'
        """;

    const string ModuleCounts = """
        SELECT module_id AS ModuleId, COUNT(*) AS Started,
               SUM(CASE WHEN status = 'completed' THEN 1 ELSE 0 END) AS Completed,
               SUM(CASE WHEN passed = @yes THEN 1 ELSE 0 END) AS Passed,
               AVG(scaled) AS AverageScaled
        FROM attempts GROUP BY module_id
        """;

    /// <summary>Attempts per module: started, completed, passed, mean scaled score (the administrators' summary). @yes: BOOLEAN, BIT or 1 alike.</summary>
    public async Task<IReadOnlyDictionary<string, ModuleAttempts>> PerModuleAsync(CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct);
        var rows = await connection.QueryAsync<ModuleAttempts>(new CommandDefinition(ModuleCounts, new { yes = true }, cancellationToken: ct));
        return rows.ToDictionary(r => r.ModuleId);
    }

    /// <summary>Creates the attempt; <paramref name="alsoInTransaction"/> writes in the same transaction (the xAPI outbox).</summary>
    public Task CreateAsync(AttemptRecord attempt, Func<DbConnection, DbTransaction, Task>? alsoInTransaction, CancellationToken ct) =>
        writes.WriteAsync(async (connection, tx) =>
        {
            await connection.ExecuteAsync(new CommandDefinition(InsertAttempt, new
            {
                Id = attempt.Id.ToString(), LearnerId = attempt.LearnerId.ToString(), attempt.ModuleId, attempt.Status,
                NextCaseId = attempt.Next?.CaseId, NextNodeId = attempt.Next?.NodeId, attempt.MaxScore, Now = DataFormat.Utc(attempt.StartedAt),
                LaunchId = attempt.LaunchId?.ToString("D"),
            }, tx, cancellationToken: ct));
            if (alsoInTransaction is not null) await alsoInTransaction(connection, tx);
            return true;
        }, ct);

    /// <summary>The attempt, if it exists and belongs to this learner: another delegate's attempt is not found.</summary>
    public async Task<AttemptRecord?> FindAsync(Guid attemptId, Guid learnerId, CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<AttemptRow>(new CommandDefinition(
            SelectAttempt + " WHERE id = @id AND learner_id = @learnerId", new { id = attemptId.ToString(), learnerId = learnerId.ToString() }, cancellationToken: ct));
        return row?.ToRecord();
    }

    public async Task<IReadOnlyList<AttemptRecord>> ForLearnerAsync(Guid learnerId, CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct);
        var rows = await connection.QueryAsync<AttemptRow>(new CommandDefinition(
            SelectAttempt + " WHERE learner_id = @learnerId ORDER BY started_at", new { learnerId = learnerId.ToString() }, cancellationToken: ct));
        return rows.Select(r => r.ToRecord()).ToList();
    }

    /// <summary>Erasure: the delegate's answers (their free text among them) and attempts are deleted, in one transaction.</summary>
    public Task DeleteForLearnerAsync(Guid learnerId, CancellationToken ct) => writes.WriteAsync(async (connection, tx) =>
    {
        var id = new { learnerId = learnerId.ToString() };
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM answers WHERE attempt_id IN (SELECT id FROM attempts WHERE learner_id = @learnerId)", id, tx, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition("DELETE FROM attempts WHERE learner_id = @learnerId", id, tx, cancellationToken: ct));
    }, ct);

    // An ending's read: which cases the attempt has answered in, with the points and times its case tally needs. Not the
    // responses: parsing every one of them made an ending's round of a burst half as long again as another node's.
    const string SelectMarks = """
        SELECT case_id AS CaseId, score AS Score, answered_at AS AnsweredAt FROM answers WHERE attempt_id = @attemptId ORDER BY sequence
        """;

    /// <summary>The attempt's answers so far, without their responses (what an ending's case tally and navigation read).</summary>
    public async Task<IReadOnlyList<AnswerMark>> MarksAsync(Guid attemptId, CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct);
        var rows = await connection.QueryAsync<MarkRow>(new CommandDefinition(SelectMarks, new { attemptId = attemptId.ToString() }, cancellationToken: ct));
        return rows.Select(r => new AnswerMark(r.CaseId, r.Score, DataFormat.Time(r.AnsweredAt))).ToList();
    }

    public async Task<IReadOnlyList<AnswerRecord>> AnswersAsync(Guid attemptId, CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct);
        var rows = await connection.QueryAsync<AnswerRow>(new CommandDefinition(SelectAnswers, new { attemptId = attemptId.ToString() }, cancellationToken: ct));
        return rows.Select(r => r.ToRecord()).ToList();
    }

    // The answer path's one read: the attempt, and whether this node already has an answer (a retry). A flag rather than
    // the answer's own columns: a LEFT JOIN's eight NULLs cost Dapper and Microsoft.Data.Sqlite a declared-type lookup
    // each on every read, for the rare retry that needs them (it reads the answer next).
    const string SelectAttemptWithAnswer = """
        SELECT a.id AS Id, a.learner_id AS LearnerId, a.module_id AS ModuleId, a.status AS Status, a.next_case_id AS NextCaseId,
               a.next_node_id AS NextNodeId, a.answer_count AS AnswerCount, a.raw_score AS RawScore, a.max_score AS MaxScore,
               a.scaled AS Scaled, a.passed AS Passed, a.started_at AS StartedAt, a.updated_at AS UpdatedAt, a.completed_at AS CompletedAt,
               a.launch_id AS LaunchId,
               CASE WHEN EXISTS (SELECT 1 FROM answers n WHERE n.attempt_id = a.id AND n.case_id = @caseId AND n.node_id = @nodeId) THEN 1 ELSE 0 END AS NodeAnswered
        FROM attempts a
        WHERE a.id = @id AND a.learner_id = @learnerId
        """;

    /// <summary>
    /// The attempt, if it exists and belongs to this learner, and its answer to this node if it has one: what an answer
    /// needs to know before it is written, in one read (an answer is the request a whole workshop makes at once; only a
    /// retry reads again, for the answer it repeats).
    /// </summary>
    public async Task<(AttemptRecord Attempt, AnswerRecord? Earlier)?> FindWithAnswerAsync(
        Guid attemptId, Guid learnerId, string caseId, string nodeId, CancellationToken ct)
    {
        AttemptRow? row;
        await using (var connection = await connections.OpenAsync(ct))
            row = await connection.QuerySingleOrDefaultAsync<AttemptRow>(new CommandDefinition(
                SelectAttemptWithAnswer, new { id = attemptId.ToString(), learnerId = learnerId.ToString(), caseId, nodeId }, cancellationToken: ct));
        if (row is null) return null;
        return (row.ToRecord(), row.NodeAnswered == 1 ? await FindAnswerAsync(attemptId, caseId, nodeId, ct) : null);
    }

    public async Task<AnswerRecord?> FindAnswerAsync(Guid attemptId, string caseId, string nodeId, CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<AnswerRow>(new CommandDefinition(
            SelectAnswer, new { attemptId = attemptId.ToString(), caseId, nodeId }, cancellationToken: ct));
        return row?.ToRecord();
    }

    /// <summary>
    /// Records an answer and moves the attempt on, in one transaction; false if the attempt was no longer at
    /// that node (a concurrent answer won). <paramref name="alsoInTransaction"/> lets other features (the
    /// xAPI outbox) write in the same transaction, so the answer and its records commit together or not at all.
    /// </summary>
    public Task<bool> RecordAnswerAsync(
        AttemptRecord attempt, AnswerRecord answer, Position? next,
        Func<DbConnection, DbTransaction, Task>? alsoInTransaction, CancellationToken ct) =>
        writes.WriteAsync(async (connection, tx) =>
    {
        var now = DataFormat.Utc(answer.AnsweredAt);
        var moved = await connection.ExecuteAsync(new CommandDefinition(Advance, new
        {
            Id = attempt.Id.ToString(), answer.CaseId, answer.NodeId, NextCaseId = next?.CaseId, NextNodeId = next?.NodeId,
            answer.Score, Now = now,
        }, tx, cancellationToken: ct));
        if (moved == 0) return false;
        await connection.ExecuteAsync(new CommandDefinition(InsertAnswer, new
        {
            Id = attempt.Id.ToString(), answer.CaseId, answer.NodeId, answer.Sequence, Response = answer.Response.ToCanonicalJson(),
            answer.Score, answer.MaxScore, answer.Correct, Now = now,
        }, tx, cancellationToken: ct));
        if (alsoInTransaction is not null) await alsoInTransaction(connection, tx);
        return true;
    }, ct);

    const string Relaunch = "UPDATE attempts SET launch_id = @launchId WHERE id = @id";

    /// <summary>
    /// The attempt now belongs to another launch (a later cmi5 session of its registration carries it on), inside the
    /// caller's transaction: its events name that launch from then on.
    /// </summary>
    public static Task BelongToLaunchAsync(DbConnection connection, DbTransaction tx, Guid attemptId, Guid launchId) =>
        connection.ExecuteAsync(Relaunch, new { id = DataFormat.Id(attemptId), launchId = DataFormat.Id(launchId) }, tx);

    /// <summary>Moves the attempt's next node to <paramref name="to"/>; false if it was no longer where it was read.</summary>
    public Task<bool> MoveToAsync(AttemptRecord attempt, Position to, DateTimeOffset now, CancellationToken ct) => writes.WriteAsync(async (connection, tx) =>
        await connection.ExecuteAsync(new CommandDefinition(MoveTo, new
        {
            Id = attempt.Id.ToString(), to.CaseId, to.NodeId, FromCaseId = attempt.Next?.CaseId, FromNodeId = attempt.Next?.NodeId, Now = DataFormat.Utc(now),
        }, tx, cancellationToken: ct)) > 0, ct);

    /// <summary>Marks the attempt completed with its result; false if it already was.</summary>
    public Task<bool> CompleteAsync(
        AttemptRecord attempt, ModuleResult result, DateTimeOffset now,
        Func<DbConnection, DbTransaction, Task>? alsoInTransaction, CancellationToken ct) =>
        writes.WriteAsync(async (connection, tx) =>
    {
        var changed = await connection.ExecuteAsync(new CommandDefinition(Complete, new
        {
            Id = attempt.Id.ToString(), result.Scaled, result.Passed, Now = DataFormat.Utc(now),
        }, tx, cancellationToken: ct));
        if (changed == 0) return false;
        if (alsoInTransaction is not null) await alsoInTransaction(connection, tx);
        return true;
    }, ct);

    // Dapper fills settable properties with conversions (SQLite hands back long and string), which a
    // positional record's constructor would refuse.
    sealed class AttemptRow
    {
        public string Id { get; set; } = "";
        public string LearnerId { get; set; } = "";
        public string ModuleId { get; set; } = "";
        public string Status { get; set; } = "";
        public string? NextCaseId { get; set; }
        public string? NextNodeId { get; set; }
        public int AnswerCount { get; set; }
        public int RawScore { get; set; }
        public int MaxScore { get; set; }
        public double? Scaled { get; set; }
        public bool? Passed { get; set; }
        public string StartedAt { get; set; } = "";
        public string UpdatedAt { get; set; } = "";
        public string? CompletedAt { get; set; }
        public string? LaunchId { get; set; }
        /// <summary>Selected by the answer path's read only: 1 when the node it asks about is already answered.</summary>
        public int NodeAnswered { get; set; }

        public AttemptRecord ToRecord() => new(
            Guid.Parse(Id), Guid.Parse(LearnerId), ModuleId, Status,
            NextCaseId is null || NextNodeId is null ? null : new Position(NextCaseId, NextNodeId),
            AnswerCount, RawScore, MaxScore, Scaled, Passed,
            DataFormat.Time(StartedAt), DataFormat.Time(UpdatedAt), DataFormat.TimeOrNull(CompletedAt),
            LaunchId is null ? null : Guid.Parse(LaunchId));
    }

    sealed class MarkRow
    {
        public string CaseId { get; set; } = "";
        public int Score { get; set; }
        public string AnsweredAt { get; set; } = "";
    }

    sealed class AnswerRow
    {
        public string CaseId { get; set; } = "";
        public string NodeId { get; set; } = "";
        public int Sequence { get; set; }
        public string Response { get; set; } = "";
        public int Score { get; set; }
        public int MaxScore { get; set; }
        public bool? Correct { get; set; }
        public string AnsweredAt { get; set; } = "";

        public AnswerRecord ToRecord() => new(
            CaseId, NodeId, Sequence, LearnerResponse.FromCanonicalJson(Response), Score, MaxScore, Correct, DataFormat.Time(AnsweredAt));
    }
}
