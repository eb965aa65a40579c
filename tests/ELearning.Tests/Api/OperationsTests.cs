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
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        File.Delete(app.DatabasePath);
        Directory.CreateDirectory(app.DatabasePath); // a folder where the file was: SQLite cannot open it

        var response = await client.GetAsync("/health");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Directory.Delete(app.DatabasePath);
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
