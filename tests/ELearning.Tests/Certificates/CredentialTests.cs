using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ELearning.Api.Certificates;
using ELearning.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace ELearning.Tests.Certificates;

public sealed class CredentialTests : IAsyncLifetime
{
    readonly ELearningApp app = new();
    public Task InitializeAsync() => Task.CompletedTask;
    public Task DisposeAsync() => app.DisposeAsync().AsTask();

    [Fact]
    public async Task The_credential_is_an_open_badge_with_vc_jwt_claims_and_a_hashed_learner_identity()
    {
        var (asha, certificate) = await CertificateWalk.CertifiedAsync(app);
        var token = await CredentialAsync(asha, certificate);

        var header = Part(token, 0);
        var vc = Part(token, 1);

        Assert.Equal("RS256", header.GetProperty("alg").GetString());
        Assert.Equal("JWT", header.GetProperty("typ").GetString());
        Assert.Equal(["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
            vc.GetProperty("@context").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(["VerifiableCredential", "OpenBadgeCredential"], vc.GetProperty("type").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal("Profile", vc.GetProperty("issuer").GetProperty("type")[0].GetString());
        Assert.Equal("ELearning CPD", vc.GetProperty("issuer").GetProperty("name").GetString());
        var achievement = vc.GetProperty("credentialSubject").GetProperty("achievement");
        Assert.Equal("Achievement", achievement.GetProperty("type")[0].GetString());
        Assert.Contains("pass mark", achievement.GetProperty("criteria").GetProperty("narrative").GetString());
        Assert.Equal(vc.GetProperty("issuer").GetProperty("id").GetString(), vc.GetProperty("iss").GetString());
        Assert.Equal(vc.GetProperty("id").GetString(), vc.GetProperty("jti").GetString());
        Assert.Equal(vc.GetProperty("credentialSubject").GetProperty("id").GetString(), vc.GetProperty("sub").GetString());
        Assert.Equal(DateTimeOffset.Parse(vc.GetProperty("validFrom").GetString()!).ToUnixTimeSeconds(), vc.GetProperty("nbf").GetInt64());

        var identity = vc.GetProperty("credentialSubject").GetProperty("identifier")[0];
        Assert.Equal("IdentityObject", identity.GetProperty("type").GetString());
        Assert.True(identity.GetProperty("hashed").GetBoolean());
        Assert.Equal("emailAddress", identity.GetProperty("identityType").GetString());
        var salt = identity.GetProperty("salt").GetString();
        var expected = "sha256$" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("asha.patel@example.nhs.uk" + salt)));
        Assert.Equal(expected, identity.GetProperty("identityHash").GetString());
        Assert.DoesNotContain("asha.patel@example.nhs.uk", Encoding.UTF8.GetString(Base64UrlEncoder.DecodeBytes(token.Split('.')[1])));
    }

    [Fact]
    public async Task The_kid_resolves_to_the_public_key_published_in_the_jwk_set_and_a_standard_library_verifies_with_it()
    {
        var (asha, certificate) = await CertificateWalk.CertifiedAsync(app);
        var token = await CredentialAsync(asha, certificate);
        var kid = Part(token, 0).GetProperty("kid").GetString()!;
        var anonymous = app.CreateClient();

        var jwks = await anonymous.GetStringAsync("/.well-known/jwks.json");
        var key = await anonymous.GetFromJsonAsync<JsonElement>(new Uri(kid).PathAndQuery);

        Assert.Equal(kid, key.GetProperty("kid").GetString());
        Assert.False(key.TryGetProperty("d", out _));
        var set = new JsonWebKeySet(jwks);
        Assert.Contains(set.Keys, k => k.Kid == kid && k.D is null);
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
        {
            IssuerSigningKeys = set.GetSigningKeys(), ValidIssuer = await app.Services.GetRequiredService<IssuerIdentity>().IdAsync(), ValidateAudience = false, RequireExpirationTime = false,
        });
        Assert.True(result.IsValid, result.Exception?.Message);
    }

    [Fact]
    public async Task A_presented_credential_verifies_and_says_whose_it_is()
    {
        var (asha, certificate) = await CertificateWalk.CertifiedAsync(app);

        var reply = await app.CreateClient().PostAsJsonAsync("/api/verify", new { credential = await CredentialAsync(asha, certificate) });

        Assert.Equal(HttpStatusCode.OK, reply.StatusCode);
        var body = await reply.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("valid", body.GetProperty("status").GetString());
        Assert.Equal("Asha Patel", body.GetProperty("name").GetString());
    }

