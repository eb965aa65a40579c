using System.Net;
using System.Text;
using ELearning.Tests.Support;

namespace ELearning.Tests.Api;

/// <summary>Whatever a client sends, the answer is a 4xx with a problem, never a 500.</summary>
public sealed class HostileInputTests : IAsyncLifetime
{
    readonly ELearningApp app = new();
    public Task InitializeAsync() => Task.CompletedTask;
    public Task DisposeAsync() => app.DisposeAsync().AsTask();

    public static TheoryData<string, string, string?, string?> Requests => new()
    {
        { "POST", "/api/learners", "text/plain", "name=Asha" },
        { "POST", "/api/learners", "application/json", "null" },
        { "POST", "/api/learners", "application/json", "[]" },
        { "POST", "/api/learners", "application/json", """{"name": 42}""" },
        { "POST", "/api/learners", "application/json", """{"name": "Asha\u0000Patel"}""" },
        { "POST", "/api/learners", "application/json", """{"name": "A", "email": "a@b@c"}""" },
        { "POST", "/api/learners", "application/json", new string('[', 5000) + new string(']', 5000) },
        { "POST", "/api/attempts", "application/json", """{"moduleId": ["confidentiality"]}""" },
        { "POST", "/api/attempts", "application/json", """{"moduleId": "../../etc/passwd"}""" },
        { "POST", "/api/attempts/not-a-guid/answers", "application/json", "{}" },
        { "POST", "/api/attempts/{attempt}/answers", "application/json", """{"caseId": "fixture-ward-photo", "nodeId": "n1", "response": {"choices": [1, 2]}}""" },
        { "POST", "/api/attempts/{attempt}/answers", "application/json", """{"caseId": "fixture-ward-photo", "nodeId": "n1", "response": {"choices": [null]}}""" },
        { "POST", "/api/attempts/{attempt}/answers", "application/json", """{"caseId": "fixture-ward-photo", "nodeId": "n1", "response": null}""" },
        { "POST", "/api/attempts/{attempt}/answers", "application/json", """{"caseId": "fixture-ward-photo", "nodeId": "n1", "response": {"choices": ["a","a","a","a","a","a","a","a","a","a","a"]}}""" },
        { "POST", "/api/attempts/{attempt}/answers", "application/json", """{"caseId": null, "nodeId": null, "response": "a"}""" },
        { "POST", "/api/attempts/{attempt}/complete", "application/json", "{not json" },
        { "GET", "/api/modules/" + new string('x', 5000), null, null },
        { "GET", "/api/attempts/00000000-0000-0000-0000-000000000000", null, null },
    };

    [Theory]
    [MemberData(nameof(Requests))]
    public async Task Odd_requests_get_a_client_error_not_a_server_error(string method, string path, string? contentType, string? body)
    {
        var asha = await app.SignInAsync();
        var attempt = await asha.StartAsync("confidentiality");
        var request = new HttpRequestMessage(new HttpMethod(method), path.Replace("{attempt}", attempt.AttemptId.ToString()));
        if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, contentType!);

        var response = await asha.Http.SendAsync(request);

        Assert.InRange((int)response.StatusCode, 400, 499);
    }

    [Fact]
    public async Task An_absurdly_long_bearer_token_is_unauthorised_not_an_error()
    {
        var client = app.CreateClient();
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", "Bearer " + new string('x', 10_000));

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/learners/me")).StatusCode);
    }
}
