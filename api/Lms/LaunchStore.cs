using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Dapper;
using ELearning.Api.Data;
using ELearning.Api.Tracking;
using ELearning.Api.Tracking.Xapi;

namespace ELearning.Api.Lms;

/// <summary>The lms_launches table (migration 0005). Writes that go with an attempt's change take its transaction.</summary>
public sealed class LaunchStore(IDbConnectionFactory connections, TransactionWriter? writer = null)
{
    readonly TransactionWriter writes = writer ?? new DirectWriter(connections);

    const string Insert = """
        INSERT INTO lms_launches (id, attempt_id, learner_id, kind, endpoint, auth, actor, registration, activity_id, context_template, session_id,
                                  launch_mode, mastery_score, return_url, started_at, last_activity_at, exit_key_hash, move_on)
        VALUES (@Id, @AttemptId, @LearnerId, @Kind, @Endpoint, @Auth, @Actor, @Registration, @ActivityId, @ContextTemplate, @SessionId,
                @LaunchMode, @MasteryScore, @ReturnUrl, @StartedAt, @StartedAt, @ExitKeyHash, @MoveOn)
        """;
    const string Select = """
        SELECT id AS Id, attempt_id AS AttemptId, learner_id AS LearnerId, kind AS Kind, endpoint AS Endpoint, auth AS Auth, actor AS Actor, registration AS Registration,
               activity_id AS ActivityId, context_template AS ContextTemplate, session_id AS SessionId, launch_mode AS LaunchMode,
               mastery_score AS MasteryScore, return_url AS ReturnUrl, started_at AS StartedAt, last_activity_at AS LastActivityAt,
               terminated_at AS TerminatedAt, exit_key_hash AS ExitKeyHash, move_on AS MoveOn, ended_reason AS EndedReason, left_at AS LeftAt,
               credentials_refused_at AS CredentialsRefusedAt
        FROM lms_launches
        """;
    const string Touch = "UPDATE lms_launches SET last_activity_at = @at, left_at = NULL WHERE id = @id AND terminated_at IS NULL";
    const string End = "UPDATE lms_launches SET terminated_at = @at, ended_reason = @reason WHERE id = @id AND terminated_at IS NULL";
    // A relaunch abandons the earlier session (cmi5 9.3.6); if its token was refused first, that was the LMS abandoning it.
    const string Abandon = """
        UPDATE lms_launches SET terminated_at = COALESCE(terminated_at, @at), ended_reason = @reason
        WHERE id = @id AND (terminated_at IS NULL OR ended_reason = 'credentials')
        """;
    const string Leave = "UPDATE lms_launches SET left_at = @at WHERE id = @id AND terminated_at IS NULL";
    const string RefuseCredentials = "UPDATE lms_launches SET credentials_refused_at = @at WHERE id = @id AND credentials_refused_at IS NULL";
    // The sessions of one registration (cmi5 9.3: one completed and one passed per registration, across its sessions).
    const string LaunchesOfRegistration = """
        SELECT id FROM lms_launches WHERE registration = @registration AND activity_id = @activityId AND learner_id = @learnerId
        """;
    // The earlier launches of this learner's registration of this activity (cmi5: the earlier sessions), newest first.
    const string EarlierOfRegistration = Select + """
         WHERE learner_id = @learnerId AND registration = @registration AND activity_id = @activityId AND kind = @kind AND id <> @id
         ORDER BY started_at DESC
        """;
    // A Tin Can learner's earlier launches at the same LRS (the same learner key means the same endpoint and actor).
    const string EarlierTinCan = Select + " WHERE learner_id = @learnerId AND kind = 'tincan' AND id <> @id ORDER BY started_at DESC";

    public static Task InsertAsync(DbConnection connection, DbTransaction tx, LmsLaunch l, string? exitKeyHash) =>
        connection.ExecuteAsync(Insert, new
        {
            Id = l.Id.ToString("D"), AttemptId = l.AttemptId?.ToString("D"), LearnerId = l.LearnerId.ToString("D"), l.Kind, Endpoint = l.Endpoint.AbsoluteUri, Auth = l.Authorization,
            Actor = JsonSerializer.Serialize(l.Actor, XapiJson.Options), Registration = l.Registration.ToString("D"), l.ActivityId, l.ContextTemplate,
            l.SessionId, l.LaunchMode, l.MasteryScore, l.ReturnUrl, StartedAt = OutboxStore.Utc(l.StartedAt), ExitKeyHash = exitKeyHash, l.MoveOn,
        }, tx);

