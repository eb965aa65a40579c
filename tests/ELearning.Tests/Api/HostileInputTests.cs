using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ELearning.Tests.Support;

namespace ELearning.Tests.Api;

/// <summary>
/// Whatever a client sends, the answer is a 4xx ProblemDetails a person can act on (a detail, and field errors for a
/// bad body), never a 500. The app runs as in production: there, the framework's binding failures used to be a bare
/// {"title":"Bad Request"}, because only Development throws them to the exception handler.
/// </summary>
public sealed class HostileInputTests : IAsyncLifetime
{
    readonly ELearningApp app = new(settings: new Dictionary<string, string?> { ["environment"] = "Production" });
    public Task InitializeAsync() => Task.CompletedTask;
    public Task DisposeAsync() => app.DisposeAsync().AsTask();

    public static TheoryData<string, string, string?, string?> Requests => new()
    {
        { "POST", "/api/learners", "text/plain", "name=Asha" },
        { "POST", "/api/learners", "application/xml", "<name>Asha</name>" },
        { "POST", "/api/learners", "application/json", "" },
        { "POST", "/api/learners", "application/json", "null" },
        { "POST", "/api/learners", "application/json", "[]" },
        { "POST", "/api/learners", "application/json", "\"Asha\"" },
        { "POST", "/api/learners", "application/json", "{not json" },
        { "POST", "/api/learners", "application/json", """{"name": "Asha",}""" },
        { "POST", "/api/learners", "application/json", """{"name": 42}""" },
        { "POST", "/api/learners", "application/json", """{"name": "Asha", "email": ["a@b.c"]}""" },
        { "POST", "/api/learners", "application/json", """{"name": "Asha\u0000Patel"}""" },
        { "POST", "/api/learners", "application/json", """{"name": "A", "email": "a@b@c"}""" },
        { "POST", "/api/learners", "application/json", new string('[', 5000) + new string(']', 5000) },
        { "POST", "/api/learners", "application/json", "{\"name\": " + new string('{', 100) },
        { "POST", "/api/attempts", "application/json", """{"moduleId": ["confidentiality"]}""" },
        { "POST", "/api/attempts", "application/json", """{"moduleId": "confidentiality", "launchId": "not-a-guid"}""" },
        { "POST", "/api/attempts", "application/json", """{"moduleId": "../../etc/passwd"}""" },
        { "POST", "/api/attempts", "application/json", "null" },
        { "POST", "/api/attempts", null, null },
        { "POST", "/api/attempts/not-a-guid/answers", "application/json", "{}" },
        { "POST", "/api/attempts/{attempt}/answers", "application/json", """{"caseId": "fixture-ward-photo", "nodeId": "n1", "response": {"choices": [1, 2]}}""" },
        { "POST", "/api/attempts/{attempt}/answers", "application/json", """{"caseId": "fixture-ward-photo", "nodeId": "n1", "response": {"choices": [null]}}""" },
        { "POST", "/api/attempts/{attempt}/answers", "application/json", """{"caseId": "fixture-ward-photo", "nodeId": "n1", "response": null}""" },
        { "POST", "/api/attempts/{attempt}/answers", "application/json", """{"caseId": "fixture-ward-photo", "nodeId": "n1", "response": {"choices": ["a","a","a","a","a","a","a","a","a","a","a"]}}""" },
        { "POST", "/api/attempts/{attempt}/answers", "application/json", """{"caseId": null, "nodeId": null, "response": "a"}""" },
        { "POST", "/api/attempts/{attempt}/answers", "application/json", """{"caseId": 7, "nodeId": "n1", "response": {}}""" },
        { "POST", "/api/attempts/{attempt}/complete", "application/json", "{not json" },
        { "POST", "/api/workshops/join", "application/json", """{"code": 123456, "name": "Asha"}""" },
        { "POST", "/api/workshops/join", "application/json", "[1]" },
        { "POST", "/api/lms/scorm/sessions", "application/json", """{"packageKey": "k", "studentId": "s", "studentName": "n", "moduleId": "confidentiality", "resumeAttemptId": 5}""" },
        { "POST", "/api/lms/cmi5/launches", "application/json", """{"moduleId": {"id": 1}}""" },
        { "POST", "/api/lms/tincan/launches", "application/json", """{"endpoint": true}""" },
        { "POST", "/api/lms/sessions/00000000-0000-0000-0000-000000000000/terminate", "application/json", """{"exitKey": 1}""" },
        { "POST", "/api/verify", "application/json", """{"credential": {"alg": "none"}}""" },
        { "POST", "/api/verify", "text/plain", "eyJhbGciOiJub25lIn0.e30." },
        { "GET", "/api/modules/" + new string('x', 5000), null, null },
        { "GET", "/api/attempts/00000000-0000-0000-0000-000000000000", null, null },
        { "GET", "/api/nothing-here", null, null },
        { "GET", "/api/attempts/not-a-guid", null, null },
        { "DELETE", "/api/learners", null, null },
        { "PUT", "/api/course", "application/json", "{}" },
        { "PATCH", "/api/attempts/{attempt}", "application/json", "{}" },
    };

    [Theory]
    [MemberData(nameof(Requests))]
    public async Task Odd_requests_get_a_client_error_problem_with_a_detail_not_a_server_error(string method, string path, string? contentType, string? body)
    {
        var asha = await app.SignInAsync();
        var attempt = await asha.StartAsync("confidentiality");
        var request = new HttpRequestMessage(new HttpMethod(method), path.Replace("{attempt}", attempt.AttemptId.ToString()));
        if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, contentType!);

