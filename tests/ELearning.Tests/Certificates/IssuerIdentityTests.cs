using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ELearning.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;

namespace ELearning.Tests.Certificates;

/// <summary>
/// A credential names its issuer for good: moving the service to another address (App:PublicBaseUrl) must not make
/// the credentials already in delegates' wallets fail to verify, nor change who issues the next ones.
/// </summary>
public sealed class IssuerIdentityTests : IDisposable
{
    // One database and one signing key, served first at one address and then at another.
    readonly string folder = Directory.CreateTempSubdirectory("elearning-issuer-").FullName;

    Dictionary<string, string?> At(string baseUrl, string? issuerUrl = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:ELearning"] = $"Data Source={Path.Combine(folder, "elearning.db")}",
            ["Certificates:SigningKeyPath"] = Path.Combine(folder, "signing-key.pem"),
            ["App:PublicBaseUrl"] = baseUrl,
        };
        if (issuerUrl is not null) settings["Certificates:IssuerUrl"] = issuerUrl;
        return settings;
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public async Task A_credential_still_verifies_after_the_base_url_changes_and_the_next_one_has_the_same_issuer()
    {
        string token;
        await using (var before = new ELearningApp(settings: At("https://learning.old-trust.example/")))
            token = await CertifiedCredentialAsync(before, "Asha Patel");

        await using var after = new ELearningApp(settings: At("https://learning.new-trust.example/"));
        var reply = await after.CreateClient().PostAsJsonAsync("/api/verify", new { credential = token });

        Assert.Equal(HttpStatusCode.OK, reply.StatusCode);
        var body = await reply.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("valid", body.GetProperty("status").GetString());
        Assert.Equal("Asha Patel", body.GetProperty("name").GetString());

        var issuer = Payload(token).GetProperty("iss").GetString()!;
        Assert.StartsWith("urn:uuid:", issuer);
        var next = Payload(await CertifiedCredentialAsync(after, "Ben Okafor"));
        Assert.Equal(issuer, next.GetProperty("iss").GetString());
        Assert.Equal(issuer, next.GetProperty("issuer").GetProperty("id").GetString());
        Assert.Equal("https://learning.new-trust.example/", next.GetProperty("issuer").GetProperty("url").GetString());
    }

    [Fact]
    public async Task A_credential_issued_under_the_old_base_url_as_issuer_id_still_verifies()
    {
        string token;
        // How credentials were issued before the issuer had an id of its own: iss was the base URL.
        await using (var before = new ELearningApp(settings: At("https://learning.old-trust.example/", issuerUrl: "https://learning.old-trust.example/")))
            token = await CertifiedCredentialAsync(before, "Asha Patel");
        Assert.Equal("https://learning.old-trust.example/", Payload(token).GetProperty("iss").GetString());

        await using var after = new ELearningApp(settings: At("https://learning.new-trust.example/"));
        var reply = await after.CreateClient().PostAsJsonAsync("/api/verify", new { credential = token });

        Assert.Equal(HttpStatusCode.OK, reply.StatusCode);
        Assert.Equal("valid", (await reply.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_configured_issuer_url_is_the_issuer_id()
    {
        await using var app = new ELearningApp(settings: At("https://learning.example/", issuerUrl: "https://issuer.example.org/"));

        var vc = Payload(await CertifiedCredentialAsync(app, "Asha Patel"));

        Assert.Equal("https://issuer.example.org/", vc.GetProperty("iss").GetString());
    }

    [Fact]
    public async Task A_credential_signed_with_this_issuers_key_but_naming_another_issuer_than_its_certificate_was_issued_under_is_refused()
    {
        await using var app = new ELearningApp(settings: At("https://learning.example/"));
        var genuine = Payload(await CertifiedCredentialAsync(app, "Asha Patel"));
        var other = System.Text.Json.Nodes.JsonNode.Parse(genuine.GetRawText())!.AsObject();
        other["iss"] = "https://impostor.example/";
        other["issuer"]!["id"] = "https://impostor.example/";
        var resigned = await app.Services.GetRequiredService<ELearning.Api.Certificates.CredentialSigner>().SignAsync(other);

        var reply = await app.CreateClient().PostAsJsonAsync("/api/verify", new { credential = resigned });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, reply.StatusCode);
        Assert.Contains("issuer", (await reply.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
    }

    static async Task<string> CertifiedCredentialAsync(ELearningApp app, string name)
    {
        var learner = await CertificateWalk.RegisterAsync(app, name, email: $"{name.Replace(' ', '.').ToLowerInvariant()}@example.nhs.uk");
        await CertificateWalk.PassAllModulesAsync(learner);
        var certificate = await learner.GetJsonAsync("/api/learners/me/certificate");
        var bytes = await CertificateWalk.GetBytesAsync(learner.Http, certificate.GetProperty("credentialUrl").GetString()!, "application/vc+jwt");
        return Encoding.ASCII.GetString(bytes);
    }

    static JsonElement Payload(string token) => JsonDocument.Parse(Base64UrlEncoder.DecodeBytes(token.Split('.')[1])).RootElement;
}
