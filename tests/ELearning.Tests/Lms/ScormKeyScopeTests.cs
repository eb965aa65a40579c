using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using ELearning.Tests.Support;

namespace ELearning.Tests.Lms;

/// <summary>
/// The SCORM package key is in every learner's browser (sco/config.js), so whoever holds it can start sessions for
/// any studentId. These are the attacks issue 15 found, each refused: a session records progress on its own
/// attempt and nothing else (README "Threat model").
/// </summary>
public sealed class ScormKeyScopeTests : IAsyncLifetime
{
    const string LmsOrigin = "https://lms.northshire.nhs.uk";
    readonly ELearningApp app = new(settings: new Dictionary<string, string?> { ["Lms:AllowedOrigins:0"] = LmsOrigin });
    string packageKey = "";

    public async Task InitializeAsync()
    {
        packageKey = await ScormPackageKey.DownloadAsync(app.AdminClient(), "Northshire");
    }

    public Task DisposeAsync() => app.DisposeAsync().AsTask();

    sealed record Session(Guid LearnerId, Guid AttemptId, DelegateClient Client);

    async Task<Session> StartAsync(string studentId, string studentName, Guid? resumeAttemptId = null, string moduleId = "boundaries")
    {
        var response = await app.CreateClient().PostAsJsonAsync("/api/lms/scorm/sessions", new { packageKey, studentId, studentName, moduleId, resumeAttemptId });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var token = Uri.UnescapeDataString(Regex.Match(body.GetProperty("launchUrl").GetString()!, "token=([^&]+)").Groups[1].Value);
        var learnerId = body.GetProperty("learnerId").GetGuid();
        return new(learnerId, body.GetProperty("attemptId").GetGuid(), new DelegateClient(app.CreateClient().WithBearer(token), learnerId));
    }

    static async Task PassAsync(Session s)
    {
        await s.Client.AnswerOkAsync(s.AttemptId, "fixture-boundaries", "q1", new { value = true });
        await s.Client.AnswerOkAsync(s.AttemptId, "fixture-boundaries", "end", new { });
        Assert.True((await s.Client.Http.PostAsync($"/api/attempts/{s.AttemptId}/complete", null)).IsSuccessStatusCode);
    }

    [Fact]
    public async Task A_session_cannot_download_the_learners_certificate_or_evidence_pack()
    {
        var asha = await StartAsync("L-1001", "Patel, Asha");
        await PassAsync(asha);

        foreach (var url in new[] { "/api/learners/me/certificate", "/api/learners/me/cpd-evidence" })
        {
            var reply = await asha.Client.Http.GetAsync(url);
            Assert.Equal(HttpStatusCode.Forbidden, reply.StatusCode);
            Assert.Equal("application/problem+json", reply.Content.Headers.ContentType?.MediaType);
            Assert.Contains("learning system", (await reply.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        }
    }

    [Fact]
    public async Task A_key_and_someone_elses_student_id_do_not_resume_or_show_their_progress()
    {
        var asha = await StartAsync("L-1001", "Patel, Asha");
        await asha.Client.AnswerOkAsync(asha.AttemptId, "fixture-boundaries", "q1", new { value = true });

        var mallory = await StartAsync("L-1001", "Patel, Asha");

        Assert.Equal(asha.LearnerId, mallory.LearnerId); // the LMS's learner is one learner
        Assert.NotEqual(asha.AttemptId, mallory.AttemptId);
        Assert.Equal(HttpStatusCode.NotFound, (await mallory.Client.Http.GetAsync($"/api/attempts/{asha.AttemptId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await mallory.Client.AnswerAsync(asha.AttemptId, "fixture-boundaries", "end", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await mallory.Client.Http.PostAsync($"/api/attempts/{asha.AttemptId}/complete", null)).StatusCode);
        var me = await mallory.Client.GetJsonAsync("/api/learners/me");
        var shown = me.GetProperty("modules").EnumerateArray().Select(m => m.GetProperty("attemptId")).Where(a => a.ValueKind != JsonValueKind.Null).Select(a => a.GetGuid());
        Assert.Equal([mallory.AttemptId], shown);
    }

    [Fact]
    public async Task The_lms_record_pointer_still_resumes_the_learners_own_attempt()
    {
        var asha = await StartAsync("L-1001", "Patel, Asha");
        await asha.Client.AnswerOkAsync(asha.AttemptId, "fixture-boundaries", "q1", new { value = true });

        var again = await StartAsync("L-1001", "Patel, Asha", resumeAttemptId: asha.AttemptId);

        Assert.Equal(asha.AttemptId, again.AttemptId);
        await again.Client.AnswerOkAsync(again.AttemptId, "fixture-boundaries", "end", new { });
    }

    [Fact]
    public async Task A_session_for_an_existing_student_cannot_rename_them()
    {
        var asha = await StartAsync("L-1001", "Patel, Asha");

        await StartAsync("L-1001", "Impostor, Mallory");

        var me = await asha.Client.GetJsonAsync("/api/learners/me");
        Assert.Equal("Asha Patel", me.GetProperty("name").GetString());
    }

    [Fact]
    public async Task A_session_cannot_start_another_attempt_while_its_own_is_open_or_passed()
    {
        var asha = await StartAsync("L-1001", "Patel, Asha");

        Assert.Equal(HttpStatusCode.Forbidden, (await asha.Client.Http.PostAsJsonAsync("/api/attempts", new { moduleId = "boundaries" })).StatusCode);
        await PassAsync(asha);
        Assert.Equal(HttpStatusCode.Forbidden, (await asha.Client.Http.PostAsJsonAsync("/api/attempts", new { moduleId = "boundaries" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await asha.Client.Http.PostAsJsonAsync("/api/attempts", new { moduleId = "confidentiality" })).StatusCode);
    }

    [Fact]
    public async Task After_failing_the_session_may_try_the_module_again_and_then_reaches_only_the_new_attempt()
    {
        var asha = await StartAsync("L-1001", "Patel, Asha");
        await asha.Client.AnswerOkAsync(asha.AttemptId, "fixture-boundaries", "q1", new { value = false });
        await asha.Client.AnswerOkAsync(asha.AttemptId, "fixture-boundaries", "end", new { });
        var failed = await (await asha.Client.Http.PostAsync($"/api/attempts/{asha.AttemptId}/complete", null)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(failed.GetProperty("passed").GetBoolean());

        var retry = await asha.Client.StartAsync("boundaries");

        await asha.Client.AnswerOkAsync(retry.AttemptId, "fixture-boundaries", "q1", new { value = true });
        Assert.Equal(HttpStatusCode.NotFound, (await asha.Client.Http.GetAsync($"/api/attempts/{asha.AttemptId}")).StatusCode);
    }

    [Theory]
    [InlineData("Patel\u0007, Asha")]
    [InlineData("Patel, \u202EahsA")]
    [InlineData("Pa\u200Btel, Asha")]
    public async Task Student_names_get_the_same_checks_as_sign_in(string studentName)
    {
        var reply = await app.CreateClient().PostAsJsonAsync("/api/lms/scorm/sessions", new { packageKey, studentId = "L-9", studentName, moduleId = "boundaries" });

        Assert.Equal(HttpStatusCode.BadRequest, reply.StatusCode);
        Assert.True((await reply.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("studentName", out _));
    }
}
