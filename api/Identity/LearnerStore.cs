using System.Data.Common;
using Dapper;
using ELearning.Api.Data;

namespace ELearning.Api.Identity;

/// <summary>
/// A learner's token as stored: whose it is, when it was made and last presented, and for an LMS session its scope
/// (<see cref="LmsScope"/>, as stored; null: a signed-in delegate's).
/// </summary>
public sealed record StoredToken(Guid OwnerId, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt, string? Scope = null)
{
    public DateTimeOffset LastUsed => LastUsedAt ?? CreatedAt;
}

public sealed record LearnerProfile(Guid Id, string Name, string? Email, string? RegistrationNumber, string? Profession, DateTimeOffset CreatedAt);

/// <summary>
/// Delegates and their tokens. Every change goes through <see cref="TransactionWriter"/> (on SQLite, the one writer:
/// a sign-in during a workshop's burst of answers queues behind it instead of sleeping in SQLite's busy handler).
/// </summary>
public sealed class LearnerStore(IDbConnectionFactory connections, TransactionWriter? writer = null)
{
    readonly TransactionWriter writes = writer ?? new DirectWriter(connections);

    const string Insert = """
        INSERT INTO learners (id, external_key, name, email, registration_number, profession, created_at)
        VALUES (@Id, @ExternalKey, @Name, @Email, @RegistrationNumber, @Profession, @CreatedAt)
        """;
    const string InsertToken = "INSERT INTO learner_tokens (token_hash, learner_id, created_at, last_used_at, scope) VALUES (@TokenHash, @LearnerId, @CreatedAt, @CreatedAt, @Scope)";
    const string TokenByHash = "SELECT learner_id AS OwnerId, created_at AS CreatedAt, last_used_at AS LastUsedAt, scope AS Scope FROM learner_tokens WHERE token_hash = @tokenHash";
    // The token's last use (sliding expiry) and its learner's last sighting (Privacy:RetentionDays), in one round trip.
    const string RecordTokenUse = """
        UPDATE learner_tokens SET last_used_at = @now WHERE token_hash = @tokenHash;
        UPDATE learners SET last_seen_at = @now
        WHERE id = (SELECT learner_id FROM learner_tokens WHERE token_hash = @tokenHash) AND erased_at IS NULL
        """;
    const string DeleteToken = "DELETE FROM learner_tokens WHERE token_hash = @tokenHash";
    const string MoveScope = "UPDATE learner_tokens SET scope = @to WHERE token_hash = @tokenHash AND scope = @from";
    const string IdByExternalKey = "SELECT id FROM learners WHERE external_key = @externalKey";
    const string ById = """
        SELECT id AS Id, name AS Name, email AS Email, registration_number AS RegistrationNumber,
               profession AS Profession, created_at AS CreatedAt
        FROM learners WHERE id = @id
        """;

    /// <summary>
    /// Creates a learner and their first token in one transaction, with <paramref name="alsoInTransaction"/> (another
    /// feature's rows about the new learner, such as joining a workshop): all of it commits, or none.
    /// </summary>
    public async Task CreateAsync(LearnerProfile learner, string tokenHash, CancellationToken ct, Func<DbConnection, DbTransaction, Task>? alsoInTransaction = null) =>
        await CreateAsync(learner, externalKey: null, tokenHash, scope: null, ct, alsoInTransaction);

    Task CreateAsync(LearnerProfile learner, string? externalKey, string tokenHash, LmsScope? scope, CancellationToken ct, Func<DbConnection, DbTransaction, Task>? alsoInTransaction = null) =>
        writes.WriteAsync(async (connection, tx) =>
        {
            await InsertLearnerAsync(connection, tx, learner, externalKey, ct);
            await AddTokenAsync(connection, tx, learner.Id, tokenHash, learner.CreatedAt, ct, scope);
            if (alsoInTransaction is not null) await alsoInTransaction(connection, tx);
        }, ct);

    static Task InsertLearnerAsync(DbConnection connection, DbTransaction tx, LearnerProfile learner, string? externalKey, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition(Insert, new
        {
            Id = learner.Id.ToString(), ExternalKey = externalKey, learner.Name, learner.Email,
            learner.RegistrationNumber, learner.Profession, CreatedAt = DataFormat.Utc(learner.CreatedAt),
        }, tx, cancellationToken: ct));

