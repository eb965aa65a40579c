using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ELearning.Tests.Support;

namespace ELearning.Tests.Api;

public sealed class AdminTests : IAsyncLifetime
{
    readonly ELearningApp app = new();
    public Task InitializeAsync() => Task.CompletedTask;
    public Task DisposeAsync() => app.DisposeAsync().AsTask();

    [Theory]
    [InlineData("/api/admin/summary")]
    [InlineData("/api/admin/cases/fixture-ward-photo")]
    public async Task Admin_routes_are_unauthorised_without_a_token(string url)
    {
        var response = await app.CreateClient().GetAsync(url);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData("/api/admin/summary")]
    [InlineData("/api/admin/cases/fixture-ward-photo")]
    public async Task Admin_routes_are_forbidden_to_a_delegate(string url)
    {
        var asha = await app.SignInAsync();

        var response = await asha.Http.GetAsync(url);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_wrong_admin_key_is_unauthorised()
    {
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", ELearningApp.AdminKey + "x");

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/admin/summary")).StatusCode);
    }

    [Fact]
    public async Task With_no_admin_key_configured_admin_routes_stay_closed()
    {
        await using var closed = new ELearningApp(settings: new Dictionary<string, string?> { ["Admin:ApiKey"] = "" });
        var client = closed.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", "");

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/admin/summary")).StatusCode);
    }

    [Fact]
    public async Task The_summary_counts_delegates_and_attempts_per_module()
    {
        var asha = await app.SignInAsync();
        await app.SignInAsync("Ben Clarke");
        var attempt = await asha.StartAsync("boundaries");
        await asha.AnswerOkAsync(attempt.AttemptId, attempt.CaseId, "q1", new { value = true });
        await asha.AnswerOkAsync(attempt.AttemptId, attempt.CaseId, "end", new { });
        await asha.Http.PostAsync($"/api/attempts/{attempt.AttemptId}/complete", null);

        var summary = await app.AdminClient().GetFromJsonAsync<JsonElement>("/api/admin/summary");

        Assert.Equal(2, summary.GetProperty("learners").GetInt32());
        var boundaries = summary.GetProperty("modules").EnumerateArray().Single(m => m.GetProperty("moduleId").GetString() == "boundaries");
        Assert.Equal((1, 1, 1), (boundaries.GetProperty("started").GetInt32(), boundaries.GetProperty("completed").GetInt32(), boundaries.GetProperty("passed").GetInt32()));
    }

    [Fact]
    public async Task A_facilitator_sees_the_whole_case_with_its_answer_key()
    {
        var @case = await app.AdminClient().GetFromJsonAsync<JsonElement>("/api/admin/cases/fixture-ward-photo");

        var n1 = @case.GetProperty("nodes").EnumerateArray().First(n => n.GetProperty("id").GetString() == "n1");
        Assert.Equal(2, n1.GetProperty("choices")[0].GetProperty("score").GetInt32());
        Assert.Equal(7, @case.GetProperty("maxScore").GetInt32()); // 2 + 2 + 2 + 1 on the best path
        Assert.Equal(2, @case.GetProperty("discussionPrompts").GetArrayLength());
    }
}
