using System.Data.Common;
using System.Globalization;
using Dapper;
using ELearning.Api.Data;
using ELearning.Api.Tracking.Xapi;

namespace ELearning.Api.Tracking;

/// <summary>A statement with its JSON as the outbox stores it (UTF-8), serialized before the transaction that appends it.</summary>
public sealed record SerializedStatement(Statement Statement, byte[] Utf8)
{
    public static SerializedStatement Of(Statement statement) => new(statement, XapiJson.SerializeToUtf8(statement));
}

public sealed record ClaimedStatement(long Seq, Guid StatementId, string Json);

public sealed record OutboxCounts(int Pending, int Delivered, int Rejected, DateTimeOffset? OldestPendingAt, int Undeliverable = 0);

/// <summary>A destination whose statements cannot be delivered (its credentials were refused), with why and since when.</summary>
public sealed record UndeliverableDestination(string Destination, int Statements, DateTimeOffset Since, string Reason);

/// <summary>A statement of one destination not yet delivered, as handed over to another destination.</summary>
public sealed record WaitingStatement(long Seq, string Verb, string Json);

public sealed record RejectedStatement(Guid StatementId, string Verb, DateTimeOffset RejectedAt, string Reason);

/// <summary>A learner's statement as kept in the outbox, with its delivery state.</summary>
public sealed record StoredStatement(Guid StatementId, Guid Registration, string Verb, string Json, DateTimeOffset CreatedAt,
    DateTimeOffset? DeliveredAt, DateTimeOffset? RejectedAt, string? Rejection);

/// <summary>
/// The xAPI outbox. Statements join the transaction of the event they report (<c>AppendAsync</c>);
/// the dispatcher claims them in batches with a lease and marks each delivered or rejected. Rows are never
/// deleted: they are the delegate's record of learning. The dispatcher's claims and marks go through
/// <see cref="TransactionWriter"/> (on SQLite, behind the workshop's answers rather than colliding with them); no piece
/// waits on the LRS, which is called between them.
/// </summary>
public sealed class OutboxStore(IDbConnectionFactory connections, TransactionWriter? writer = null)
{
    readonly TransactionWriter writes = writer ?? new DirectWriter(connections);

    const string AllDelivered = """
        UPDATE xapi_outbox SET delivered_at = @now, lease_owner = NULL, lease_until = NULL, last_error = NULL
        WHERE lease_owner = @owner AND delivered_at IS NULL AND rejected_at IS NULL
        """;
    const string Rejected = """
        UPDATE xapi_outbox SET rejected_at = @now, rejection = @reason, lease_owner = NULL, lease_until = NULL
        WHERE seq = @seq AND lease_owner = @owner
        """;
    // Keeping lease_until at the retry time (without an owner) holds every instance off until then.
    const string Release = """
        UPDATE xapi_outbox SET lease_owner = NULL, lease_until = @retryAt, last_error = @error
        WHERE lease_owner = @owner AND delivered_at IS NULL AND rejected_at IS NULL
        """;
    // Each part is answered from an index, so the report stays cheap however many rows have been delivered.
    const string Counts = """
        SELECT (SELECT COUNT(*) FROM xapi_outbox WHERE delivered_at IS NULL AND rejected_at IS NULL AND undeliverable_at IS NULL) AS Pending,
               (SELECT COUNT(*) FROM xapi_outbox WHERE rejected_at IS NOT NULL) AS Rejected,
               (SELECT COUNT(*) FROM xapi_outbox WHERE undeliverable_at IS NOT NULL) AS Undeliverable,
               (SELECT COUNT(*) FROM xapi_outbox) AS Total,
               (SELECT MIN(created_at) FROM xapi_outbox WHERE delivered_at IS NULL AND rejected_at IS NULL AND undeliverable_at IS NULL) AS OldestPendingAt
        """;
    // Not yet delivered and not held by a claim: pending, backing off, or undeliverable.
    const string Waiting = """
        SELECT seq AS Seq, verb AS Verb, statement AS Json FROM xapi_outbox
        WHERE destination = @destination AND delivered_at IS NULL AND rejected_at IS NULL AND lease_owner IS NULL ORDER BY seq
        """;
    const string ForLearner = """
        SELECT statement_id AS StatementId, registration AS Registration, verb AS Verb, statement AS Json, created_at AS CreatedAt,
               delivered_at AS DeliveredAt, rejected_at AS RejectedAt, rejection AS Rejection
        FROM xapi_outbox WHERE learner_id = @learnerId ORDER BY seq
        """;