    /// <summary>
    /// The learner an LMS vouches for (by its own id for them), created on first launch, with a new token for this
    /// launch bounded by <paramref name="scope"/>. The name is the one the first launch gave: a launch never renames
    /// a learner who exists (what vouches for a launch sits in the learner's browser, so anyone could send one).
    /// </summary>
    public async Task<Guid> ProvisionExternalAsync(string externalKey, string name, string tokenHash, LmsScope scope, DateTimeOffset now, CancellationToken ct)
    {
        try { return await ProvisionOnceAsync(externalKey, name, tokenHash, scope, now, ct); }
        catch (DbException)
        {
            // Two first launches at once on a server database: the other one created the learner; this one attaches to it.
            return await ProvisionOnceAsync(externalKey, name, tokenHash, scope, now, ct);
        }
    }

    // The lookup is inside the write, so on SQLite (one writer) two first launches cannot both create the learner.
    Task<Guid> ProvisionOnceAsync(string externalKey, string name, string tokenHash, LmsScope scope, DateTimeOffset now, CancellationToken ct) =>
        writes.WriteAsync(async (connection, tx) =>
        {
            var id = await connection.QuerySingleOrDefaultAsync<string>(new CommandDefinition(IdByExternalKey, new { externalKey }, tx, cancellationToken: ct));
            var learnerId = id is null ? Guid.NewGuid() : Guid.Parse(id);
            if (id is null) await InsertLearnerAsync(connection, tx, new LearnerProfile(learnerId, name, null, null, null, now), externalKey, ct);
            await AddTokenAsync(connection, tx, learnerId, tokenHash, now, ct, scope);
            return learnerId;
        }, ct);

    /// <summary>Moves an LMS session's token from one attempt to another (a SCORM retry); false if it was not on <paramref name="from"/>.</summary>
    public Task<bool> MoveScopeAsync(string tokenHash, LmsScope from, LmsScope to, CancellationToken ct) =>
        writes.WriteAsync(async (connection, tx) =>
            await connection.ExecuteAsync(new CommandDefinition(MoveScope, new { tokenHash, from = from.ToString(), to = to.ToString() }, tx, cancellationToken: ct)) == 1, ct);

    static Task AddTokenAsync(DbConnection connection, DbTransaction tx, Guid learnerId, string tokenHash, DateTimeOffset now, CancellationToken ct, LmsScope? scope) =>
        connection.ExecuteAsync(new CommandDefinition(InsertToken,
            new { TokenHash = tokenHash, LearnerId = learnerId.ToString(), CreatedAt = DataFormat.Utc(now), Scope = scope?.ToString() }, tx, cancellationToken: ct));

    /// <summary>The learner's email, if any, inside the caller's transaction (the xAPI actor, when it is an mbox).</summary>
    public static Task<string?> EmailAsync(DbConnection connection, DbTransaction tx, Guid learnerId) =>
        connection.ExecuteScalarAsync<string?>("SELECT email FROM learners WHERE id = @learnerId", new { learnerId = DataFormat.Id(learnerId) }, tx);

