using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace ELearning.Api.Certificates;

/// <summary>
/// The issuer's RSA key. Taken from Certificates:SigningKeyPem, else read from Certificates:SigningKeyPath,
/// else generated once and written there (owner-only), so credentials stay verifiable after a restart.
/// </summary>
public sealed class SigningKeys : IDisposable
{
    readonly RSA rsa;

    SigningKeys(RSA rsa, Uri baseUri)
    {
        this.rsa = rsa;
        Thumbprint = Base64UrlEncoder.Encode(new RsaSecurityKey(rsa.ExportParameters(false)).ComputeJwkThumbprint());
        // OB 3.0 §8.2.3: the kid is a URI that dereferences to the public JWK (served by /.well-known/jwks/{thumbprint}).
        KeyId = new Uri(baseUri, $".well-known/jwks/{Thumbprint}").ToString();
        SigningKey = new RsaSecurityKey(rsa) { KeyId = KeyId };
        var parameters = rsa.ExportParameters(false);
        PublicJwk = new PublicJwk("RSA", KeyId, "sig", SecurityAlgorithms.RsaSha256,
            Base64UrlEncoder.Encode(parameters.Modulus), Base64UrlEncoder.Encode(parameters.Exponent));
        VerificationKey = new RsaSecurityKey(parameters) { KeyId = KeyId };
    }

    /// <summary>RFC 7638 thumbprint of the public key: stable however the base URL changes.</summary>
    public string Thumbprint { get; }
    public string KeyId { get; }
    public SecurityKey SigningKey { get; }
    /// <summary>The public half only, for verification: it can never sign by mistake.</summary>
    public SecurityKey VerificationKey { get; }
    public PublicJwk PublicJwk { get; }

    public static SigningKeys Load(CertificateOptions options, Uri baseUri, string contentRoot, ILogger logger)
    {
        var rsa = RSA.Create();
        if (!string.IsNullOrWhiteSpace(options.SigningKeyPem))
        {
            rsa.ImportFromPem(options.SigningKeyPem);
            return new SigningKeys(rsa, baseUri);
        }

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
        rsa.ImportFromPem(File.ReadAllText(path));
        return new SigningKeys(rsa, baseUri);
    }

    public void Dispose() => rsa.Dispose();
}

/// <summary>A public RSA JWK (RFC 7517), never with private members.</summary>
public sealed record PublicJwk(string Kty, string Kid, string Use, string Alg, string N, string E);

/// <summary>The JWK set served at /.well-known/jwks.json.</summary>
public sealed record JwkSet(IReadOnlyList<PublicJwk> Keys);