    /// <summary>
    /// Adds statements inside the caller's transaction, so they commit with the event or not at all.
    /// <paramref name="destination"/>: null for the configured LRS, else the launch whose LMS LRS receives them.
    /// A statement whose id is already in the outbox is the same statement (ids are derived from what they say), so it
    /// is not added twice: a workshop delegate moved away from a case they had not yet begun attempts it again later.
    /// </summary>
    public static Task AppendAsync(
        DbConnection connection, DbTransaction tx, Guid learnerId, IEnumerable<Statement> statements, DateTimeOffset now, string? destination = null) =>
        AppendAsync(connection, tx, learnerId, statements.Select(SerializedStatement.Of), now, destination);

    /// <summary>As <see cref="AppendAsync(DbConnection, DbTransaction, Guid, IEnumerable{Statement}, DateTimeOffset, string?)"/>, serialized beforehand.</summary>
    public static async Task AppendAsync(
        DbConnection connection, DbTransaction tx, Guid learnerId, IEnumerable<SerializedStatement> statements, DateTimeOffset now, string? destination = null)
    {
        // One execute per statement (an answer has one or two): measured on the writer, Dapper's list form cost about
        // twice as much per row, and on SQLite every statement is written inside the one writer's turn.
        var provider = OutboxSql.ProviderOf(connection);
        var sqlite = provider == DatabaseProvider.Sqlite;
        foreach (var (s, utf8) in statements)
            await connection.ExecuteAsync(OutboxSql.Insert(provider), new
            {
                StatementId = s.Id.ToString("D"), LearnerId = learnerId.ToString("D"),
                Registration = (s.Context?.Registration ?? Guid.Empty).ToString("D"), Verb = s.Verb.Id,
                // On SQLite the UTF-8 the serializer wrote goes in as it is (OutboxSql.Insert): as a string it
                // was copied to UTF-16 and back to UTF-8 to bind, three copies of a few kilobytes on the writer's turn.
                Json = sqlite ? (object)utf8 : System.Text.Encoding.UTF8.GetString(utf8), CreatedAt = Utc(now), Destination = destination,
            }, tx);
    }

    /// <summary>The verbs written for one destination (a launch) that are delivered or still deliverable, inside the caller's transaction.</summary>
    public static async Task<IReadOnlyList<string>> VerbsToAsync(DbConnection connection, DbTransaction tx, string destination) =>
        [.. await connection.QueryAsync<string>("""
            SELECT DISTINCT verb FROM xapi_outbox WHERE destination = @destination AND rejected_at IS NULL AND undeliverable_at IS NULL
            """, new { destination }, tx)];

    public async Task<IReadOnlyList<ClaimedStatement>> ClaimAsync(
        string owner, int batch, DateTimeOffset now, TimeSpan lease, CancellationToken ct, string? destination = null)
    {
        var rows = await writes.WriteAsync(async (connection, tx) => (await connection.QueryAsync<ClaimedRow>(new CommandDefinition(
            OutboxSql.Claim(connections.Provider, destination is not null),
            new { owner, leaseUntil = Utc(now + lease), now = Utc(now), batch, destination }, tx, cancellationToken: ct))).ToList(), ct);
        return [.. rows.OrderBy(r => r.Seq).Select(r => new ClaimedStatement(r.Seq, Guid.Parse(r.StatementId), r.Json))];
    }

