using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ELearning.Api.Tracking.Xapi;
using ELearning.Tests.Player;
using ELearning.Tests.Support;
using ELearning.Tests.Tracking;
using Microsoft.Extensions.DependencyInjection;
using static ELearning.Tests.Lms.Cmi5Rig;

namespace ELearning.Tests.Lms;

/// <summary>
/// Sessions of one cmi5 registration as the LMS sees them (the simulated LMS in front of a real LRS): relaunch, leaving
/// the page, masteryScore above and below ours, Browse, failed then passed, and an expired token.
/// </summary>
public sealed class Cmi5SessionTests : IAsyncLifetime
{
    Cmi5Rig rig = null!;
    SimulatedCmi5Lms Lms => rig.Lms;

    public async Task InitializeAsync() => rig = await Cmi5Rig.StartAsync(new Dictionary<string, string?> { ["Lms:CloseGraceSeconds"] = "1" });
    public async Task DisposeAsync() => await rig.DisposeAsync();

    /// <summary>
    /// Whether the LMS's learner has earned the certificate. The session itself never downloads it (an LMS session is
    /// bounded to its attempt: README "Threat model"), so the issuer is asked directly.
    /// </summary>
    async Task<bool> EarnsCertificateAsync(Cmi5Session s)
    {
        Assert.Equal(HttpStatusCode.Forbidden, (await s.Http.GetAsync("/api/learners/me/certificate")).StatusCode);
        var learnerId = (await s.Http.GetFromJsonAsync<JsonElement>("/api/learners/me")).GetProperty("learnerId").GetGuid();
        return await rig.Services.GetRequiredService<ELearning.Api.Certificates.CertificateIssuer>().IssueIfEligibleAsync(learnerId, default) is not null;
    }