        var response = await asha.Http.SendAsync(request);

        Assert.InRange((int)response.StatusCode, 400, 499);
        var problem = await ProblemAsync(response);
        if (response.StatusCode == HttpStatusCode.BadRequest)
            Assert.True(problem.TryGetProperty("errors", out var errors) && errors.EnumerateObject().Any(), $"400 without field errors: {problem}");
    }

    [Theory]
    [InlineData("""{"name": 42}""", "name", "Expected a string here.")]
    [InlineData("""{"name": "Asha", "email": ["a@b.c"]}""", "email", "Expected a string here.")]
    [InlineData("{not json", "$", "Not valid JSON")]
    [InlineData("", "$", "A JSON object is required as the request body.")]
    [InlineData("null", "$", "A JSON object is required as the request body.")]
    [InlineData("[]", "$", "Expected a JSON object here.")]
    public async Task A_body_the_framework_cannot_bind_gets_a_field_error_at_its_json_path(string body, string field, string message)
    {
        var response = await app.CreateClient().PostAsync("/api/learners", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await ProblemAsync(response);
        Assert.Equal("The request is not valid", problem.GetProperty("title").GetString());
        var messages = problem.GetProperty("errors").GetProperty(field).EnumerateArray().Select(m => m.GetString()!).ToList();
        Assert.Contains(messages, m => m.StartsWith(message, StringComparison.Ordinal));
        Assert.DoesNotContain("System.", problem.ToString());
        Assert.DoesNotContain("RegisterLearnerRequest", problem.ToString());
    }

    [Fact]
    public async Task A_wrongly_typed_field_deep_in_an_answer_is_named_by_its_path()
    {
        var asha = await app.SignInAsync();
        var attempt = await asha.StartAsync("confidentiality");

        var response = await asha.Http.PostAsync($"/api/attempts/{attempt.AttemptId}/answers",
            new StringContent("""{"caseId": 7, "nodeId": "n1", "response": {}}""", Encoding.UTF8, "application/json"));

        var problem = await ProblemAsync(response);
        Assert.Equal(["Expected a string here."], problem.GetProperty("errors").GetProperty("caseId").EnumerateArray().Select(m => m.GetString()));
    }

    [Fact]
    public async Task The_wrong_media_type_is_a_415_saying_to_send_json()
    {
        var response = await app.CreateClient().PostAsync("/api/learners", new StringContent("name=Asha", Encoding.UTF8, "application/x-www-form-urlencoded"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Contains("Content-Type: application/json", (await ProblemAsync(response)).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task An_unknown_route_is_a_404_naming_it_and_where_the_routes_are_listed()
    {
        var response = await app.CreateClient().GetAsync("/api/no-such-thing");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var detail = (await ProblemAsync(response)).GetProperty("detail").GetString();
        Assert.Contains("GET /api/no-such-thing", detail);
        Assert.Contains("/openapi/v1.json", detail);
    }

    [Fact]
    public async Task The_wrong_method_is_a_405_saying_which_methods_the_route_accepts()
    {
        var response = await app.CreateClient().DeleteAsync("/api/learners");

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Contains("POST", response.Content.Headers.Allow);
        Assert.Equal("/api/learners does not accept DELETE; it accepts POST.", (await ProblemAsync(response)).GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_body_over_the_limit_is_a_413_problem_whether_announced_or_chunked(bool announced)
    {
        var body = Encoding.UTF8.GetBytes("{\"name\": \"" + new string('a', 70_000) + "\"}");
        HttpContent content = announced ? new ByteArrayContent(body) : new StreamContent(new NonSeekable(body));
        content.Headers.ContentType = new("application/json");

        var response = await app.CreateClient().PostAsync("/api/learners", content);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("Requests are limited to 64 KB.", (await ProblemAsync(response)).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Kestrel_refusing_a_chunked_body_over_the_limit_is_a_413_problem_too()
    {
        await using var served = ELearningApp.OnRealPort(new Dictionary<string, string?> { ["environment"] = "Production" });
        using var http = new HttpClient { BaseAddress = new Uri(served.Start()) };
        var body = Encoding.UTF8.GetBytes("{\"name\": \"" + new string('a', 200_000) + "\"}");
        var content = new StreamContent(new NonSeekable(body));
        content.Headers.ContentType = new("application/json");

        var response = await http.PostAsync("/api/learners", content);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        await ProblemAsync(response);
    }

    [Fact]
    public async Task An_absurdly_long_bearer_token_is_unauthorised_not_an_error()
    {
        var client = app.CreateClient();
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", "Bearer " + new string('x', 10_000));

        var response = await client.GetAsync("/api/learners/me");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        await ProblemAsync(response);
    }

    /// <summary>The response as ProblemDetails: the media type, its status, a title and a detail.</summary>
    static async Task<JsonElement> ProblemAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.Content.Headers.ContentType?.MediaType == "application/problem+json", $"{(int)response.StatusCode} {response.Content.Headers.ContentType}: {text}");
        var problem = JsonDocument.Parse(text).RootElement;
        Assert.Equal((int)response.StatusCode, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("title").GetString()), text);
        Assert.True(problem.TryGetProperty("detail", out var detail) && !string.IsNullOrWhiteSpace(detail.GetString()), $"no detail: {text}");
        return problem;
    }

    /// <summary>A body of unknown length: the client sends it chunked.</summary>
    sealed class NonSeekable(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
