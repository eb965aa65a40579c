using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using ELearning.Tests.Support;

namespace ELearning.Tests.Certificates;

public sealed class VerifyTests : IAsyncLifetime
{
    readonly ELearningApp app = new();
    public Task InitializeAsync() => Task.CompletedTask;
    public Task DisposeAsync() => app.DisposeAsync().AsTask();

    [Fact]
    public async Task Anyone_can_verify_a_certificate_and_learns_only_status_name_course_and_date()
    {
        var (_, certificate) = await CertificateWalk.CertifiedAsync(app);

        var reply = await app.CreateClient().GetAsync($"/api/verify/{certificate.GetProperty("id").GetString()}");

        Assert.Equal(HttpStatusCode.OK, reply.StatusCode);
        var body = await reply.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(["status", "name", "course", "date"], body.EnumerateObject().Select(p => p.Name));
        Assert.Equal("valid", body.GetProperty("status").GetString());
        Assert.Equal("Asha Patel", body.GetProperty("name").GetString());
        Assert.Equal("Social media and your professional standards", body.GetProperty("course").GetString());
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}$", body.GetProperty("date").GetString());
        Assert.Equal("no-store", reply.Headers.CacheControl?.ToString());
    }

    [Fact]
    public async Task An_administrator_revokes_a_certificate_and_it_then_shows_as_revoked()
    {
        var (asha, certificate) = await CertificateWalk.CertifiedAsync(app);
        var id = certificate.GetProperty("id").GetString();

        var revoke = await app.AdminClient().PostAsJsonAsync($"/api/admin/certificates/{id}/revoke", new { reason = "Issued in error" });

        Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);
        var status = await app.CreateClient().GetFromJsonAsync<JsonElement>($"/api/verify/{id}");
        Assert.Equal("revoked", status.GetProperty("status").GetString());
        Assert.True(status.TryGetProperty("revokedAt", out _));
        var page = await app.CreateClient().GetStringAsync($"/verify/{id}");
        Assert.Contains("This certificate has been revoked", page);
        var owners = await asha.GetJsonAsync($"/api/certificates/{id}");
        Assert.Equal("revoked", owners.GetProperty("status").GetString());
        Assert.Equal("Issued in error", owners.GetProperty("revokedReason").GetString());
    }

    [Fact]
    public async Task Revoking_an_unknown_certificate_is_not_found()
    {
        var reply = await app.AdminClient().PostAsJsonAsync("/api/admin/certificates/AAAAAAAAAAAAAAAAAAAAAAAA/revoke", new { });

        Assert.Equal(HttpStatusCode.NotFound, reply.StatusCode);
    }

    [Fact]
    public async Task Delegates_cannot_revoke_certificates()
    {
        var (asha, certificate) = await CertificateWalk.CertifiedAsync(app);

        var reply = await asha.Http.PostAsJsonAsync($"/api/admin/certificates/{certificate.GetProperty("id").GetString()}/revoke", new { });

        Assert.Equal(HttpStatusCode.Forbidden, reply.StatusCode);
        Assert.Equal("valid", (await asha.GetJsonAsync("/api/learners/me/certificate")).GetProperty("status").GetString());
    }

    [Theory]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("not-an-id")]
    [InlineData("%3Cscript%3E")]
    public async Task Unknown_ids_are_not_found(string id)
    {
        var anonymous = app.CreateClient();

        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/api/verify/{id}")).StatusCode);
        var page = await anonymous.GetAsync($"/verify/{id}");
        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.Contains("Certificate not found", await page.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("<script>alert('x')</script><img src=x onerror=alert(1)>")]
    [InlineData("Siobhán O'Neill & \"Jo\"")]
    [InlineData("محمد عبد الله")]
    public async Task The_verify_page_shows_names_as_inert_text_under_a_strict_content_security_policy(string name)
    {
        var (_, certificate) = await CertificateWalk.CertifiedAsync(app, name);

        var reply = await app.CreateClient().GetAsync($"/verify/{certificate.GetProperty("id").GetString()}");

        var html = await reply.Content.ReadAsStringAsync();
        Assert.Equal("text/html", reply.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Certificate verified", html);
        Assert.DoesNotContain("<script", html);
        Assert.DoesNotContain("<img", html);
        if (name.IndexOfAny(['<', '>', '&', '\'', '"']) >= 0) Assert.DoesNotContain(name, html);
        Assert.Equal(name, WebUtility.HtmlDecode(Regex.Match(html, "<bdi dir=\"auto\">(.*?)</bdi>").Groups[1].Value));

        var csp = string.Join(";", reply.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'none'", csp);
        Assert.DoesNotContain("unsafe-inline", csp);
        Assert.DoesNotContain("script-src", csp);
        var style = Regex.Match(html, "<style>(.*?)</style>", RegexOptions.Singleline).Groups[1].Value;
        Assert.Contains($"'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(style)))}'", csp);
    }
}
