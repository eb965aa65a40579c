using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using ELearning.Tests.Support;

namespace ELearning.Tests.Api;

public sealed class OperationsTests : IAsyncLifetime
{
    readonly ELearningApp app = new();
    public Task InitializeAsync() => Task.CompletedTask;
    public Task DisposeAsync() => app.DisposeAsync().AsTask();

    [Fact]
    public async Task Health_reports_the_database_reachable()
    {
        var response = await app.CreateClient().GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var health = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Healthy", health.GetProperty("checks").GetProperty("database").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Health_reports_an_unreachable_database_as_unhealthy()
    {
        var client = app.CreateClient();
        await client.GetAsync("/health");
        app.ReleaseDatabaseFile();
        File.Delete(app.DatabasePath);
        Directory.CreateDirectory(app.DatabasePath); // a folder where the file was: SQLite cannot open it

        var response = await client.GetAsync("/health");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Directory.Delete(app.DatabasePath);
    }

    [Fact]
    public async Task A_read_only_database_is_unhealthy_and_writes_answer_503_problems_while_reads_still_work()
    {
        await app.CreateClient().GetAsync("/health"); // the schema is in place
        await using var readOnly = new ELearningApp(settings: new Dictionary<string, string?>
        {
            ["ConnectionStrings:ELearning"] = $"Data Source={app.DatabasePath};Mode=ReadOnly",
        });
        var client = readOnly.CreateClient();

        var health = await client.GetAsync("/health");
        var signUp = await client.PostAsJsonAsync("/api/learners", new { name = "Asha Patel" });
        var course = await client.GetAsync("/api/course");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        var body = await health.Content.ReadAsStringAsync();
        var database = JsonDocument.Parse(body).RootElement.GetProperty("checks").GetProperty("database");
        Assert.Equal("Unhealthy", database.GetProperty("status").GetString());
        Assert.StartsWith("Sqlite database is read-only", database.GetProperty("description").GetString());
        Assert.DoesNotContain(" at ", body);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, signUp.StatusCode);
        Assert.Equal("application/problem+json", signUp.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Nothing was changed", (await signUp.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        Assert.NotNull(signUp.Headers.RetryAfter);
        Assert.Equal(HttpStatusCode.OK, course.StatusCode);
    }

    [Fact]
    public async Task A_corrupt_database_is_unhealthy_and_requests_that_need_it_answer_503()
    {
        var client = app.CreateClient();
        var asha = await app.SignInAsync();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
        app.ReleaseDatabaseFile();
        await File.WriteAllBytesAsync(app.DatabasePath, Enumerable.Repeat((byte)0x5A, 8192).ToArray());

        var health = await client.GetAsync("/health");
        var me = await asha.Http.GetAsync("/api/learners/me");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        var database = (await health.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("checks").GetProperty("database");
        Assert.Equal("Sqlite database is corrupt or not a SQLite database", database.GetProperty("description").GetString());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, me.StatusCode);
        Assert.Equal("application/problem+json", me.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_start_makes_no_data_protection_key_ring_yet_a_protector_can_still_be_had()
    {
        app.CreateClient();

        var atStart = app.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().Select(s => s.GetType().Name).ToList();
        Assert.Contains("GenericWebHostService", atStart);      // the host's own services are all there
        Assert.DoesNotContain("DataProtectionHostedService", atStart);
        var protector = app.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("test");
        Assert.Equal("kept", protector.Unprotect(protector.Protect("kept")));
    }

    [Fact]
    public async Task The_openapi_document_lists_every_route()
    {
        var document = await app.CreateClient().GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var documented = document.GetProperty("paths").EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject().Select(m => $"{m.Name.ToUpperInvariant()} {p.Name}")).ToHashSet();

        var routes = app.Services.GetServices<Microsoft.AspNetCore.Routing.EndpointDataSource>()
            .SelectMany(s => s.Endpoints).OfType<Microsoft.AspNetCore.Routing.RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText!.StartsWith("/api") || e.RoutePattern.RawText.StartsWith("api"))
            .SelectMany(e => (e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? []).Select(m =>
                $"{m} /{Regex.Replace(e.RoutePattern.RawText!.TrimStart('/').TrimEnd('/'), @"\{(\w+)(:[^}]*)?\}", "{$1}")}"))
            .ToList();

        Assert.NotEmpty(routes);
        Assert.All(routes, route => Assert.Contains(route, documented));
        Assert.Contains("POST /api/attempts/{attemptId}/answers", documented);
    }

    [Fact]
    public async Task The_api_reference_page_works_without_the_internet()
    {
        var client = app.CreateClient();
        var page = await client.GetStringAsync("/docs");

        Assert.Contains("ELearning API", page);
        var externalScripts = Regex.Matches(page, "<script[^>]+src=\"(https?:)?//", RegexOptions.IgnoreCase);
        Assert.Empty(externalScripts);
        var script = Regex.Match(page, "<script[^>]+src=\"([^\"]+)\"").Groups[1].Value;
        var scriptUrl = new Uri(new Uri(client.BaseAddress!, "/docs/"), script);
        var bundle = await client.GetAsync(scriptUrl);
        Assert.Equal(HttpStatusCode.OK, bundle.StatusCode);
        Assert.True((await bundle.Content.ReadAsByteArrayAsync()).Length > 100_000);
    }
}