    /// <summary>Destinations (launches) with statements ready to send now; those backing off are left out.</summary>
    public async Task<IReadOnlyList<string>> ReadyDestinationsAsync(DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct);
        return [.. await connection.QueryAsync<string>(new CommandDefinition(OutboxSql.ReadyDestinations, new { now = Utc(now) }, cancellationToken: ct))];
    }

    public Task MarkDeliveredAsync(string owner, IEnumerable<long> seqs, DateTimeOffset now, CancellationToken ct) =>
        writes.WriteAsync((connection, tx) =>
            connection.ExecuteAsync(new CommandDefinition(OutboxSql.Delivered(connections.Provider), new { owner, seqs = seqs.ToArray(), now = Utc(now) }, tx, cancellationToken: ct)), ct);

    /// <summary>Settles everything this claim still holds as delivered (the whole batch was accepted).</summary>
    public Task MarkAllDeliveredAsync(string owner, DateTimeOffset now, CancellationToken ct) =>
        writes.WriteAsync((connection, tx) =>
            connection.ExecuteAsync(new CommandDefinition(AllDelivered, new { owner, now = Utc(now) }, tx, cancellationToken: ct)), ct);

    public Task MarkRejectedAsync(string owner, long seq, string reason, DateTimeOffset now, CancellationToken ct) =>
        writes.WriteAsync((connection, tx) =>
            connection.ExecuteAsync(new CommandDefinition(Rejected, new { owner, seq, reason, now = Utc(now) }, tx, cancellationToken: ct)), ct);

    /// <summary>Gives back what this claim did not settle, to be tried again at <paramref name="retryAt"/>.</summary>
    public Task ReleaseAsync(string owner, DateTimeOffset retryAt, string error, CancellationToken ct) =>
        writes.WriteAsync((connection, tx) =>
            connection.ExecuteAsync(new CommandDefinition(Release, new { owner, retryAt = Utc(retryAt), error }, tx, cancellationToken: ct)), ct);

    public async Task<OutboxCounts> CountsAsync(CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct);
        var row = await connection.QuerySingleAsync<CountsRow>(new CommandDefinition(Counts, cancellationToken: ct));
        return new(row.Pending, row.Total - row.Pending - row.Rejected - row.Undeliverable, row.Rejected, row.OldestPendingAt is { } at ? Parse(at) : null,
            row.Undeliverable);
    }

    public async Task<IReadOnlyList<UndeliverableDestination>> UndeliverableAsync(int limit, CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct);
        var rows = await connection.QueryAsync<UndeliverableRow>(new CommandDefinition(OutboxSql.UndeliverableSummary(connections.Provider), new { limit }, cancellationToken: ct));
        return [.. rows.Select(r => new UndeliverableDestination(r.Destination ?? "", r.Statements, Parse(r.Since), r.Reason ?? ""))];
    }

    /// <summary>A destination's statements not yet delivered (pending, backing off or undeliverable) that no claim holds, in order.</summary>
    public static async Task<IReadOnlyList<WaitingStatement>> WaitingAsync(DbConnection connection, DbTransaction tx, string destination) =>
        [.. await connection.QueryAsync<WaitingStatement>(Waiting, new { destination }, tx)];

    /// <summary>Hands a waiting statement to another destination, as it is to be sent there, after what that destination holds; it is pending again.</summary>
    public static Task MoveAsync(DbConnection connection, DbTransaction tx, long seq, string destination, Statement statement) =>
        connection.ExecuteAsync(OutboxSql.Move(OutboxSql.ProviderOf(connection)), new { seq, destination, json = XapiJson.Serialize(statement) }, tx);

    /// <summary>Stops trying: the statements stay, marked undeliverable with the reason, until a later session takes them.</summary>
    public static Task MarkUndeliverableAsync(DbConnection connection, DbTransaction tx, IEnumerable<long> seqs, string reason, DateTimeOffset now) =>
        connection.ExecuteAsync(OutboxSql.MarkUndeliverable(OutboxSql.ProviderOf(connection)), new { seqs = seqs.ToArray(), reason, now = Utc(now) }, tx);

    /// <summary>Every waiting statement of a destination that names no LRS, marked undeliverable.</summary>
    public Task MarkDestinationUndeliverableAsync(string destination, string reason, DateTimeOffset now, CancellationToken ct) =>
        writes.WriteAsync(async (connection, tx) =>
            await MarkUndeliverableAsync(connection, tx, (await WaitingAsync(connection, tx, destination)).Select(w => w.Seq), reason, now), ct);

    public async Task<IReadOnlyList<RejectedStatement>> RecentRejectionsAsync(int limit, CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct);
        var rows = await connection.QueryAsync<RejectedRow>(new CommandDefinition(OutboxSql.RecentRejections(connections.Provider), new { limit }, cancellationToken: ct));
        return [.. rows.Select(r => new RejectedStatement(Guid.Parse(r.StatementId), r.Verb, Parse(r.RejectedAt), r.Reason))];
    }

    /// <summary>Every statement about a learner, oldest first, whatever its delivery state: for the CPD evidence pack.</summary>
    public async Task<IReadOnlyList<StoredStatement>> StatementsForLearnerAsync(Guid learnerId, CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct);
        var rows = await connection.QueryAsync<StoredRow>(new CommandDefinition(ForLearner, new { learnerId = learnerId.ToString("D") }, cancellationToken: ct));
        return [.. rows.Select(r => new StoredStatement(Guid.Parse(r.StatementId), Guid.Parse(r.Registration), r.Verb, r.Json, Parse(r.CreatedAt),
            r.DeliveredAt is { } d ? Parse(d) : null, r.RejectedAt is { } x ? Parse(x) : null, r.Rejection))];
    }

    /// <summary>
    /// Erasure: each of the learner's statements has its actor replaced (by <paramref name="anonymise"/>) and is moved off
    /// the learner's id to <paramref name="erasedId"/>, which names nobody. Statements not yet delivered go to the LRS
    /// anonymised. The rows stay: the LRS's copies keep their ids, and the counts in /api/admin/tracking hold.
    /// </summary>
    public async Task AnonymiseLearnerAsync(Guid learnerId, Guid erasedId, Func<string, string> anonymise, CancellationToken ct)
    {
        // The JSON is rewritten before the write, on a read, so the writer's transaction holds no parsing; inside it
        // only a statement that changed in between (a handover rewrites it) is rewritten again.
        var rewritten = new Dictionary<long, (string Was, string Json)>();
        await using (var reading = await connections.OpenAsync(ct))
            foreach (var (seq, json) in await OfLearnerAsync(reading, null, learnerId, ct)) rewritten[seq] = (json, anonymise(json));
        await writes.WriteAsync(async (connection, tx) =>
        {
            foreach (var (seq, json) in await OfLearnerAsync(connection, tx, learnerId, ct))
                await connection.ExecuteAsync(new CommandDefinition("UPDATE xapi_outbox SET statement = @json, learner_id = @erased WHERE seq = @seq", new
                {
                    json = rewritten.TryGetValue(seq, out var done) && done.Was == json ? done.Json : anonymise(json), erased = erasedId.ToString("D"), seq,
                }, tx, cancellationToken: ct));
        }, ct);
    }

    static Task<IEnumerable<(long Seq, string Json)>> OfLearnerAsync(DbConnection connection, DbTransaction? tx, Guid learnerId, CancellationToken ct) =>
        connection.QueryAsync<(long Seq, string Json)>(new CommandDefinition(
            "SELECT seq AS Seq, statement AS Json FROM xapi_outbox WHERE learner_id = @learnerId", new { learnerId = learnerId.ToString("D") }, tx, cancellationToken: ct));

    /// <summary>Fixed-width UTC text, so that comparing the strings compares the instants (lease_until &lt; @now).</summary>
    public static string Utc(DateTimeOffset t) => DataFormat.Utc(t);

    static DateTimeOffset Parse(string text) => DataFormat.Time(text);

    sealed class ClaimedRow
    {
        public long Seq { get; set; }
        public string StatementId { get; set; } = "";
        public string Json { get; set; } = "";
    }

    sealed class UndeliverableRow
    {
        public string? Destination { get; set; }
        public int Statements { get; set; }
        public string Since { get; set; } = "";
        public string? Reason { get; set; }
    }

    sealed class CountsRow
    {
        public int Undeliverable { get; set; }
        public int Pending { get; set; }
        public int Rejected { get; set; }
        public int Total { get; set; }
        public string? OldestPendingAt { get; set; }
    }

    sealed class RejectedRow
    {
        public string StatementId { get; set; } = "";
        public string Verb { get; set; } = "";
        public string RejectedAt { get; set; } = "";
        public string Reason { get; set; } = "";
    }

    sealed class StoredRow
    {
        public string StatementId { get; set; } = "";
        public string Registration { get; set; } = "";
        public string Verb { get; set; } = "";
        public string Json { get; set; } = "";
        public string CreatedAt { get; set; } = "";
        public string? DeliveredAt { get; set; }
        public string? RejectedAt { get; set; }
        public string? Rejection { get; set; }
    }
}
