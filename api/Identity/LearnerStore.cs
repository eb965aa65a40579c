using System.Data.Common;
using Dapper;
using ELearning.Api.Data;

namespace ELearning.Api.Identity;

public sealed record LearnerProfile(Guid Id, string Name, string? Email, string? RegistrationNumber, string? Profession, DateTimeOffset CreatedAt);

/// <summary>A token's learner and, for an LMS session, its scope as stored (<see cref="LmsScope"/>).</summary>
public sealed record LearnerToken(Guid LearnerId, string? Scope);

public sealed class LearnerStore(IDbConnectionFactory connections)
{
    const string Insert = """
        INSERT INTO learners (id, external_key, name, email, registration_number, profession, created_at)
        VALUES (@Id, @ExternalKey, @Name, @Email, @RegistrationNumber, @Profession, @CreatedAt)
        """;
    const string InsertToken = "INSERT INTO learner_tokens (token_hash, learner_id, created_at, scope) VALUES (@TokenHash, @LearnerId, @CreatedAt, @Scope)";
    const string ByTokenHash = "SELECT learner_id AS LearnerId, scope AS Scope FROM learner_tokens WHERE token_hash = @tokenHash";
    const string MoveScope = "UPDATE learner_tokens SET scope = @to WHERE token_hash = @tokenHash AND scope = @from";
    const string IdByExternalKey = "SELECT id FROM learners WHERE external_key = @externalKey";
    const string ById = """
        SELECT id AS Id, name AS Name, email AS Email, registration_number AS RegistrationNumber,
               profession AS Profession, created_at AS CreatedAt
        FROM learners WHERE id = @id
        """;

    /// <summary>Creates a learner and their first token in one transaction.</summary>
    public async Task CreateAsync(LearnerProfile learner, string tokenHash, CancellationToken ct) =>
        await CreateAsync(learner, externalKey: null, tokenHash, scope: null, ct);

    async Task CreateAsync(LearnerProfile learner, string? externalKey, string tokenHash, LmsScope? scope, CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(Insert, new
        {
            Id = learner.Id.ToString(), ExternalKey = externalKey, learner.Name, learner.Email,
            learner.RegistrationNumber, learner.Profession, CreatedAt = DataFormat.Utc(learner.CreatedAt),
        }, tx, cancellationToken: ct));
        await AddTokenAsync(connection, tx, learner.Id, tokenHash, learner.CreatedAt, ct, scope);
        await tx.CommitAsync(ct);
    }

    /// <summary>
    /// The learner an LMS vouches for (by its own id for them), created on first launch, with a new token for this
    /// launch bounded by <paramref name="scope"/>. The name is the one the first launch gave: a launch never renames
    /// a learner who exists (what vouches for a launch sits in the learner's browser, so anyone could send one).
    /// </summary>
    public async Task<Guid> ProvisionExternalAsync(string externalKey, string name, string tokenHash, LmsScope scope, DateTimeOffset now, CancellationToken ct)
    {
        var learnerId = await FindIdByExternalKeyAsync(externalKey, ct);
        if (learnerId is null)
        {
            var learner = new LearnerProfile(Guid.NewGuid(), name, null, null, null, now);
            try
            {
                await CreateAsync(learner, externalKey, tokenHash, scope, ct);
                return learner.Id;
            }
            catch (DbException)
            {
                // Two first launches at once: the other one created the learner; attach this token to it.
                learnerId = await FindIdByExternalKeyAsync(externalKey, ct) ?? throw new InvalidOperationException("The learner could not be created.");
            }
        }
        await using var connection = await connections.OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await AddTokenAsync(connection, tx, learnerId.Value, tokenHash, now, ct, scope);
        await tx.CommitAsync(ct);
        return learnerId.Value;
    }

    /// <summary>Moves an LMS session's token from one attempt to another (a SCORM retry); false if it was not on <paramref name="from"/>.</summary>
    public async Task<bool> MoveScopeAsync(string tokenHash, LmsScope from, LmsScope to, CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition(MoveScope, new { tokenHash, from = from.ToString(), to = to.ToString() }, cancellationToken: ct)) == 1;
    }

    async Task<Guid?> FindIdByExternalKeyAsync(string externalKey, CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct);
        var id = await connection.QuerySingleOrDefaultAsync<string>(new CommandDefinition(IdByExternalKey, new { externalKey }, cancellationToken: ct));
        return id is null ? null : Guid.Parse(id);
    }

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

    public async Task<Guid?> FindIdByTokenHashAsync(string tokenHash, CancellationToken ct) => (await FindTokenAsync(tokenHash, ct))?.LearnerId;

    /// <summary>Whose token this is, and its LMS scope (null: a signed-in delegate's).</summary>
    public async Task<LearnerToken?> FindTokenAsync(string tokenHash, CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<TokenRow>(new CommandDefinition(ByTokenHash, new { tokenHash }, cancellationToken: ct));
        return row is null ? null : new(Guid.Parse(row.LearnerId), row.Scope);
    }

    sealed class TokenRow
    {
        public string LearnerId { get; set; } = "";
        public string? Scope { get; set; }
    }

    public async Task<LearnerProfile?> FindAsync(Guid id, CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<LearnerRow>(new CommandDefinition(ById, new { id = id.ToString() }, cancellationToken: ct));
        return row is null ? null : new(Guid.Parse(row.Id), row.Name, row.Email, row.RegistrationNumber, row.Profession, DataFormat.Time(row.CreatedAt));
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
