using System.Security.Cryptography;
using ELearning.Api.Certificates;

namespace ELearning.Tests.Certificates;

/// <summary>The private signing key at rest: encrypted with the configured key-encryption key, readable only with it.</summary>
public sealed class SigningKeyWrapTests
{
    static readonly string Pem = RSA.Create(2048).ExportPkcs8PrivateKeyPem();
    static SigningKeyWrap Kek(byte seed) => SigningKeyWrap.From(Convert.ToBase64String(Enumerable.Repeat(seed, 32).ToArray()), out _)!;

    [Fact]
    public void A_wrapped_key_holds_no_PEM_and_unwraps_with_the_same_key_on_another_node()
    {
        var stored = Kek(1).Wrap(Pem, "thumb");

        Assert.DoesNotContain("PRIVATE KEY", stored);
        Assert.False(SigningKeyWrap.IsPlain(stored));
        Assert.Equal(Pem, Kek(1).Unwrap(stored, "thumb"));
    }

    [Fact]
    public void Another_key_encryption_key_or_none_is_refused_naming_the_setting()
    {
        var stored = Kek(1).Wrap(Pem, "thumb");

        Assert.Contains("Certificates:KeyEncryptionKey", Assert.Throws<CryptographicException>(() => Kek(2).Unwrap(stored, "thumb")).Message);
        Assert.Contains("Certificates:KeyEncryptionKey", Assert.Throws<CryptographicException>(() => SigningKeyWrap.None.Unwrap(stored, "thumb")).Message);
    }

    [Fact]
    public void A_wrapped_key_moved_onto_another_keys_row_does_not_decrypt()
    {
        var stored = Kek(1).Wrap(Pem, "thumb");

        Assert.ThrowsAny<CryptographicException>(() => Kek(1).Unwrap(stored, "other-thumb"));
    }

    [Fact]
    public void A_plain_row_from_before_the_setting_reads_as_it_is()
    {
        Assert.Equal(Pem, Kek(1).Unwrap(Pem, "thumb"));
        Assert.Equal(Pem, SigningKeyWrap.None.Wrap(Pem, "thumb"));
    }

    [Theory]
    [InlineData("not base64!")]
    [InlineData("AAAA")]
    public void A_key_encryption_key_that_is_not_32_bytes_of_base64_is_refused(string kek)
    {
        Assert.Null(SigningKeyWrap.From(kek, out var problem));
        Assert.Contains("Certificates:KeyEncryptionKey", problem);
    }
}
