using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace ELearning.Api.Certificates;

/// <summary>One RSA issuer key: its RFC 7638 thumbprint, the kid that dereferences to it, and its public JWK.</summary>
public sealed class SigningKey
{
    SigningKey(RSA rsa, Uri baseUri, DateTimeOffset? retiredAt)
    {
        var parameters = rsa.ExportParameters(false);
        Thumbprint = Base64UrlEncoder.Encode(new RsaSecurityKey(parameters).ComputeJwkThumbprint());
        // OB 3.0 §8.2.3: the kid is a URI that dereferences to the public JWK (served by /.well-known/jwks/{thumbprint}).
        KeyId = new Uri(baseUri, $".well-known/jwks/{Thumbprint}").ToString();
        Private = new RsaSecurityKey(rsa) { KeyId = KeyId };
        PublicJwk = new PublicJwk("RSA", KeyId, "sig", SecurityAlgorithms.RsaSha256, Base64UrlEncoder.Encode(parameters.Modulus), Base64UrlEncoder.Encode(parameters.Exponent));
        VerificationKey = new RsaSecurityKey(parameters) { KeyId = KeyId };
        RetiredAt = retiredAt;
    }

    public static SigningKey FromPem(string pem, Uri baseUri, DateTimeOffset? retiredAt = null)
    {
        var rsa = RSA.Create();
        rsa.ImportFromPem(pem);
        return new SigningKey(rsa, baseUri, retiredAt);
    }

    public string Thumbprint { get; }
    public string KeyId { get; }
    /// <summary>The private key: signs.</summary>
    public SecurityKey Private { get; }
    /// <summary>The public half only, for verification: it can never sign by mistake.</summary>
    public SecurityKey VerificationKey { get; }
    public PublicJwk PublicJwk { get; }
    /// <summary>Set once a rotation replaced it: it signs nothing new, and still verifies what it signed.</summary>
    public DateTimeOffset? RetiredAt { get; }
}

/// <summary>
/// The issuer's keys: the current one signs, every one (current and retired) verifies and is in the JWK set.
/// Where they come from (Certificates:SigningKeyStore): <c>file</c> (the default on SQLite: Certificates:SigningKeyPem, else
/// the PEM at Certificates:SigningKeyPath, generated on first run) or <c>database</c> (the default on PostgreSQL and SQL
/// Server: the signing_keys table, so every node signs with the same key and a rotation reaches them all).
/// </summary>
public sealed class SigningKeys
{
    readonly SigningKeyStore? store;
    readonly SigningKeyWrap wrap;
    readonly Uri baseUri;
    readonly TimeProvider clock;
    readonly SemaphoreSlim loading = new(1, 1);
    Ring? ring;

    sealed record Ring(SigningKey Current, IReadOnlyList<SigningKey> All, DateTimeOffset LoadedAt);

    // Another node's rotation is seen within this long; a kid this node has not seen yet is looked up at once (at most once a second).
    static readonly TimeSpan Fresh = TimeSpan.FromSeconds(30);
    DateTimeOffset lastMissReload = DateTimeOffset.MinValue;
    static readonly TimeSpan MissInterval = TimeSpan.FromSeconds(1);

    SigningKeys(SigningKeyStore? store, Uri baseUri, TimeProvider clock, SigningKey? fixedKey, SigningKeyWrap? wrap = null)
    {
        this.store = store;
        this.wrap = wrap ?? SigningKeyWrap.None;
        this.baseUri = baseUri;
        this.clock = clock;
        if (fixedKey is not null) ring = new(fixedKey, [fixedKey], DateTimeOffset.MaxValue);
    }

    /// <summary>Keys rotate only when they are held in the database.</summary>
    public bool Rotatable => store is not null;

    /// <summary>Keys in signing_keys, their private halves wrapped with the KEK (<paramref name="wrap"/>), plain rows wrapped once read.</summary>
    public static SigningKeys InDatabase(SigningKeyStore store, SigningKeyWrap wrap, Uri baseUri, TimeProvider clock, ILogger logger)
    {
        if (!wrap.Protects)
            logger.LogWarning("Certificates:KeyEncryptionKey is not set: the signing keys in the database are kept as plain PEM; set it to encrypt them");
        return new(store, baseUri, clock, null, wrap);
    }

