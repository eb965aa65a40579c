using System.Data.Common;
using System.Globalization;
using Dapper;
using ELearning.Api.Data;

namespace ELearning.Api.Identity;

public sealed record Facilitator(Guid Id, string Name, string Email, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt);

/// <summary>
/// Facilitators and their tokens. Not cached: a revocation must stop the token on its very next request. Changes go
/// through <see cref="TransactionWriter"/>.
/// </summary>
public sealed class FacilitatorStore(IDbConnectionFactory connections, TransactionWriter? writer = null)
{
    readonly TransactionWriter writes = writer ?? new DirectWriter(connections);

    const string Insert = """
        INSERT INTO facilitators (id, name, email, token_hash, created_at)
        VALUES (@Id, @Name, @Email, @TokenHash, @CreatedAt)
        """;
    const string ActiveIdByTokenHash = "SELECT id FROM facilitators WHERE token_hash = @tokenHash AND revoked_at IS NULL";
    const string ActiveTokenByHash = "SELECT id AS OwnerId, created_at AS CreatedAt, last_used_at AS LastUsedAt FROM facilitators WHERE token_hash = @tokenHash AND revoked_at IS NULL";
    const string RecordTokenUse = "UPDATE facilitators SET last_used_at = @now WHERE token_hash = @tokenHash";
    const string Revoke = "UPDATE facilitators SET revoked_at = @now WHERE id = @id AND revoked_at IS NULL";
    const string Select = """
        SELECT id AS Id, name AS Name, email AS Email, created_at AS CreatedAt, revoked_at AS RevokedAt FROM facilitators
        """;

    /// <summary>Creates the facilitator; <paramref name="audit"/> is logged in the same transaction.</summary>
    public Task CreateAsync(Facilitator facilitator, string tokenHash, AuditRecord audit, CancellationToken ct) =>
        writes.WriteAsync(async (connection, tx) =>
        {
            await connection.ExecuteAsync(new CommandDefinition(Insert, new
            {
                Id = facilitator.Id.ToString(), facilitator.Name, facilitator.Email, TokenHash = tokenHash, CreatedAt = facilitator.CreatedAt.ToString("O"),
            }, tx, cancellationToken: ct));
            await AuditLog.AppendAsync(connection, tx, audit);
        }, ct);

    public async Task<Guid?> FindActiveIdByTokenHashAsync(string tokenHash, CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct);
        var id = await connection.QuerySingleOrDefaultAsync<string>(new CommandDefinition(ActiveIdByTokenHash, new { tokenHash }, cancellationToken: ct));
        return id is null ? null : Guid.Parse(id);
    }

    /// <summary>The unrevoked facilitator's token with this hash (when it was made and last presented).</summary>
    public async Task<StoredToken?> FindActiveTokenAsync(string tokenHash, CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<TokenRow>(new CommandDefinition(ActiveTokenByHash, new { tokenHash }, cancellationToken: ct));
        return row is null ? null : new(Guid.Parse(row.OwnerId), DataFormat.Time(row.CreatedAt), DataFormat.TimeOrNull(row.LastUsedAt));
    }

    public Task RecordTokenUseAsync(string tokenHash, DateTimeOffset now, CancellationToken ct) =>
        writes.WriteAsync((connection, tx) =>
            connection.ExecuteAsync(new CommandDefinition(RecordTokenUse, new { tokenHash, now = DataFormat.Utc(now) }, tx, cancellationToken: ct)), ct);

    sealed class TokenRow
    {
        public string OwnerId { get; set; } = "";
        public string CreatedAt { get; set; } = "";
        public string? LastUsedAt { get; set; }
    }

    /// <summary>False if there is no such facilitator; revoking twice is harmless. The revocation (not a repeat) is logged with it.</summary>
    public Task<bool> RevokeAsync(Guid id, DateTimeOffset now, AuditRecord audit, CancellationToken ct) =>
        writes.WriteAsync(async (connection, tx) =>
        {
            if (await FindAsync(connection, tx, id) is null) return false;
            if (await connection.ExecuteAsync(new CommandDefinition(Revoke, new { id = id.ToString(), now = now.ToString("O") }, tx, cancellationToken: ct)) > 0)
                await AuditLog.AppendAsync(connection, tx, audit);
            return true;
        }, ct);

    public async Task<Facilitator?> FindAsync(Guid id, CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(Select + " WHERE id = @id", new { id = id.ToString() }, cancellationToken: ct));
        return row?.ToRecord();
    }

    /// <summary>The facilitator, read inside the caller's transaction (a statement naming them as its instructor).</summary>
    public static async Task<Facilitator?> FindAsync(DbConnection connection, DbTransaction? tx, Guid id) =>
        (await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(Select + " WHERE id = @id", new { id = id.ToString() }, tx)))?.ToRecord();

    public async Task<IReadOnlyList<Facilitator>> AllAsync(CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(Select + " ORDER BY created_at, id", cancellationToken: ct));
        return [.. rows.Select(r => r.ToRecord())];
    }

    sealed class Row
    {
        public string Id { get; set; } = "";
        public string Name { get; set; } = "";
        public string Email { get; set; } = "";
        public string CreatedAt { get; set; } = "";
        public string? RevokedAt { get; set; }

        public Facilitator ToRecord() => new(Guid.Parse(Id), Name, Email, DateTimeOffset.Parse(CreatedAt, CultureInfo.InvariantCulture), RevokedAt is null ? null : DateTimeOffset.Parse(RevokedAt, CultureInfo.InvariantCulture));
    }
}
