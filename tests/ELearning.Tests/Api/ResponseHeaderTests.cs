using System.Net;
using System.Net.Http.Json;
using ELearning.Tests.Certificates;
using ELearning.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;

namespace ELearning.Tests.Api;

/// <summary>
/// Personal data (a delegate's details, their certificate and evidence pack, a room's attendance sheet, and the
/// problems about them) is never kept by a browser's or a proxy's cache, never sniffed into another type; the server
/// does not name itself; over HTTPS, browsers are told to stay on HTTPS.
/// </summary>
public sealed class ResponseHeaderTests : IAsyncLifetime
{
    readonly ELearningApp app = new();
    public Task InitializeAsync() => Task.CompletedTask;
    public Task DisposeAsync() => app.DisposeAsync().AsTask();

    [Fact]
    public async Task Every_response_carrying_personal_data_says_no_store_and_nosniff()
    {
        var asha = await CertificateWalk.RegisterAsync(app);
        await CertificateWalk.PassAllModulesAsync(asha);
        var certificate = await asha.GetJsonAsync("/api/learners/me/certificate");
        var id = certificate.GetProperty("id").GetString();
        var sam = await FacilitatorClient.CreateAsync(app.AdminClient(), app.CreateClient);
        var workshop = await sam.CreateWorkshopAsync();
        var signUp = await app.CreateClient().PostAsJsonAsync("/api/learners", new { name = "Priya Shah" });

        var responses = new Dictionary<string, HttpResponseMessage>
        {
            ["sign-up (JSON)"] = signUp,
            ["me (JSON)"] = await asha.Http.GetAsync("/api/learners/me"),
            ["certificate PDF"] = await asha.Http.GetAsync($"/api/certificates/{id}.pdf"),
            ["credential"] = await asha.Http.GetAsync($"/api/certificates/{id}/credential"),
            ["evidence ZIP"] = await asha.Http.GetAsync("/api/learners/me/cpd-evidence"),
            ["attendance CSV"] = await sam.Http.GetAsync($"/api/workshops/{workshop.Id}/attendance.csv"),
            ["roster"] = await sam.Http.GetAsync($"/api/workshops/{workshop.Id}/roster"),
            ["public verification"] = await app.CreateClient().GetAsync($"/api/verify/{id}"),
            ["401 problem"] = await app.CreateClient().GetAsync("/api/learners/me"),
            ["404 problem"] = await asha.Http.GetAsync("/api/attempts/00000000-0000-0000-0000-000000000000"),
            ["400 problem"] = await asha.Http.PostAsJsonAsync("/api/attempts", new { moduleId = 42 }),
            ["unknown route"] = await app.CreateClient().GetAsync("/no-such-page"),
        };

        Assert.All(responses, r =>
        {
            Assert.True(r.Value.Headers.CacheControl?.NoStore == true, $"{r.Key}: Cache-Control {r.Value.Headers.CacheControl}");
            Assert.True(r.Value.Headers.TryGetValues("X-Content-Type-Options", out var sniff) && sniff.Single() == "nosniff", $"{r.Key}: no nosniff");
        });
        Assert.Equal("application/pdf", responses["certificate PDF"].Content.Headers.ContentType?.MediaType);
        Assert.Equal("application/zip", responses["evidence ZIP"].Content.Headers.ContentType?.MediaType);
        Assert.Equal("text/csv", responses["attendance CSV"].Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task The_server_does_not_announce_itself()
    {
        await using var served = ELearningApp.OnRealPort();
        using var http = new HttpClient { BaseAddress = new Uri(served.Start()) };

        foreach (var path in new[] { "/health", "/api/course", "/no-such-page", "/" })
        {
            var response = await http.GetAsync(path);
            Assert.False(response.Headers.Contains("Server"), $"{path}: Server: {string.Join(",", response.Headers.Server)}");
        }
    }

    [Fact]
    public async Task Over_https_browsers_are_told_to_stay_on_https_for_a_year()
    {
        var https = app.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://elearning.example.nhs.uk") });
        var http = app.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("http://elearning.example.nhs.uk") });

        var secure = await https.GetAsync("/api/course");
        var plain = await http.GetAsync("/api/course");

        Assert.Equal(HttpStatusCode.OK, secure.StatusCode);
        Assert.Equal("max-age=31536000", Assert.Single(secure.Headers.GetValues("Strict-Transport-Security")));
        Assert.False(plain.Headers.Contains("Strict-Transport-Security"));
    }
}
