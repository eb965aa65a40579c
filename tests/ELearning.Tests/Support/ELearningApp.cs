using Microsoft.Extensions.Logging;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace ELearning.Tests.Support;

/// <summary>
/// The API in-process with its own SQLite file and, unless told otherwise, the small fixture course whose
/// scores the tests know. Disposing it deletes the database.
/// </summary>
public sealed class ELearningApp(string? contentRoot = null, IReadOnlyDictionary<string, string?>? settings = null) : WebApplicationFactory<Program>
{
    public const string AdminKey = "test-admin-key-0123456789";
    public static string FixtureContent => Path.Combine(AppContext.BaseDirectory, "Fixtures", "content");
    public static string RealContent => Path.Combine(AppContext.BaseDirectory, "content");

    readonly string folder = Directory.CreateTempSubdirectory("elearning-test-").FullName;

    public string DatabasePath => Path.Combine(folder, "elearning.db");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        // The app's JSON console logs would bury the test results; tests that read logs add their own provider.
        builder.ConfigureLogging(logging => logging.ClearProviders());
        builder.UseSetting("ConnectionStrings:ELearning", $"Data Source={DatabasePath}");
        builder.UseSetting("Content:Root", contentRoot ?? FixtureContent);
        builder.UseSetting("Admin:ApiKey", AdminKey);
        // Each test app signs certificates with its own key, kept beside its database.
        builder.UseSetting("Certificates:SigningKeyPath", Path.Combine(folder, "signing-key.pem"));
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            builder.UseSetting(key, value);
    }

    public HttpClient AdminClient()
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
        return client;
    }

    public async Task<DelegateClient> SignInAsync(string name = "Asha Patel", string? registrationNumber = null)
    {
        var anonymous = CreateClient();
        var response = await anonymous.PostAsJsonAsync("/api/learners", new { name, registrationNumber });
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", body.GetProperty("token").GetString());
        return new DelegateClient(client, body.GetProperty("learnerId").GetGuid());
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
    }
}

public sealed record Started(Guid AttemptId, string CaseId, string NodeId);

/// <summary>A signed-in delegate: the calls the player makes, one method each.</summary>
public sealed class DelegateClient(HttpClient http, Guid learnerId)
{
    public HttpClient Http { get; } = http;
    public Guid LearnerId { get; } = learnerId;

    public async Task<Started> StartAsync(string moduleId)
    {
        var response = await Http.PostAsJsonAsync("/api/attempts", new { moduleId });
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var next = body.GetProperty("next");
        return new(body.GetProperty("attemptId").GetGuid(), next.GetProperty("caseId").GetString()!, next.GetProperty("nodeId").GetString()!);
    }

    public Task<HttpResponseMessage> AnswerAsync(Guid attemptId, string caseId, string nodeId, object response) =>
        Http.PostAsJsonAsync($"/api/attempts/{attemptId}/answers", new { caseId, nodeId, response });

    public async Task<JsonElement> AnswerOkAsync(Guid attemptId, string caseId, string nodeId, object response)
    {
        var reply = await AnswerAsync(attemptId, caseId, nodeId, response);
        Assert.True(reply.IsSuccessStatusCode, $"{caseId}/{nodeId}: {(int)reply.StatusCode} {await reply.Content.ReadAsStringAsync()}");
        return await reply.Content.ReadFromJsonAsync<JsonElement>();
    }

    public async Task<JsonElement> GetJsonAsync(string url)
    {
        var reply = await Http.GetAsync(url);
        Assert.True(reply.IsSuccessStatusCode, $"{url}: {(int)reply.StatusCode} {await reply.Content.ReadAsStringAsync()}");
        return await reply.Content.ReadFromJsonAsync<JsonElement>();
    }
}
