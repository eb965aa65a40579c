using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using ELearning.Tests.Support;

namespace ELearning.Tests.Lms;

public sealed class ScormSessionTests : IAsyncLifetime
{
    const string LmsOrigin = "https://lms.northshire.nhs.uk";
    readonly ELearningApp app = new(settings: new Dictionary<string, string?> { ["Lms:AllowedOrigins:0"] = LmsOrigin });
    string packageKey = "";
    string packageId = "";

    public async Task InitializeAsync()
    {
        packageKey = await ScormPackageKey.DownloadAsync(app.AdminClient(), "Northshire");
        packageId = (await app.AdminClient().GetFromJsonAsync<JsonElement>("/api/admin/lms/packages"))[0].GetProperty("id").GetString()!;
    }

    public Task DisposeAsync() => app.DisposeAsync().AsTask();

    [Fact]
    public async Task The_lms_learner_gets_a_token_and_an_attempt_and_the_same_learner_next_time()
    {
        var first = await StartAsync("L-1001", "Patel, Asha");
        var second = await StartAsync("L-1001", "Patel, Asha", first.GetProperty("attemptId").GetGuid());

        Assert.Equal(first.GetProperty("learnerId").GetGuid(), second.GetProperty("learnerId").GetGuid());
        Assert.Equal(first.GetProperty("attemptId").GetGuid(), second.GetProperty("attemptId").GetGuid());
        var launch = new Uri(first.GetProperty("launchUrl").GetString()!);
        Assert.Equal("/lms/scorm/confidentiality", launch.AbsolutePath);
        var token = Regex.Match(launch.Fragment, "token=([^&]+)").Groups[1].Value;
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", Uri.UnescapeDataString(token));
        var me = await client.GetFromJsonAsync<JsonElement>("/api/learners/me");
        Assert.Equal("Asha Patel", me.GetProperty("name").GetString());
    }

    [Fact]
    public async Task A_relaunch_after_passing_shows_the_passed_attempt_instead_of_starting_again()
    {
        var first = await StartAsync("L-2001", "Khan, Imran", moduleId: "boundaries");
        var attemptId = first.GetProperty("attemptId").GetGuid();
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", Uri.UnescapeDataString(Regex.Match(first.GetProperty("launchUrl").GetString()!, "token=([^&]+)").Groups[1].Value));
        var learner = new DelegateClient(client, first.GetProperty("learnerId").GetGuid());
        await learner.AnswerOkAsync(attemptId, "fixture-boundaries", "q1", new { value = true });
        await learner.AnswerOkAsync(attemptId, "fixture-boundaries", "end", new { });
        Assert.True((await client.PostAsync($"/api/attempts/{attemptId}/complete", null)).IsSuccessStatusCode);

        var relaunch = await StartAsync("L-2001", "Khan, Imran", attemptId, moduleId: "boundaries"); // suspend_data's pointer, as the SCO sends it

        Assert.Equal(attemptId, relaunch.GetProperty("attemptId").GetGuid());
    }

    [Fact]
    public async Task Another_student_of_the_same_lms_is_another_learner()
    {
        var asha = await StartAsync("L-1001", "Patel, Asha");
        var ben = await StartAsync("L-1002", "Clarke, Ben");

        Assert.NotEqual(asha.GetProperty("learnerId").GetGuid(), ben.GetProperty("learnerId").GetGuid());
    }

    [Fact]
    public async Task A_revoked_package_key_cannot_start_a_session()
    {
        await app.AdminClient().PostAsync($"/api/admin/lms/packages/{packageId}/revoke", null);

        var response = await PostAsync(new { packageKey, studentId = "L-1001", studentName = "Patel, Asha", moduleId = "confidentiality" });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_made_up_package_key_cannot_start_a_session()
    {
        var response = await PostAsync(new { packageKey = "made-up", studentId = "L-1001", moduleId = "confidentiality" });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Missing_student_or_module_is_invalid_and_an_unknown_module_is_not_found()
    {
        Assert.Equal(HttpStatusCode.BadRequest, (await PostAsync(new { packageKey, moduleId = "confidentiality" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await PostAsync(new { packageKey, studentId = "L-1", moduleId = "astrology" })).StatusCode);
    }

    [Fact]
    public async Task Only_configured_lms_origins_may_call_across_origins()
    {
        var allowed = await PreflightAsync(LmsOrigin);
        var other = await PreflightAsync("https://evil.example");

        Assert.Equal(LmsOrigin, allowed.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.False(other.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Theory]
    [InlineData("Patel, Asha", "Asha Patel")]
    [InlineData("Asha Patel", "Asha Patel")]
    [InlineData("", "L-7")]
    public void Scorm_names_are_turned_round(string scormName, string expected) =>
        Assert.Equal(expected, ELearning.Api.Lms.ScormSessions.DisplayName(scormName, "L-7"));

    async Task<JsonElement> StartAsync(string studentId, string studentName, Guid? resumeAttemptId = null, string moduleId = "confidentiality")
    {
        var response = await PostAsync(new { packageKey, studentId, studentName, moduleId, resumeAttemptId });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    Task<HttpResponseMessage> PostAsync(object body) => app.CreateClient().PostAsJsonAsync("/api/lms/scorm/sessions", body);

    Task<HttpResponseMessage> PreflightAsync(string origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, "/api/lms/scorm/sessions");
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "content-type");
        return app.CreateClient().SendAsync(request);
    }
}