    // A Tin Can launch's attempt: a copy of the launch's row naming the attempt.
    const string BindTinCan = """
        INSERT INTO lms_launches (id, attempt_id, learner_id, kind, endpoint, auth, actor, registration, activity_id, context_template, session_id,
                                  launch_mode, mastery_score, return_url, started_at, last_activity_at)
        SELECT @id, @attemptId, learner_id, kind, endpoint, auth, actor, registration, activity_id, context_template, session_id,
               launch_mode, mastery_score, return_url, @at, @at
        FROM lms_launches WHERE id = @launchId AND kind = 'tincan' AND attempt_id IS NULL
        """;

    public static async Task BindTinCanAsync(DbConnection connection, DbTransaction tx, Guid launchId, Guid id, Guid attemptId, DateTimeOffset at)
    {
        if (await connection.ExecuteAsync(BindTinCan, new { id = id.ToString("D"), attemptId = attemptId.ToString("D"), launchId = launchId.ToString("D"), at = OutboxStore.Utc(at) }, tx) != 1)
            throw new InvalidOperationException($"No Tin Can launch {launchId} to start an attempt under.");
    }

    public static Task TouchAsync(DbConnection connection, DbTransaction tx, Guid launchId, DateTimeOffset at) =>
        connection.ExecuteAsync(Touch, new { id = launchId.ToString("D"), at = OutboxStore.Utc(at) }, tx);

    /// <summary>True for the one call that ends the session; later calls change nothing (exactly one terminated).</summary>
    public static async Task<bool> EndAsync(DbConnection connection, DbTransaction tx, Guid launchId, DateTimeOffset at, string reason) =>
        await connection.ExecuteAsync(End, new { id = launchId.ToString("D"), at = OutboxStore.Utc(at), reason }, tx) == 1;

    /// <summary>Ends a session that a later launch of its registration replaces (cmi5 9.3.6 abandoned): no terminated is sent for it.</summary>
    public static Task AbandonAsync(DbConnection connection, DbTransaction tx, Guid launchId, DateTimeOffset at) =>
        connection.ExecuteAsync(Abandon, new { id = launchId.ToString("D"), at = OutboxStore.Utc(at), reason = EndReasons.Abandoned }, tx);

    public static Task RefuseCredentialsAsync(DbConnection connection, DbTransaction tx, Guid launchId, DateTimeOffset at) =>
        connection.ExecuteAsync(RefuseCredentials, new { id = launchId.ToString("D"), at = OutboxStore.Utc(at) }, tx);

    /// <summary>
    /// What this registration has said or will still say: the verbs of the outbox rows (Tracking's, through its store) addressed
    /// to its sessions, delivered or still deliverable, never one set aside or undeliverable, so a passed stuck behind an
    /// expired token does not stop the next session from sending its own.
    /// </summary>
    public static async Task<IReadOnlySet<string>> VerbsSentAsync(DbConnection connection, DbTransaction tx, LmsLaunch l)
    {
        var sessions = await connection.QueryAsync<string>(LaunchesOfRegistration,
            new { registration = l.Registration.ToString("D"), activityId = l.ActivityId, learnerId = l.LearnerId.ToString("D") }, tx);
        var verbs = new HashSet<string>();
        foreach (var session in sessions) verbs.UnionWith(await OutboxStore.VerbsToAsync(connection, tx, session));
        return verbs;
    }

    /// <summary>cmi5: the learner's other sessions of this registration and activity; Tin Can: their other launches at this LRS. Newest first.</summary>
    public static async Task<IReadOnlyList<LmsLaunch>> EarlierAsync(DbConnection connection, DbTransaction? tx, LmsLaunch l) =>
        [.. (await connection.QueryAsync<Row>(l.Kind == LaunchKinds.TinCan ? EarlierTinCan : EarlierOfRegistration, new
        {
            learnerId = l.LearnerId.ToString("D"), registration = l.Registration.ToString("D"), activityId = l.ActivityId, kind = l.Kind, id = l.Id.ToString("D"),
        }, tx)).Select(r => r.ToLaunch())];

    public static async Task<LmsLaunch?> FindAsync(DbConnection connection, DbTransaction tx, Guid launchId) =>
        (await connection.QuerySingleOrDefaultAsync<Row>(Select + " WHERE id = @id", new { id = launchId.ToString("D") }, tx))?.ToLaunch();

    /// <summary>The pagehide beacon: the page went away, perhaps only to reload. False if the session had ended.</summary>
    public Task<bool> LeaveAsync(Guid launchId, DateTimeOffset at, CancellationToken ct) => writes.WriteAsync(async (connection, tx) =>
        await connection.ExecuteAsync(new CommandDefinition(Leave, new { id = launchId.ToString("D"), at = OutboxStore.Utc(at) }, tx, cancellationToken: ct)) == 1, ct);

