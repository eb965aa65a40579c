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

    static readonly string Kek = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)(i * 7)).ToArray());

    static Dictionary<string, string?> With(Dictionary<string, string?> settings, string? kek)
    {
        settings["Certificates:SigningKeyStore"] = "database";
        settings["Certificates:KeyEncryptionKey"] = kek;
        return settings;
    }

    [Fact]
    public async Task With_a_key_encryption_key_the_database_holds_no_private_key_and_nodes_verify_each_others_credentials()
    {
        await using var db = await PostgresTestDatabase.CreateAsync(server);
        await using var a = new ELearningApp(settings: With(db.Settings, Kek));
        await using var b = new ELearningApp(settings: With(db.Settings, Kek));
        var (asha, ashas) = await CertificateWalk.CertifiedAsync(a);
        var fromA = await CredentialAsync(asha, ashas);
        Assert.Equal(HttpStatusCode.OK, (await a.AdminClient().PostAsync("/api/admin/certificates/signing-keys/rotate", null)).StatusCode);
        var (ben, bens) = await CertificateWalk.CertifiedAsync(b, "Ben Okafor");
        var fromB = await CredentialAsync(ben, bens);

        Assert.Equal("valid", await VerifyAsync(b, fromA));
        Assert.Equal("valid", await VerifyAsync(a, fromB));
        Assert.NotEqual(Kid(fromA), Kid(fromB));
        var stored = await PrivateKeysAsync(db);
        Assert.Equal(2, stored.Count);
        Assert.All(stored, k => Assert.DoesNotContain("PRIVATE KEY", k));
        Assert.All(stored, k => Assert.StartsWith("kek1.", k));
    }

    [Fact]
    public async Task A_key_stored_in_plain_before_the_setting_still_verifies_and_is_encrypted_once_read()
    {
        await using var db = await PostgresTestDatabase.CreateAsync(server);
        string before;
        await using (var old = new ELearningApp(settings: With(db.Settings, null)))
        {
            var (asha, ashas) = await CertificateWalk.CertifiedAsync(old);
            before = await CredentialAsync(asha, ashas);
        }
        Assert.Contains("PRIVATE KEY", Assert.Single(await PrivateKeysAsync(db)));

        await using var upgraded = new ELearningApp(settings: With(db.Settings, Kek));
        var (ben, bens) = await CertificateWalk.CertifiedAsync(upgraded, "Ben Okafor");
        var after = await CredentialAsync(ben, bens);

        Assert.Equal("valid", await VerifyAsync(upgraded, before));
        Assert.Equal(Kid(before), Kid(after));   // the same key signs on, now encrypted at rest
        Assert.StartsWith("kek1.", Assert.Single(await PrivateKeysAsync(db)));
    }

    static async Task<List<string>> PrivateKeysAsync(PostgresTestDatabase db)
    {
        await using var connection = await db.Connections.OpenAsync();
        return [.. await Dapper.SqlMapper.QueryAsync<string>(connection, "SELECT private_key FROM signing_keys")];
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
