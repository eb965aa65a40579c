using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Dapper;
using ELearning.Api.Data;
using ELearning.Api.Tracking;
using ELearning.Api.Tracking.Xapi;

namespace ELearning.Api.Lms;

/// <summary>The lms_launches table (migration 0005). Writes that go with an attempt's change take its transaction.</summary>
public sealed class LaunchStore(IDbConnectionFactory connections)
{
    const string Insert = """
        INSERT INTO lms_launches (id, attempt_id, learner_id, kind, endpoint, auth, actor, registration, activity_id, context_template, session_id,
                                  launch_mode, mastery_score, return_url, started_at, last_activity_at, exit_key_hash)
        VALUES (@Id, @AttemptId, @LearnerId, @Kind, @Endpoint, @Auth, @Actor, @Registration, @ActivityId, @ContextTemplate, @SessionId,
                @LaunchMode, @MasteryScore, @ReturnUrl, @StartedAt, @StartedAt, @ExitKeyHash)
        """;
    const string Select = """
        SELECT id AS Id, attempt_id AS AttemptId, learner_id AS LearnerId, kind AS Kind, endpoint AS Endpoint, auth AS Auth, actor AS Actor, registration AS Registration,
               activity_id AS ActivityId, context_template AS ContextTemplate, session_id AS SessionId, launch_mode AS LaunchMode,
               mastery_score AS MasteryScore, return_url AS ReturnUrl, started_at AS StartedAt, last_activity_at AS LastActivityAt,
               terminated_at AS TerminatedAt, exit_key_hash AS ExitKeyHash
        FROM lms_launches
        """;
    const string Touch = "UPDATE lms_launches SET last_activity_at = @at WHERE id = @id AND terminated_at IS NULL";
    const string Terminate = "UPDATE lms_launches SET terminated_at = @at WHERE id = @id AND terminated_at IS NULL";
    // The sessions of one registration (cmi5 9.3: one completed and one passed per registration, across its sessions).
    const string LaunchesOfRegistration = "SELECT id FROM lms_launches WHERE registration = @registration AND activity_id = @activityId";

    public static Task InsertAsync(DbConnection connection, DbTransaction tx, LmsLaunch l, string? exitKeyHash) =>
        connection.ExecuteAsync(Insert, new
        {
            Id = l.Id.ToString("D"), AttemptId = l.AttemptId?.ToString("D"), LearnerId = l.LearnerId.ToString("D"), l.Kind, Endpoint = l.Endpoint.AbsoluteUri, Auth = l.Authorization,
            Actor = JsonSerializer.Serialize(l.Actor, XapiJson.Options), Registration = l.Registration.ToString("D"), l.ActivityId, l.ContextTemplate,
            l.SessionId, l.LaunchMode, l.MasteryScore, l.ReturnUrl, StartedAt = OutboxStore.Utc(l.StartedAt), ExitKeyHash = exitKeyHash,
        }, tx);

    /// <summary>The launch that opened this attempt, if an LMS launched it (the latest, should it have been launched again).</summary>
    public static async Task<LmsLaunch?> ForAttemptAsync(DbConnection connection, DbTransaction tx, Guid attemptId) =>
        (await connection.QueryFirstOrDefaultAsync<Row>(Select + " WHERE attempt_id = @attemptId ORDER BY started_at DESC",
            new { attemptId = attemptId.ToString("D") }, tx))?.ToLaunch();

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
    public static async Task<bool> TerminateAsync(DbConnection connection, DbTransaction tx, Guid launchId, DateTimeOffset at) =>
        await connection.ExecuteAsync(Terminate, new { id = launchId.ToString("D"), at = OutboxStore.Utc(at) }, tx) == 1;

    /// <summary>What earlier sessions of the launch's registration already sent: the verbs of the outbox rows (Tracking's) addressed to them.</summary>
    public static async Task<IReadOnlySet<string>> VerbsSentAsync(DbConnection connection, DbTransaction tx, LmsLaunch l)
    {
        var sessions = await connection.QueryAsync<string>(LaunchesOfRegistration, new { registration = l.Registration.ToString("D"), activityId = l.ActivityId }, tx);
        var verbs = new HashSet<string>();
        foreach (var session in sessions) verbs.UnionWith(await OutboxStore.VerbsToAsync(connection, tx, session));
        return verbs;
    }

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

        public LmsLaunch ToLaunch() => new(Guid.Parse(Id), AttemptId is null ? null : Guid.Parse(AttemptId), Guid.Parse(LearnerId), Kind, new Uri(Endpoint), Auth,
            JsonSerializer.Deserialize<Agent>(Actor, XapiJson.Options)!, Guid.Parse(Registration), ActivityId, ContextTemplate, SessionId, LaunchMode,
            MasteryScore, ReturnUrl, Parse(StartedAt), Parse(LastActivityAt), TerminatedAt is null ? null : Parse(TerminatedAt));

        static DateTimeOffset Parse(string text) => DataFormat.Time(text);
    }
}
