using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;

namespace ELearning.Api.Certificates;

/// <summary>The <c>Certificates</c> section: who issues, and with which key.</summary>
public sealed class CertificateOptions : IValidatableObject
{
    /// <summary>Certificates:IssuerName: printed on every certificate and named in the signed credential.</summary>
    [Required(ErrorMessage = "Certificates:IssuerName is required: 2 to 200 characters."),
     StringLength(200, MinimumLength = 2, ErrorMessage = "Certificates:IssuerName must be 2 to 200 characters.")]
    public string IssuerName { get; set; } = "ELearning CPD";

    /// <summary>
    /// Certificates:IssuerUrl: the issuer's id in the credential (Open Badges Profile.id). Empty means the issuer's own
    /// stable id (a urn:uuid kept in the database, see <see cref="IssuerIdentity"/>), which does not change with
    /// App:PublicBaseUrl; set it when certificates are issued on behalf of another organisation.
    /// </summary>
    [Url(ErrorMessage = "Certificates:IssuerUrl must be an absolute URL.")]
    public string? IssuerUrl { get; set; }

    /// <summary>Certificates:SigningKeyPem: an RSA private key (PKCS#8 or PKCS#1 PEM), e.g. from a secret store.</summary>
    public string? SigningKeyPem { get; set; }

    /// <summary>
    /// Certificates:SigningKeyPath: where the key is read from, or created on first run when neither it nor
    /// SigningKeyPem is given. Relative paths are from the content root. Keep it: certificates issued with a
    /// lost key can no longer be verified.
    /// </summary>
    public string SigningKeyPath { get; set; } = "data/certificate-signing-key.pem";

    /// <summary>
    /// Certificates:SigningKeyStore: <c>file</c> (SigningKeyPem, else SigningKeyPath) or <c>database</c> (the signing_keys
    /// table: one key for every node, rotated by POST /api/admin/certificates/signing-keys/rotate). Empty: database on
    /// PostgreSQL and SQL Server (several nodes), file on SQLite.
    /// </summary>
    public string? SigningKeyStore { get; set; }

    /// <summary>
    /// Certificates:KeyEncryptionKey: 32 random bytes in base64 (<c>openssl rand -base64 32</c>), the same on every node,
    /// from a secret store. With it, the private keys in signing_keys are kept encrypted (AES-256-GCM), and rows written
    /// in plain PEM before it was set are encrypted on the next load. Without it they are kept in plain PEM.
    /// </summary>
    public string? KeyEncryptionKey { get; set; }

    /// <summary>
    /// Certificates:AccessibilityContact: an email address or web page where a delegate or an auditor reports a
    /// problem reading a certificate or CPD record (with a screen reader, say) or asks for another format. Named
    /// on the verify page and in the evidence pack's README; without it they say to contact the issuer.
    /// </summary>
    [StringLength(320)]
    public string? AccessibilityContact { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (SigningKeyStore is { Length: > 0 } store && store.ToLowerInvariant() is not ("file" or "database"))
            yield return new ValidationResult($"Certificates:SigningKeyStore '{store}' is not one of file, database.", [nameof(SigningKeyStore)]);
        if (SigningKeyWrap.From(KeyEncryptionKey, out var kekProblem) is null)
            yield return new ValidationResult(kekProblem, [nameof(KeyEncryptionKey)]);
        if (string.IsNullOrWhiteSpace(SigningKeyPem)) yield break;
        string? problem = null;
        try
        {
            using var rsa = RSA.Create();
            rsa.ImportFromPem(SigningKeyPem);
            if (rsa.KeySize < 2048) problem = "Certificates:SigningKeyPem must be an RSA key of at least 2048 bits.";
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            problem = "Certificates:SigningKeyPem is not an RSA private key in PEM form: " + e.Message;
        }
        if (problem is not null) yield return new ValidationResult(problem, [nameof(SigningKeyPem)]);
    }
}
