using System.Security.Cryptography;
using System.Text;

namespace ELearning.Api.Certificates;

/// <summary>
/// Protects a signing key's private PEM at rest (the signing_keys row) with the configured key-encryption key
/// (Certificates:KeyEncryptionKey, 32 bytes in base64, the same on every node): AES-256-GCM, bound to the key's
/// thumbprint, so a row copied onto another key's thumbprint does not decrypt. Stored as
/// <c>kek1.&lt;kek id&gt;.&lt;nonce&gt;.&lt;ciphertext&gt;.&lt;tag&gt;</c> (base64url); the kek id (the first 8 bytes of the KEK's
/// SHA-256) lets a node say which key it lacks. A row in plain PEM (written before a KEK was set) still reads.
/// </summary>
public sealed class SigningKeyWrap
{
    const string Scheme = "kek1";
    readonly byte[]? kek;

    SigningKeyWrap(byte[]? kek)
    {
        this.kek = kek;
        KeyId = kek is null ? null : IdOf(kek);
    }

    /// <summary>No KEK: keys are kept as plain PEM (as before the setting existed).</summary>
    public static readonly SigningKeyWrap None = new(null);

    /// <summary>The KEK from its base64 form; null (with the reason) when it is not 32 bytes of base64.</summary>
    public static SigningKeyWrap? From(string? base64, out string? problem)
    {
        problem = null;
        if (string.IsNullOrWhiteSpace(base64)) return None;
        byte[] bytes;
        try { bytes = Convert.FromBase64String(base64.Trim()); }
        catch (FormatException) { problem = "Certificates:KeyEncryptionKey is not base64 (make one with: openssl rand -base64 32)."; return null; }
        if (bytes.Length != 32) { problem = $"Certificates:KeyEncryptionKey must be 32 bytes (AES-256) in base64, not {bytes.Length} (make one with: openssl rand -base64 32)."; return null; }
        return new(bytes);
    }

    /// <summary>The configured KEK's id, or null when none is set.</summary>
    public string? KeyId { get; }

    public bool Protects => kek is not null;

    public static bool IsPlain(string stored) => stored.TrimStart().StartsWith("-----BEGIN", StringComparison.Ordinal);

    /// <summary>What to store for <paramref name="pem"/>: wrapped with the KEK, or the PEM itself when no KEK is set.</summary>
    public string Wrap(string pem, string thumbprint)
    {
        if (kek is null) return pem;
        var plain = Encoding.UTF8.GetBytes(pem);
        var nonce = RandomNumberGenerator.GetBytes(AesGcm.NonceByteSizes.MaxSize);
        var cipher = new byte[plain.Length];
        var tag = new byte[AesGcm.TagByteSizes.MaxSize];
        using (var aes = new AesGcm(kek, tag.Length)) aes.Encrypt(nonce, plain, cipher, tag, Encoding.UTF8.GetBytes(thumbprint));
        CryptographicOperations.ZeroMemory(plain);
        return string.Join('.', Scheme, KeyId, B64(nonce), B64(cipher), B64(tag));
    }

    /// <summary>The private PEM of a stored row; a wrapped row needs the KEK it was wrapped with.</summary>
    public string Unwrap(string stored, string thumbprint)
    {
        if (IsPlain(stored)) return stored;
        var parts = stored.Split('.');
        if (parts is not [Scheme, var id, var nonce, var cipher, var tag])
            throw new CryptographicException($"Signing key {thumbprint} is stored in a form this version does not read.");
        if (kek is null)
            throw new CryptographicException($"Signing key {thumbprint} is encrypted with key-encryption key {id}: set Certificates:KeyEncryptionKey to it on this node.");
        if (id != KeyId)
            throw new CryptographicException($"Signing key {thumbprint} is encrypted with key-encryption key {id}, but Certificates:KeyEncryptionKey here is {KeyId}: give every node the same one.");
        var plain = new byte[FromB64(cipher).Length];
        var tagBytes = FromB64(tag);
        using (var aes = new AesGcm(kek, tagBytes.Length)) aes.Decrypt(FromB64(nonce), FromB64(cipher), tagBytes, plain, Encoding.UTF8.GetBytes(thumbprint));
        return Encoding.UTF8.GetString(plain);
    }

    static string IdOf(byte[] key) => Convert.ToHexStringLower(SHA256.HashData(key).AsSpan(0, 8));
    static string B64(byte[] b) => Convert.ToBase64String(b).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    static byte[] FromB64(string s)
    {
        var t = s.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(t + new string('=', (4 - t.Length % 4) % 4));
    }
}
