using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using ELearning.Api.Identity;
using ELearning.Tests.Support;
using Microsoft.AspNetCore.Authorization;

namespace ELearning.Tests.Api;

/// <summary>
/// The served OpenAPI document says who may call what and passes Redocly's recommended rules (npm @redocly/cli, from
/// tools/openapi-lint's lockfile): bearer schemes declared, each operation's security, a 2xx and a ProblemDetails 4xx.
/// </summary>
public sealed class OpenApiLintTests : IAsyncLifetime
{
    readonly ELearningApp app = new();
    public Task InitializeAsync() => Task.CompletedTask;
    public Task DisposeAsync() => app.DisposeAsync().AsTask();

    static string LintFolder => Path.Combine(Repo.Root, "tools", "openapi-lint");

    [Fact]
    public async Task Redocly_lint_finds_no_errors_in_the_served_document()
    {
        var document = await app.CreateClient().GetStringAsync("/openapi/v1.json");
        var file = Path.Combine(Path.GetTempPath(), $"elearning-openapi-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, document);
        try
        {
            var (exit, output, log) = await RedoclyAsync("lint", file, "--format=json", "--config", Path.Combine(LintFolder, "redocly.yaml"));

            Assert.True(output.Contains('{'), $"redocly printed no report (exit {exit}): {log}");
            var report = JsonDocument.Parse(output[output.IndexOf('{')..]).RootElement;
            var errors = report.GetProperty("problems").EnumerateArray().Where(p => p.GetProperty("severity").GetString() == "error")
                .Select(p => $"{p.GetProperty("ruleId").GetString()}: {p.GetProperty("message").GetString()} at {p.GetProperty("location")[0].GetProperty("pointer").GetString()}").ToList();
            Assert.True(errors.Count == 0, string.Join("\n", errors));
            Assert.Equal(0, report.GetProperty("totals").GetProperty("errors").GetInt32());
            Assert.Equal(0, exit);
        }
        finally { File.Delete(file); }
    }

    [Fact]
    public async Task Every_operation_declares_its_security_and_a_success_and_a_problem_response()
    {
        var document = await app.CreateClient().GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var schemes = document.GetProperty("components").GetProperty("securitySchemes");
        Assert.Equal(["adminKey", "delegateToken", "facilitatorToken", "lmsSessionToken"], schemes.EnumerateObject().Select(s => s.Name).Order());
        Assert.All(schemes.EnumerateObject(), s => Assert.Equal("bearer", s.Value.GetProperty("scheme").GetString()));
        Assert.DoesNotMatch("/$", document.GetProperty("servers")[0].GetProperty("url").GetString()!);

        foreach (var (route, operation) in Operations(document))
        {
            Assert.True(operation.TryGetProperty("security", out _), $"{route} declares no security");
            var responses = operation.GetProperty("responses").EnumerateObject().ToList();
            Assert.True(responses.Any(r => r.Name.StartsWith('2')), $"{route} documents no 2xx");
            // Public, fixed answers with no input to refuse.
            if (route is not ("GET /.well-known/jwks.json" or "GET /api/privacy")) Assert.True(responses.Any(r => r.Name.StartsWith('4')), $"{route} documents no 4xx");
            foreach (var problem in responses.Where(r => r.Name.StartsWith('4')))
                Assert.True(problem.Value.GetProperty("content").TryGetProperty("application/problem+json", out _), $"{route} {problem.Name} is not a ProblemDetails");
        }
        Assert.Equal(0, Operations(document).Single(o => o.Route == "GET /api/course").Operation.GetProperty("security").GetArrayLength());
        var facilitator = Operations(document).Single(o => o.Route == "GET /api/workshops").Operation.GetProperty("security");
        Assert.Equal(["facilitatorToken", "adminKey"], facilitator.EnumerateArray().Select(r => r.EnumerateObject().Single().Name));
    }

    [Fact]
    public void A_route_whose_policy_declares_no_security_stops_the_document()
    {
        var options = new PolicySecurityOptions();
        options.Policies[Policies.Delegate] = [SecuritySchemes.DelegateToken];

        var error = Assert.Throws<InvalidOperationException>(() =>
            OperationSecurityTransformer.SchemesFor([new AuthorizeAttribute("auditor")], options, "GET /api/audit"));

        Assert.Contains("GET /api/audit requires authorization 'auditor'", error.Message);
        Assert.Equal([SecuritySchemes.DelegateToken], OperationSecurityTransformer.SchemesFor([new AuthorizeAttribute(Policies.Delegate)], options, "GET /x"));
        Assert.Empty(OperationSecurityTransformer.SchemesFor([new AuthorizeAttribute(Policies.Delegate), new AllowAnonymousAttribute()], options, "GET /x"));
    }

    public static IEnumerable<(string Route, JsonElement Operation)> Operations(JsonElement document) =>
        document.GetProperty("paths").EnumerateObject().SelectMany(path => path.Value.EnumerateObject()
            .Where(m => m.Name is "get" or "post" or "put" or "patch" or "delete")
            .Select(m => ($"{m.Name.ToUpperInvariant()} {path.Name}", m.Value)));

    /// <summary>Runs tools/openapi-lint's redocly, installing it from the lockfile first on a clean clone.</summary>
    static async Task<(int Exit, string Output, string Errors)> RedoclyAsync(params string[] args)
    {
        var redocly = Path.Combine(LintFolder, "node_modules", ".bin", "redocly");
        if (!File.Exists(redocly))
        {
            var (ci, _, log) = await RunAsync("npm", ["ci", "--no-audit", "--no-fund", "--loglevel=error"]);
            Assert.True(ci == 0, "npm ci in tools/openapi-lint failed: " + log);
        }
        return await RunAsync(redocly, args);
    }

    static async Task<(int, string, string)> RunAsync(string command, string[] args)
    {
        var start = new ProcessStartInfo(command, args) { WorkingDirectory = LintFolder, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.Environment["REDOCLY_TELEMETRY"] = "off";
        start.Environment["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true";
        start.Environment["NO_COLOR"] = "1";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await errors);
    }
}