    /// <summary>How many delegates there are (the administrators' summary).</summary>
    public async Task<int> CountAsync(CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct);
        return await connection.ExecuteScalarAsync<int>(new CommandDefinition("SELECT COUNT(*) FROM learners", cancellationToken: ct));
    }

    public async Task<Guid?> FindIdByTokenHashAsync(string tokenHash, CancellationToken ct) => (await FindTokenAsync(tokenHash, ct))?.OwnerId;

    /// <summary>The token with this hash, read from the database every time: a token revoked on any node stops at once.</summary>
    public async Task<StoredToken?> FindTokenAsync(string tokenHash, CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<TokenRow>(new CommandDefinition(TokenByHash, new { tokenHash }, cancellationToken: ct));
        return row is null ? null : new(Guid.Parse(row.OwnerId), DataFormat.Time(row.CreatedAt), DataFormat.TimeOrNull(row.LastUsedAt), row.Scope);
    }

    /// <summary>The token was presented now: it lives on (sliding expiry), and its learner was seen (the retention purge).</summary>
    public Task RecordTokenUseAsync(string tokenHash, DateTimeOffset now, CancellationToken ct) =>
        writes.WriteAsync((connection, tx) =>
            connection.ExecuteAsync(new CommandDefinition(RecordTokenUse, new { tokenHash, now = DataFormat.Utc(now) }, tx, cancellationToken: ct)), ct);

    /// <summary>Signs one token out for good (the delegate's other devices keep theirs); false if it was already gone.</summary>
    public Task<bool> RevokeTokenAsync(string tokenHash, CancellationToken ct) =>
        writes.WriteAsync(async (connection, tx) =>
            await connection.ExecuteAsync(new CommandDefinition(DeleteToken, new { tokenHash }, tx, cancellationToken: ct)) > 0, ct);

    public async Task<LearnerProfile?> FindAsync(Guid id, CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<LearnerRow>(new CommandDefinition(ById, new { id = id.ToString() }, cancellationToken: ct));
        return row is null ? null : new(Guid.Parse(row.Id), row.Name, row.Email, row.RegistrationNumber, row.Profession, DataFormat.Time(row.CreatedAt));
    }

    const string Record = """
        SELECT id AS Id, name AS Name, email AS Email, registration_number AS RegistrationNumber, profession AS Profession,
               external_key AS ExternalKey, created_at AS CreatedAt, last_seen_at AS LastSeenAt
        FROM learners WHERE id = @id AND erased_at IS NULL
        """;
    const string Unseen = "SELECT id FROM learners WHERE erased_at IS NULL AND COALESCE(last_seen_at, created_at) < @cutoff";
    const string Anonymise = """
        UPDATE learners SET name = '', email = NULL, registration_number = NULL, profession = NULL, external_key = NULL,
               erased_at = COALESCE(erased_at, @now)
        WHERE id = @id
        """;

    /// <summary>Everything this store holds about a delegate who has not been erased (tokens only by when they were issued).</summary>
    public async Task<LearnerRecordView?> RecordAsync(Guid id, CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<RecordRow>(new CommandDefinition(Record, new { id = DataFormat.Id(id) }, cancellationToken: ct));
        if (row is null) return null;
        var issued = await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT created_at FROM learner_tokens WHERE learner_id = @id ORDER BY created_at", new { id = DataFormat.Id(id) }, cancellationToken: ct));
        return new(id, row.Name, row.Email, row.RegistrationNumber, row.Profession, row.ExternalKey, DataFormat.Time(row.CreatedAt),
            DataFormat.TimeOrNull(row.LastSeenAt), [.. issued.Select(DataFormat.Time)]);
    }

    public async Task<bool> ExistsAsync(Guid id, CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct);
        return await connection.ExecuteScalarAsync<int>(new CommandDefinition("SELECT COUNT(*) FROM learners WHERE id = @id", new { id = DataFormat.Id(id) }, cancellationToken: ct)) > 0;
    }

    /// <summary>Delegates not erased and not seen (nor created) since the cutoff, up to a batch of them.</summary>
    public async Task<IReadOnlyList<Guid>> UnseenSinceAsync(DateTimeOffset cutoff, int batch, CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct);
        var ids = await connection.QueryAsync<string>(new CommandDefinition(Unseen, new { cutoff = DataFormat.Utc(cutoff) }, cancellationToken: ct));
        return [.. ids.Take(batch).Select(Guid.Parse)];
    }

    /// <summary>
    /// Erasure: the row stays (other tables name its id) without a name, email, registration number, profession or LMS
    /// identity, and every token is deleted. Returns the deleted tokens' hashes, for the caches that remember them.
    /// </summary>
    public Task<IReadOnlyList<string>> EraseAsync(Guid id, DateTimeOffset now, CancellationToken ct) => writes.WriteAsync<IReadOnlyList<string>>(async (connection, tx) =>
    {
        var learnerId = DataFormat.Id(id);
        var hashes = (await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT token_hash FROM learner_tokens WHERE learner_id = @learnerId", new { learnerId }, tx, cancellationToken: ct))).ToList();
        await connection.ExecuteAsync(new CommandDefinition("DELETE FROM learner_tokens WHERE learner_id = @learnerId", new { learnerId }, tx, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition(Anonymise, new { id = learnerId, now = DataFormat.Utc(now) }, tx, cancellationToken: ct));
        return hashes;
    }, ct);

    sealed class RecordRow
    {
        public string Name { get; set; } = "";
        public string? Email { get; set; }
        public string? RegistrationNumber { get; set; }
        public string? Profession { get; set; }
        public string? ExternalKey { get; set; }
        public string CreatedAt { get; set; } = "";
        public string? LastSeenAt { get; set; }
    }

    sealed class TokenRow
    {
        public string OwnerId { get; set; } = "";
        public string CreatedAt { get; set; } = "";
        public string? LastUsedAt { get; set; }
        public string? Scope { get; set; }
    }

    sealed class LearnerRow
    {
        public string Id { get; set; } = "";
        public string Name { get; set; } = "";
        public string? Email { get; set; }
        public string? RegistrationNumber { get; set; }
        public string? Profession { get; set; }
        public string CreatedAt { get; set; } = "";
    }
}