    /// <summary>The page is back (a reload, or a tab shown again): the session is active.</summary>
    public Task<bool> ResumeAsync(Guid launchId, DateTimeOffset at, CancellationToken ct) => writes.WriteAsync(async (connection, tx) =>
        await connection.ExecuteAsync(new CommandDefinition(Touch, new { id = launchId.ToString("D"), at = OutboxStore.Utc(at) }, tx, cancellationToken: ct)) == 1, ct);

    public async Task<(LmsLaunch Launch, string? ExitKeyHash)?> FindAsync(Guid launchId, CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(Select + " WHERE id = @id", new { id = launchId.ToString("D") }, cancellationToken: ct));
        return row is null ? null : (row.ToLaunch(), row.ExitKeyHash);
    }

    /// <summary>Open sessions with no activity since <paramref name="cutoff"/>.</summary>
    public async Task<IReadOnlyList<LmsLaunch>> IdleSinceAsync(DateTimeOffset cutoff, CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(Select + " WHERE terminated_at IS NULL AND last_activity_at < @cutoff AND kind = 'cmi5'",
            new { cutoff = OutboxStore.Utc(cutoff) }, cancellationToken: ct));
        return [.. rows.Select(r => r.ToLaunch())];
    }

    /// <summary>Open sessions whose page went away before <paramref name="cutoff"/> and did not come back.</summary>
    public async Task<IReadOnlyList<LmsLaunch>> LeftSinceAsync(DateTimeOffset cutoff, CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(Select + " WHERE terminated_at IS NULL AND left_at < @cutoff AND kind = 'cmi5'",
            new { cutoff = OutboxStore.Utc(cutoff) }, cancellationToken: ct));
        return [.. rows.Select(r => r.ToLaunch())];
    }

    /// <summary>The delegate's LMS launches, for their data download (the LMS's credentials are never part of it).</summary>
    public async Task<IReadOnlyList<LmsLaunch>> ForLearnerAsync(Guid learnerId, CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(Select + " WHERE learner_id = @learnerId ORDER BY started_at",
            new { learnerId = learnerId.ToString("D") }, cancellationToken: ct));
        return [.. rows.Select(r => r.ToLaunch())];
    }

    /// <summary>
    /// Erasure: the LMS's actor for the delegate (their name and email or LMS id) becomes <paramref name="anonymous"/>;
    /// the launch stays, so statements waiting for the LMS's LRS still reach it (anonymised by Tracking).
    /// </summary>
    public Task AnonymiseLearnerAsync(Guid learnerId, Agent anonymous, CancellationToken ct)
    {
        var actor = JsonSerializer.Serialize(anonymous, XapiJson.Options);
        return writes.WriteAsync((connection, tx) => connection.ExecuteAsync(new CommandDefinition(
            "UPDATE lms_launches SET actor = @actor WHERE learner_id = @learnerId", new { learnerId = learnerId.ToString("D"), actor }, tx, cancellationToken: ct)), ct);
    }

    sealed class Row
    {
        public string Id { get; set; } = "";
        public string? AttemptId { get; set; }
        public string LearnerId { get; set; } = "";
        public string Kind { get; set; } = "";
        public string Endpoint { get; set; } = "";
        public string Auth { get; set; } = "";
        public string Actor { get; set; } = "";
        public string Registration { get; set; } = "";
        public string ActivityId { get; set; } = "";
        public string? ContextTemplate { get; set; }
        public string SessionId { get; set; } = "";
        public string LaunchMode { get; set; } = "";
        public double? MasteryScore { get; set; }
        public string? ReturnUrl { get; set; }
        public string StartedAt { get; set; } = "";
        public string LastActivityAt { get; set; } = "";
        public string? TerminatedAt { get; set; }
        public string? ExitKeyHash { get; set; }
        public string? MoveOn { get; set; }
        public string? EndedReason { get; set; }
        public string? LeftAt { get; set; }
        public string? CredentialsRefusedAt { get; set; }

        public LmsLaunch ToLaunch() => new(Guid.Parse(Id), AttemptId is null ? null : Guid.Parse(AttemptId), Guid.Parse(LearnerId), Kind, new Uri(Endpoint), Auth,
            JsonSerializer.Deserialize<Agent>(Actor, XapiJson.Options)!, Guid.Parse(Registration), ActivityId, ContextTemplate, SessionId, LaunchMode,
            MasteryScore, ReturnUrl, Parse(StartedAt), Parse(LastActivityAt), TerminatedAt is null ? null : Parse(TerminatedAt),
            MoveOn, EndedReason, LeftAt is null ? null : Parse(LeftAt), CredentialsRefusedAt is null ? null : Parse(CredentialsRefusedAt));

        static DateTimeOffset Parse(string text) => DataFormat.Time(text);
    }
}
