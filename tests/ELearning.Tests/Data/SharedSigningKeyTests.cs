using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ELearning.Tests.Certificates;

namespace ELearning.Tests.Data;

/// <summary>
/// Two API nodes on one PostgreSQL sign with one key held in the database: a credential issued on one verifies on the
/// other, and after a rotation the old key stays in every node's JWK set, so what it signed still verifies.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class SharedSigningKeyTests(PostgresServer server)
{
    [Fact]
    public async Task Nodes_share_the_signing_key_and_a_rotation_keeps_the_old_key_verifying_everywhere()
    {
        await using var db = await PostgresTestDatabase.CreateAsync(server);
        await using var a = new ELearningApp(settings: db.Settings);
        await using var b = new ELearningApp(settings: db.Settings);
        var (asha, ashas) = await CertificateWalk.CertifiedAsync(a);
        var before = await CredentialAsync(asha, ashas);

        Assert.Equal(await a.CreateClient().GetStringAsync("/.well-known/jwks.json"), await b.CreateClient().GetStringAsync("/.well-known/jwks.json"));
        Assert.Equal("valid", await VerifyAsync(b, before));

        var rotated = await a.AdminClient().PostAsync("/api/admin/certificates/signing-keys/rotate", null);
        Assert.Equal(HttpStatusCode.OK, rotated.StatusCode);
        var (ben, bens) = await CertificateWalk.CertifiedAsync(a, "Ben Okafor");
        var after = await CredentialAsync(ben, bens);

        Assert.NotEqual(Kid(before), Kid(after));
        Assert.Equal("valid", await VerifyAsync(b, after));   // b has not seen the new key before this
        Assert.Equal("valid", await VerifyAsync(b, before));
        var kids = (await b.CreateClient().GetFromJsonAsync<JsonElement>("/.well-known/jwks.json")).GetProperty("keys").EnumerateArray()
            .Select(k => k.GetProperty("kid").GetString()).ToList();
        Assert.Equal([Kid(after), Kid(before)], kids);
    }

    [Fact]
    public async Task With_a_key_file_rotation_is_refused_with_the_setting_that_allows_it()
    {
        await using var app = new ELearningApp();

        var reply = await app.AdminClient().PostAsync("/api/admin/certificates/signing-keys/rotate", null);

        Assert.Equal(HttpStatusCode.Conflict, reply.StatusCode);
        Assert.Contains("Certificates:SigningKeyStore", await reply.Content.ReadAsStringAsync());
    }

    static async Task<string> CredentialAsync(DelegateClient learner, JsonElement certificate) =>
        Encoding.ASCII.GetString(await CertificateWalk.GetBytesAsync(learner.Http, certificate.GetProperty("credentialUrl").GetString()!, "application/vc+jwt"));

    static async Task<string?> VerifyAsync(ELearningApp app, string token)
    {
        var reply = await app.CreateClient().PostAsJsonAsync("/api/verify", new { credential = token });
        Assert.True(reply.IsSuccessStatusCode, await reply.Content.ReadAsStringAsync());
        return (await reply.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString();
    }

    static string Kid(string token) =>
        JsonDocument.Parse(Convert.FromBase64String(Pad(token.Split('.')[0]))).RootElement.GetProperty("kid").GetString()!;

    static string Pad(string b64url)
    {
        var s = b64url.Replace('-', '+').Replace('_', '/');
        return s + new string('=', (4 - s.Length % 4) % 4);
    }
}