    [Fact]
    public async Task Changing_any_character_of_the_credential_makes_it_fail_to_verify()
    {
        var (asha, certificate) = await CertificateWalk.CertifiedAsync(app);
        var token = await CredentialAsync(asha, certificate);
        var signer = app.Services.GetRequiredService<CredentialSigner>();
        Assert.True((await signer.CheckAsync(token)).Valid);

        var accepted = new List<int>();
        for (var i = 0; i < token.Length; i++)
        {
            var changed = token[..i] + (token[i] == 'A' ? 'B' : 'A') + token[(i + 1)..];
            if ((await signer.CheckAsync(changed)).Valid) accepted.Add(i);
        }

        Assert.Empty(accepted);
        var reply = await app.CreateClient().PostAsJsonAsync("/api/verify", new { credential = token[..^1] + (token[^1] == 'A' ? 'B' : 'A') });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, reply.StatusCode);
    }

    [Fact]
    public async Task A_credential_signed_by_another_key_does_not_verify()
    {
        var (asha, certificate) = await CertificateWalk.CertifiedAsync(app);
        var genuine = await CredentialAsync(asha, certificate);
        using var impostor = RSA.Create(2048);
        var forged = new JsonWebTokenHandler().CreateToken(
            Encoding.UTF8.GetString(Base64UrlEncoder.DecodeBytes(genuine.Split('.')[1])),
            new SigningCredentials(new RsaSecurityKey(impostor) { KeyId = Part(genuine, 0).GetProperty("kid").GetString() }, SecurityAlgorithms.RsaSha256));

        var reply = await app.CreateClient().PostAsJsonAsync("/api/verify", new { credential = forged });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, reply.StatusCode);
    }

    [Fact]
    public async Task A_revoked_certificates_credential_verifies_as_revoked()
    {
        var (asha, certificate) = await CertificateWalk.CertifiedAsync(app);
        var token = await CredentialAsync(asha, certificate);
        await app.AdminClient().PostAsJsonAsync($"/api/admin/certificates/{certificate.GetProperty("id").GetString()}/revoke", new { });

        var body = await (await app.CreateClient().PostAsJsonAsync("/api/verify", new { credential = token })).Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal("revoked", body.GetProperty("status").GetString());
    }

    [Fact]
    public async Task The_generated_key_is_kept_so_credentials_verify_after_a_restart()
    {
        var keyPath = Path.Combine(Directory.CreateTempSubdirectory("elearning-key-").FullName, "key.pem");
        var settings = new Dictionary<string, string?> { ["Certificates:SigningKeyPath"] = keyPath };
        string token;
        await using (var before = new ELearningApp(settings: settings))
        {
            var (asha, certificate) = await CertificateWalk.CertifiedAsync(before);
            token = await CredentialAsync(asha, certificate);
        }

        await using var after = new ELearningApp(settings: settings);
        var check = await after.Services.GetRequiredService<CredentialSigner>().CheckAsync(token);

        Assert.True(check.Valid, check.Problem);
        Assert.True(File.Exists(keyPath));
    }

    [Fact]
    public async Task A_key_given_as_pem_in_configuration_signs_the_credentials()
    {
        using var rsa = RSA.Create(2048);
        await using var configured = new ELearningApp(settings: new Dictionary<string, string?> { ["Certificates:SigningKeyPem"] = rsa.ExportPkcs8PrivateKeyPem() });

        var jwks = await configured.CreateClient().GetFromJsonAsync<JsonElement>("/.well-known/jwks.json");

        Assert.Equal(Base64UrlEncoder.Encode(rsa.ExportParameters(false).Modulus), jwks.GetProperty("keys")[0].GetProperty("n").GetString());
    }

    [Fact]
    public async Task A_signing_key_that_is_not_pem_stops_the_api_at_start_up()
    {
        await using var misconfigured = new ELearningApp(settings: new Dictionary<string, string?> { ["Certificates:SigningKeyPem"] = "not a key" });

        var failure = Record.Exception(() => misconfigured.CreateClient());

        Assert.Contains("Certificates:SigningKeyPem", failure?.ToString());
    }

    static async Task<string> CredentialAsync(DelegateClient learner, JsonElement certificate)
    {
        var bytes = await CertificateWalk.GetBytesAsync(learner.Http, certificate.GetProperty("credentialUrl").GetString()!, "application/vc+jwt");
        return Encoding.ASCII.GetString(bytes);
    }

    static JsonElement Part(string token, int index) => JsonDocument.Parse(Base64UrlEncoder.DecodeBytes(token.Split('.')[index])).RootElement;
}
