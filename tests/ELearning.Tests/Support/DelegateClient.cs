using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace ELearning.Tests.Support;

public sealed record Started(Guid AttemptId, string CaseId, string NodeId);

/// <summary>A signed-in delegate: the calls the player makes, one method each.</summary>
public sealed class DelegateClient(HttpClient http, Guid learnerId)
{
    public HttpClient Http { get; } = http;
    public Guid LearnerId { get; } = learnerId;

    /// <summary>POST /api/learners as a new delegate, through whichever host <paramref name="newClient"/> reaches.</summary>
    public static async Task<DelegateClient> SignUpAsync(Func<HttpClient> newClient, string name, string? registrationNumber = null)
    {
        var response = await newClient().PostAsJsonAsync("/api/learners", new { name, registrationNumber });
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return new DelegateClient(newClient().WithBearer(body.GetProperty("token").GetString()!), body.GetProperty("learnerId").GetGuid());
    }

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

public static class Clients
{
    /// <summary>The client, sending <paramref name="token"/> as its bearer token (a delegate's, or <see cref="TestSettings.AdminKey"/>).</summary>
    public static HttpClient WithBearer(this HttpClient client, string token)
    {
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>An administrator's client for an API at a real address.</summary>
    public static HttpClient Admin(string baseAddress) => new HttpClient { BaseAddress = new Uri(baseAddress) }.WithBearer(TestSettings.AdminKey);
}
