using Dapper;
using ELearning.Api.Data;

namespace ELearning.Api.Certificates;

/// <summary>A signing_keys row. <paramref name="PrivateKey"/>: as stored, wrapped by <see cref="SigningKeyWrap"/> (or a plain PEM from before a KEK was set).</summary>
public sealed record StoredSigningKey(string Thumbprint, string PrivateKey, DateTimeOffset CreatedAt, DateTimeOffset? RetiredAt);

/// <summary>The signing_keys table (migration 0008): the issuer's keys shared by every node. The SQL is the same on every provider.</summary>
public sealed class SigningKeyStore(IDbConnectionFactory connections, TransactionWriter writes)
{
    const string All = """
        SELECT thumbprint AS Thumbprint, private_key AS PrivateKeyPem, created_at AS CreatedAt, retired_at AS RetiredAt
        FROM signing_keys ORDER BY created_at
        """;
    const string InsertFirst = """
        INSERT INTO signing_keys (thumbprint, private_key, created_at)
        SELECT @thumbprint, @pem, @now WHERE NOT EXISTS (SELECT 1 FROM signing_keys WHERE retired_at IS NULL)
        """;
    const string Retire = "UPDATE signing_keys SET retired_at = @now WHERE retired_at IS NULL";
    const string Insert = "INSERT INTO signing_keys (thumbprint, private_key, created_at) VALUES (@thumbprint, @pem, @now)";
    // Only the row as it was read: two nodes re-wrapping at once write one of their (equivalent) results.
    const string Rewrap = "UPDATE signing_keys SET private_key = @wrapped WHERE thumbprint = @thumbprint AND private_key = @was";

    public async Task<IReadOnlyList<StoredSigningKey>> AllAsync(CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(All, cancellationToken: ct));
        return [.. rows.Select(r => new StoredSigningKey(r.Thumbprint, r.PrivateKeyPem, DataFormat.Time(r.CreatedAt), DataFormat.TimeOrNull(r.RetiredAt)))];
    }

    public Task InsertFirstAsync(string thumbprint, string pem, DateTimeOffset now, CancellationToken ct) => writes.WriteAsync((connection, tx) =>
        connection.ExecuteAsync(new CommandDefinition(InsertFirst, new { thumbprint, pem, now = DataFormat.Utc(now) }, tx, cancellationToken: ct)), ct);

    /// <summary>Retires every current key and adds the new one, in one transaction.</summary>
    public Task RotateAsync(string thumbprint, string pem, DateTimeOffset now, CancellationToken ct) => writes.WriteAsync(async (connection, tx) =>
    {
        await connection.ExecuteAsync(new CommandDefinition(Retire, new { now = DataFormat.Utc(now) }, tx, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition(Insert, new { thumbprint, pem, now = DataFormat.Utc(now) }, tx, cancellationToken: ct));
    }, ct);

    /// <summary>Replaces a row's private key as it was read (<paramref name="was"/>) by its wrapped form.</summary>
    public Task RewrapAsync(string thumbprint, string was, string wrapped, CancellationToken ct) => writes.WriteAsync((connection, tx) =>
        connection.ExecuteAsync(new CommandDefinition(Rewrap, new { thumbprint, was, wrapped }, tx, cancellationToken: ct)), ct);

    sealed class Row
    {
        public string Thumbprint { get; set; } = "";
        public string PrivateKeyPem { get; set; } = "";
        public string CreatedAt { get; set; } = "";
        public string? RetiredAt { get; set; }
    }
}
