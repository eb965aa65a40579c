using System.Data.Common;
using Dapper;
using ELearning.Api.Data;
using Microsoft.Extensions.Options;

namespace ELearning.Api.Certificates;

/// <summary>
/// Who issues, independent of where the service is reached today: the Open Badges Profile.id is
/// Certificates:IssuerUrl when set, else a <c>urn:uuid:</c> generated on first use and kept in the database beside
/// the signing keys (the certificate_issuer table), so a change of App:PublicBaseUrl changes no credential's issuer.
/// Credentials issued under an earlier id (the base URL before this) keep verifying: a credential is checked
/// against the issuer its own certificate was issued under.
/// </summary>
public sealed class IssuerIdentity(IDbConnectionFactory connections, TransactionWriter writes, IOptions<CertificateOptions> options, IOptions<AppOptions> app, TimeProvider clock)
{
    const string Select = "SELECT issuer_id FROM certificate_issuer WHERE singleton = 1";
    // The first node to get here decides; a racing second insert is refused by the primary key and reads the winner's.
    const string InsertFirst = """
        INSERT INTO certificate_issuer (singleton, issuer_id, created_at)
        SELECT 1, @issuerId, @now WHERE NOT EXISTS (SELECT 1 FROM certificate_issuer)
        """;

    readonly SemaphoreSlim loading = new(1, 1);
    string? stored;

    public string Name => options.Value.IssuerName;

    /// <summary>The issuer's home page: where it is reached today (only the id has to stay the same).</summary>
    public string Url => app.Value.BaseUri.ToString();

    public async Task<Issuer> CurrentAsync(CancellationToken ct = default) => new(await IdAsync(ct), Name, Url);

    public async Task<string> IdAsync(CancellationToken ct = default)
    {
        if (!string.IsNullOrWhiteSpace(options.Value.IssuerUrl)) return options.Value.IssuerUrl!;
        if (stored is { } known) return known;
        await loading.WaitAsync(ct);
        try
        {
            if (stored is { } loaded) return loaded;
            await using var connection = await connections.OpenAsync(ct);
            var id = await connection.QuerySingleOrDefaultAsync<string>(new CommandDefinition(Select, cancellationToken: ct));
            if (id is null)
            {
                try
                {
                    await writes.WriteAsync((writing, tx) => writing.ExecuteAsync(new CommandDefinition(InsertFirst,
                        new { issuerId = $"urn:uuid:{Guid.NewGuid()}", now = DataFormat.Utc(clock.GetUtcNow()) }, tx, cancellationToken: ct)), ct);
                }
                catch (DbException)
                {
                    // Another node inserted first: theirs is the issuer.
                }
                id = await connection.QuerySingleAsync<string>(new CommandDefinition(Select, cancellationToken: ct));
            }
            return stored = id;
        }
        finally { loading.Release(); }
    }
}