    [Fact]
    public async Task A_relaunch_in_the_same_registration_carries_on_the_attempt_in_a_new_session()
    {
        var r = Lms.Register(masteryScore: 0.7);
        var first = await rig.LaunchAsync(r, "confidentiality");
        await AnswerAsync(first, FixtureWalk.BestConfidentiality.Take(3));
        await rig.LmsStatementsAsync(r.Id, all => all.Count(s => Verb(s) == "answered") == 3, "session 1's answers at the LMS");

        var s2 = await Lms.RelaunchAsync(r);
        var second = await rig.LaunchAsync(r, "confidentiality");

        Assert.Equal(first.AttemptId, second.AttemptId);
        Assert.True(second.Resumed);
        var attempt = await second.Delegate.GetJsonAsync($"/api/attempts/{second.AttemptId}");
        Assert.Equal("n4", attempt.GetProperty("next").GetProperty("nodeId").GetString());
        await AnswerAsync(second, FixtureWalk.BestConfidentiality.Skip(3));
        Assert.True((await CompleteAsync(second)).GetProperty("passed").GetBoolean());
        Assert.Equal(HttpStatusCode.NoContent, (await rig.SessionCallAsync(second, "terminate")).StatusCode);
        // The first tab's session is over: it is told so rather than carrying on.
        var stale = await rig.SessionCallAsync(first, "resume");
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Equal("abandoned", (await stale.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("sessionEnded").GetString());

        var statements = await rig.LmsStatementsAsync(r.Id, all => all.Any(s => Verb(s) == "terminated"), "session 2's terminated");
        var bySession = statements.GroupBy(SessionId).ToDictionary(g => g.Key!, g => g.Select(Verb).ToList());
        Assert.Equal(["initialized", "answered", "answered", "answered", "abandoned"], bySession[r.Sessions[0].SessionId]);
        Assert.Equal("initialized", bySession[s2.SessionId][0]);
        Assert.Equal("terminated", bySession[s2.SessionId][^1]);
        Assert.Single(statements, s => Verb(s) == "completed");
        Assert.Equal(s2.SessionId, SessionId(statements.Single(s => Verb(s) == "passed")));
    }

    [Fact]
    public async Task A_page_that_goes_away_and_comes_back_keeps_its_session_and_one_that_does_not_is_ended_as_closed()
    {
        var reloaded = Lms.Register();
        var tab = await rig.LaunchAsync(reloaded);
        Assert.Equal(HttpStatusCode.NoContent, (await rig.SessionCallAsync(tab, "leave")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await rig.SessionCallAsync(tab, "resume")).StatusCode); // the reload came back
        var closed = Lms.Register();
        var gone = await rig.LaunchAsync(closed);
        Assert.Equal(HttpStatusCode.NoContent, (await rig.SessionCallAsync(gone, "leave")).StatusCode);

        // The closed one is ended by the server after Lms:CloseGraceSeconds (1 s here), with its terminated statement.
        var verbs = (await rig.LmsStatementsAsync(closed.Id, all => all.Any(s => Verb(s) == "terminated"), "the closed session's terminated")).Select(Verb);
        Assert.Equal(["initialized", "terminated"], verbs);
        var why = await rig.SessionCallAsync(gone, "resume");
        Assert.Equal("closed", (await why.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("sessionEnded").GetString());
        // The reloaded one is still open well after the grace, and still takes answers.
        await AnswerAsync(tab, Walks.OneQuestion("boundaries", right: true));
        Assert.Equal(HttpStatusCode.NoContent, (await rig.SessionCallAsync(tab, "resume")).StatusCode);
        Assert.DoesNotContain((await rig.Lrs.StatementsAsync(reloaded.Id)), s => Verb(s) == "terminated");
    }

    [Theory]
    [InlineData(0.5, 0.625, true)]  // the LMS's mark below ours: 62.5% passes there, so it passes here
    [InlineData(0.9, 0.75, false)]  // above ours: 75% fails there, so it fails here
    public async Task The_lms_mastery_score_decides_the_verdict_the_delegate_sees_and_what_counts(double mastery, double scaled, bool passes)
    {
        var r = Lms.Register(masteryScore: mastery);
        var session = await rig.LaunchAsync(r, "confidentiality");
        await AnswerAsync(session, scaled == 0.625 ? Walks.Confidentiality625 : Walks.Confidentiality75);

        var result = await CompleteAsync(session);

        Assert.Equal(scaled, result.GetProperty("scaled").GetDouble());
        Assert.Equal(passes, result.GetProperty("passed").GetBoolean());
        var me = await session.Delegate.GetJsonAsync("/api/learners/me");
        var status = me.GetProperty("modules").EnumerateArray().Single(m => m.GetProperty("moduleId").GetString() == "confidentiality");
        Assert.Equal(passes ? "passed" : "failed", status.GetProperty("status").GetString());
        var lms = await rig.LmsStatementsAsync(r.Id, all => all.Any(s => Verb(s) is "passed" or "failed"), "the LMS's verdict");
        Assert.Equal(passes ? "passed" : "failed", Verb(lms.Single(s => Verb(s) is "passed" or "failed")));
    }

    [Fact]
    public async Task A_browse_launch_counts_toward_no_certificate()
    {
        foreach (var module in new[] { "boundaries", "promotion-accuracy", "discrimination" })
        {
            var normal = await rig.LaunchAsync(Lms.Register(), module, $"https://lms.example/aus/{module}");
            await AnswerAsync(normal, Walks.OneQuestion(module, right: true));
            Assert.True((await CompleteAsync(normal)).GetProperty("passed").GetBoolean());
        }
        var browse = await rig.LaunchAsync(Lms.Register(launchMode: "Browse"), "confidentiality", "https://lms.example/aus/confidentiality");
        await AnswerAsync(browse, FixtureWalk.BestConfidentiality);

        var result = await CompleteAsync(browse);

        Assert.False(result.GetProperty("passed").GetBoolean());
        Assert.Equal(1.0, result.GetProperty("scaled").GetDouble());
        Assert.False(await EarnsCertificateAsync(browse));
    }

    [Fact]
    public async Task A_pass_under_a_lower_lms_mastery_score_is_the_lms_verdict_but_the_certificate_keeps_our_pass_mark()
    {
        foreach (var module in new[] { "boundaries", "promotion-accuracy", "discrimination" })
        {
            var normal = await rig.LaunchAsync(Lms.Register(), module, $"https://lms.example/aus/{module}");
            await AnswerAsync(normal, Walks.OneQuestion(module, right: true));
            Assert.True((await CompleteAsync(normal)).GetProperty("passed").GetBoolean());
        }
        var lenient = await rig.LaunchAsync(Lms.Register(masteryScore: 0.5), "confidentiality", "https://lms.example/aus/confidentiality");
        await AnswerAsync(lenient, Walks.Confidentiality625);

        Assert.True((await CompleteAsync(lenient)).GetProperty("passed").GetBoolean());
        Assert.False(await EarnsCertificateAsync(lenient));

        var atOurMark = await rig.LaunchAsync(Lms.Register(masteryScore: 0.5), "confidentiality", "https://lms.example/aus/confidentiality");
        await AnswerAsync(atOurMark, Walks.Confidentiality75);
        Assert.True((await CompleteAsync(atOurMark)).GetProperty("passed").GetBoolean());
        Assert.True(await EarnsCertificateAsync(atOurMark));
    }

    [Fact]
    public async Task Failed_in_one_session_then_passed_in_the_next_is_what_the_lms_records()
    {
        var r = Lms.Register();
        var first = await rig.LaunchAsync(r);
        await AnswerAsync(first, Walks.OneQuestion("boundaries", right: false));
        Assert.False((await CompleteAsync(first)).GetProperty("passed").GetBoolean());
        await rig.SessionCallAsync(first, "terminate");
        await rig.LmsStatementsAsync(r.Id, all => all.Any(s => Verb(s) == "terminated"), "session 1's terminated");

        var s2 = await Lms.RelaunchAsync(r);
        var second = await rig.LaunchAsync(r);
        Assert.NotEqual(first.AttemptId, second.AttemptId); // a failed attempt is not carried on: a new one starts
        await AnswerAsync(second, Walks.OneQuestion("boundaries", right: true));
        Assert.True((await CompleteAsync(second)).GetProperty("passed").GetBoolean());
        await rig.SessionCallAsync(second, "terminate");

        var statements = await rig.LmsStatementsAsync(r.Id, all => all.Count(s => Verb(s) == "terminated") == 2, "both sessions' terminated");
        var results = statements.Where(s => Verb(s) is "completed" or "passed" or "failed").Select(s => (Verb(s), SessionId(s))).ToList();
        Assert.Equal([("completed", r.Sessions[0].SessionId), ("failed", r.Sessions[0].SessionId), ("passed", s2.SessionId)], results);
    }

    [Fact]
    public async Task Statements_stuck_behind_an_expired_token_are_marked_kept_and_sent_in_the_next_session()
    {
        var r = Lms.Register();
        Lms.Unavailable = true; // the LMS's LRS is down from the launch on, while the delegate passes
        var first = await rig.LaunchAsync(r);
        await AnswerAsync(first, Walks.OneQuestion("boundaries", right: true));
        Assert.True((await CompleteAsync(first)).GetProperty("passed").GetBoolean());
        Lms.Expire(r.Current); // and the session's token expires before it comes back
        Lms.Unavailable = false;

        using var admin = StandInLms(rig);
        JsonElement report = default;
        await Eventually.UntilAsync(async () =>
        {
            report = await admin.GetFromJsonAsync<JsonElement>("/api/admin/tracking");
            return report.GetProperty("undeliverable").GetInt32() > 0 && report.GetProperty("pending").GetInt32() == 0;
        }, TimeSpan.FromSeconds(30), "the refused destination to be marked");
        var destination = report.GetProperty("undeliverableDestinations").EnumerateArray().Single();
        Assert.Contains("refused", destination.GetProperty("reason").GetString());
        var health = await rig.Http.GetFromJsonAsync<JsonElement>("/health");
        Assert.Equal("Degraded", health.GetProperty("checks").GetProperty("lrsDestinations").GetProperty("status").GetString());
        // Never retried for ever: more dispatch rounds send nothing more to the refusing LRS.
        var refused = Lms.Refused;
        for (var i = 0; i < 3; i++) await rig.DispatchLmsDestinationsOnceAsync();
        Assert.Equal(refused, Lms.Refused);
        // The player is told its session has ended.
        Assert.Equal("credentials", (await (await rig.SessionCallAsync(first, "resume")).Content.ReadFromJsonAsync<JsonElement>())
            .GetProperty("sessionEnded").GetString());

        var s2 = await Lms.RelaunchAsync(r);
        var second = await rig.LaunchAsync(r);
        Assert.Equal(first.AttemptId, second.AttemptId); // the passed attempt, shown again
        await rig.SessionCallAsync(second, "terminate");

        var statements = await rig.LmsStatementsAsync(r.Id, all => all.Any(s => Verb(s) == "terminated"), "session 2's terminated");
        var passed = statements.Single(s => Verb(s) == "passed");
        Assert.Equal(s2.SessionId, SessionId(passed));
        Assert.Single(statements, s => Verb(s) == "completed");
        var inSession2 = statements.Where(s => SessionId(s) == s2.SessionId).Select(Verb).ToList();
        Assert.Equal("initialized", inSession2[0]);
        Assert.Equal("terminated", inSession2[^1]);
        // Nothing dropped: what could not be sent in any session (session 1's own initialized) is still reported.
        report = await admin.GetFromJsonAsync<JsonElement>("/api/admin/tracking");
        Assert.Equal(0, report.GetProperty("pending").GetInt32());
        Assert.DoesNotContain(statements, s => Verb(s) == "initialized" && SessionId(s) == r.Sessions[0].SessionId);
        Assert.True(report.GetProperty("undeliverable").GetInt32() >= 1);
    }

    static HttpClient StandInLms(Cmi5Rig rig)
    {
        var admin = new HttpClient { BaseAddress = rig.Http.BaseAddress };
        admin.DefaultRequestHeaders.Authorization = new("Bearer", ELearningApp.AdminKey);
        return admin;
    }
}

/// <summary>With a short Lms:IdleTimeoutMinutes: a pause ends the session, and the delegate is told rather than carrying on.</summary>
public sealed class Cmi5IdleSessionTests : IAsyncLifetime
{
    Cmi5Rig rig = null!;

    public async Task InitializeAsync() => rig = await Cmi5Rig.StartAsync(new Dictionary<string, string?> { ["Lms:IdleTimeoutMinutes"] = "0.02" }); // 1.2 s
    public async Task DisposeAsync() => await rig.DisposeAsync();

    [Fact]
    public async Task An_answer_after_the_idle_timeout_is_refused_saying_why_and_a_relaunch_carries_on()
    {
        var r = rig.Lms.Register();
        var first = await rig.LaunchAsync(r);
        await rig.LmsStatementsAsync(r.Id, all => all.Any(s => Verb(s) == "terminated"), "the idle session's terminated");

        var late = await first.Delegate.AnswerAsync(first.AttemptId, "fixture-boundaries", "q1", new { value = true });

        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
        var problem = await late.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("idle", problem.GetProperty("sessionEnded").GetString());
        Assert.Contains("seconds", problem.GetProperty("detail").GetString());
        Assert.Contains("open the module again", problem.GetProperty("detail").GetString());
        Assert.Equal($"{rig.Lms.Origin}/returned", problem.GetProperty("returnUrl").GetString());
        var attempt = await first.Delegate.GetJsonAsync($"/api/attempts/{first.AttemptId}");
        Assert.Equal(0, attempt.GetProperty("answers").GetArrayLength()); // nothing half-written

        var s2 = await rig.Lms.RelaunchAsync(r);
        var second = await rig.LaunchAsync(r);
        Assert.Equal(first.AttemptId, second.AttemptId);
        await AnswerAsync(second, Walks.OneQuestion("boundaries", right: true));
        Assert.True((await CompleteAsync(second)).GetProperty("passed").GetBoolean());

        var statements = await rig.LmsStatementsAsync(r.Id, all => all.Any(s => Verb(s) == "passed"), "the passed statement");
        Assert.Equal(s2.SessionId, SessionId(statements.Single(s => Verb(s) == "passed")));
    }
}