    public static SigningKeys FromFile(CertificateOptions options, Uri baseUri, string contentRoot, ILogger logger)
    {
        if (!string.IsNullOrWhiteSpace(options.SigningKeyPem))
            return new(null, baseUri, TimeProvider.System, SigningKey.FromPem(options.SigningKeyPem, baseUri));

        var path = Path.GetFullPath(Path.Combine(contentRoot, options.SigningKeyPath));
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            using var generated = RSA.Create(3072);
            try
            {
                var file = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
                if (!OperatingSystem.IsWindows()) file.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
                using var writer = new StreamWriter(path, file);
                writer.Write(generated.ExportPkcs8PrivateKeyPem());
                logger.LogWarning("Generated a certificate signing key at {Path}; back it up, or set Certificates:SigningKeyPem", path);
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another instance created it first: use theirs, so both sign with one key.
            }
        }
        return new(null, baseUri, TimeProvider.System, SigningKey.FromPem(File.ReadAllText(path), baseUri));
    }

    public async Task<SigningKey> CurrentAsync(CancellationToken ct = default) => (await RingAsync(ct)).Current;

    public async Task<IReadOnlyList<SigningKey>> AllAsync(CancellationToken ct = default) => (await RingAsync(ct)).All;

    /// <summary>The key with this thumbprint, current or retired; one this node has not loaded yet is looked up in the store.</summary>
    public async Task<SigningKey?> FindAsync(string thumbprint, CancellationToken ct = default)
    {
        var found = (await RingAsync(ct)).All.FirstOrDefault(k => k.Thumbprint == thumbprint);
        if (found is not null || store is null) return found;
        // Throttle the look-ups that misses cause (a stream of forged kids must not become a stream of queries), not
        // the first miss after an ordinary load: a key another node rotated in a moment ago must verify at once.
        var now = clock.GetUtcNow();
        if (now - lastMissReload < MissInterval) return null;
        lastMissReload = now;
        return (await ReloadAsync(ct)).All.FirstOrDefault(k => k.Thumbprint == thumbprint);
    }

    /// <summary>A new current key; the old ones stay in the JWK set, so what they signed still verifies.</summary>
    public async Task<SigningKey> RotateAsync(CancellationToken ct = default)
    {
        if (store is null) throw new InvalidOperationException("Signing keys rotate only with Certificates:SigningKeyStore = database.");
        using var rsa = RSA.Create(3072);
        var pem = rsa.ExportPkcs8PrivateKeyPem();
        var thumbprint = SigningKey.FromPem(pem, baseUri).Thumbprint;
        await store.RotateAsync(thumbprint, wrap.Wrap(pem, thumbprint), clock.GetUtcNow(), ct);
        return (await ReloadAsync(ct)).Current;
    }

    async Task<Ring> RingAsync(CancellationToken ct) =>
        ring is { } r && (store is null || clock.GetUtcNow() - r.LoadedAt < Fresh) ? r : await ReloadAsync(ct);

    async Task<Ring> ReloadAsync(CancellationToken ct)
    {
        await loading.WaitAsync(ct);
        try
        {
            var rows = await store!.AllAsync(ct);
            if (!rows.Any(k => k.RetiredAt is null))
            {
                // First use of this database: one node's key wins (insert only if there is none), and every node reads it back.
                using var rsa = RSA.Create(3072);
                var pem = rsa.ExportPkcs8PrivateKeyPem();
                var thumbprint = SigningKey.FromPem(pem, baseUri).Thumbprint;
                await store.InsertFirstAsync(thumbprint, wrap.Wrap(pem, thumbprint), clock.GetUtcNow(), ct);
                rows = await store.AllAsync(ct);
            }
            var keys = new List<SigningKey>();
            foreach (var row in rows)
            {
                var pem = wrap.Unwrap(row.PrivateKey, row.Thumbprint);
                // A row written before the KEK was set: encrypted now, so no plain key stays at rest.
                if (wrap.Protects && SigningKeyWrap.IsPlain(row.PrivateKey)) await store.RewrapAsync(row.Thumbprint, row.PrivateKey, wrap.Wrap(pem, row.Thumbprint), ct);
                keys.Add(SigningKey.FromPem(pem, baseUri, row.RetiredAt));
            }
            // Two first keys written at once: the newest unretired one is current on every node alike.
            var current = rows.Where(k => k.RetiredAt is null).OrderByDescending(k => k.CreatedAt).ThenBy(k => k.Thumbprint, StringComparer.Ordinal).First();
            return ring = new(keys.First(k => k.Thumbprint == current.Thumbprint), keys, clock.GetUtcNow());
        }
        finally { loading.Release(); }
    }
}

/// <summary>A public RSA JWK (RFC 7517), never with private members.</summary>
public sealed record PublicJwk(string Kty, string Kid, string Use, string Alg, string N, string E);

/// <summary>The JWK set served at /.well-known/jwks.json.</summary>
public sealed record JwkSet(IReadOnlyList<PublicJwk> Keys);
