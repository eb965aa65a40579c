using Dapper;
using ELearning.Api.Data;

namespace ELearning.Api.Lms;

public sealed record LmsPackage(Guid Id, string TrustName, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt);

/// <summary>The keys inside SCORM packages, one per download, each naming the trust whose LMS it was made for.</summary>
public sealed class PackageKeyStore(IDbConnectionFactory connections, TransactionWriter writes)
{
    const string Insert = "INSERT INTO lms_packages (id, trust_name, key_hash, created_at) VALUES (@Id, @TrustName, @KeyHash, @CreatedAt)";
    const string Select = "SELECT id AS Id, trust_name AS TrustName, created_at AS CreatedAt, revoked_at AS RevokedAt FROM lms_packages";
    const string Revoke = "UPDATE lms_packages SET revoked_at = @now WHERE id = @id AND revoked_at IS NULL";

    public async Task<LmsPackage> CreateAsync(string trustName, string keyHash, DateTimeOffset now, CancellationToken ct)
    {
        var package = new LmsPackage(Guid.NewGuid(), trustName, now, null);
        await writes.WriteAsync((connection, tx) => connection.ExecuteAsync(new CommandDefinition(Insert,
            new { Id = package.Id.ToString(), TrustName = trustName, KeyHash = keyHash, CreatedAt = DataFormat.Utc(now) }, tx, cancellationToken: ct)), ct);
        return package;
    }

    /// <summary>The package a key belongs to, if it has not been revoked.</summary>
    public async Task<LmsPackage?> FindActiveByKeyHashAsync(string keyHash, CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(Select + " WHERE key_hash = @keyHash AND revoked_at IS NULL", new { keyHash }, cancellationToken: ct));
        return row?.ToPackage();
    }

    public async Task<IReadOnlyList<LmsPackage>> ListAsync(CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct);
        return (await connection.QueryAsync<Row>(new CommandDefinition(Select + " ORDER BY created_at", cancellationToken: ct))).Select(r => r.ToPackage()).ToList();
    }

    public Task<bool> RevokeAsync(Guid id, DateTimeOffset now, CancellationToken ct) => writes.WriteAsync(async (connection, tx) =>
        await connection.ExecuteAsync(new CommandDefinition(Revoke, new { id = id.ToString(), now = DataFormat.Utc(now) }, tx, cancellationToken: ct)) == 1, ct);

    sealed class Row
    {
        public string Id { get; set; } = "";
        public string TrustName { get; set; } = "";
        public string CreatedAt { get; set; } = "";
        public string? RevokedAt { get; set; }

        public LmsPackage ToPackage() => new(Guid.Parse(Id), TrustName, DataFormat.Time(CreatedAt), DataFormat.TimeOrNull(RevokedAt));
    }
}
