using System.Net.Http.Json;
using ELearning.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ELearning.Tests.Api;

public sealed class LoggingTests
{
    [Fact]
    public async Task Logs_never_contain_tokens_names_or_email_addresses()
    {
        var logs = new CapturingLoggerProvider();
        await using var app = new ELearningApp();
        using var logged = app.WithWebHostBuilder(b => b.ConfigureServices(s => s.AddLogging(l => l.AddProvider(logs).SetMinimumLevel(LogLevel.Trace))));
        var client = logged.CreateClient();
        var signIn = await (await client.PostAsJsonAsync("/api/learners", new { name = "Zanele Okonkwo-Price", email = "zanele.price@example.nhs.uk", registrationNumber = "OT765432" }))
            .Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        var token = signIn.GetProperty("token").GetString()!;
        client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        var started = await (await client.PostAsJsonAsync("/api/attempts", new { moduleId = "confidentiality" })).Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        var attemptId = started.GetProperty("attemptId").GetGuid();
        foreach (var (caseId, nodeId, response) in FixtureWalk.BestConfidentiality)
            await client.PostAsJsonAsync($"/api/attempts/{attemptId}/answers", new { caseId, nodeId, response });
        await client.PostAsJsonAsync($"/api/attempts/{attemptId}/answers", new { caseId = "fixture-ward-photo", nodeId = "n1", response = new { choices = new[] { "b" } } });
        var wrongToken = logged.CreateClient();
        wrongToken.DefaultRequestHeaders.Authorization = new("Bearer", "a-guessed-secret-token");
        await wrongToken.GetAsync("/api/learners/me");
        var admin = logged.CreateClient();
        admin.DefaultRequestHeaders.Authorization = new("Bearer", ELearningApp.AdminKey);
        await admin.GetAsync("/api/admin/summary");

        var all = string.Join("\n", logs.Lines);

        Assert.NotEmpty(logs.Lines);
        foreach (var secret in new[] { token, "a-guessed-secret-token", ELearningApp.AdminKey, "Zanele", "Okonkwo", "zanele.price@example.nhs.uk", "OT765432" })
            Assert.DoesNotContain(secret, all);
    }
}
