using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace ELearning.Tests.Player;

/// <summary>
/// The SCORM 1.2 package end to end in Chromium: a real SCORM runtime (scorm-again) on the LMS's origin, the
/// package's SCO page and bridge from /api/lms/scorm12.zip, and the player framed by the bridge on ours.
/// </summary>
[Collection("Browser")]
public sealed class ScormLmsTests(StandInLmsFixture fixture, ITestOutputHelper output) : IClassFixture<StandInLmsFixture>
{
    const string BoundariesTitle = "Professional boundaries";
    StandInLms Lms => fixture.Lms;

    static object Learner(string id, string name) => new { core = new { student_id = id, student_name = name } };

    static IFrameLocator Player(IPage page) => page.FrameLocator(StandInLms.ScoFrame).FrameLocator("iframe");

    /// <summary>The player's frame (on the API's origin), once it has loaded.</summary>
    static async Task<IFrame> PlayerFrameAsync(IPage page)
    {
        await Player(page).Locator("h1").WaitForAsync();
        return page.Frames.Single(f => f.Url.Contains("launch=scorm"));
    }

    static async Task<JsonElement> CmiAsync(IPage page, string expression = "JSON.parse(JSON.stringify(API.cmi))") =>
        await page.EvaluateAsync<JsonElement>($"() => {expression}");

    [Fact]
    public async Task A_scorm_lms_launches_the_sco_and_gets_passed_and_the_score()
    {
        var package = await Lms.ImportAsync(fixture.BaseUrl, "Northshire NHS Trust");
        var page = await fixture.NewPageAsync();
        await page.GotoAsync(Lms.Launch(package, "boundaries", Learner("L-1001", "Patel, Asha")));

        var player = Player(page);
        await Expect(player.Locator("legend")).ToHaveTextAsync("The statement is true.");
        await Expect(page.FrameLocator(StandInLms.ScoFrame).Locator("iframe")).ToHaveAttributeAsync("title", "Course: " + BoundariesTitle);
        var frame = await PlayerFrameAsync(page);
        // The fragment came through the /lms/scorm redirect, and the token has left the address bar.
        var address = await frame.EvaluateAsync<string>("() => location.href");
        Assert.Matches(new Regex(@"/\?launch=scorm&module=boundaries#/attempts/[0-9a-f-]{36}$"), address);
        Assert.DoesNotContain("token", address);
        // Inside an LMS: no account bar, no links to our dashboard or overview; still accessible.
        await Expect(player.GetByRole(AriaRole.Button, new() { Name = "Sign out" })).ToHaveCountAsync(0);
        await Expect(player.GetByRole(AriaRole.Link, new() { Name = "Course overview" })).ToHaveCountAsync(0);
        Assert.Empty(await Axe.RunAsync(frame));

        await player.Locator("#option-true").ClickAsync();
        await player.Locator("#submit").ClickAsync();
        await Expect(player.Locator("#feedback-heading")).ToHaveTextAsync("Correct");
        await page.WaitForFunctionAsync("() => API.cmi.core.lesson_status === 'incomplete' && API.cmi.suspend_data !== ''");
        await player.Locator("#submit").ClickAsync();
        await Expect(player.Locator("#submit")).ToHaveTextAsync("Finish the module");
        await player.Locator("#submit").ClickAsync();

        await Expect(player.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Module passed");
        await Expect(player.GetByRole(AriaRole.Link, new() { Name = "Back to your course" })).ToHaveCountAsync(0);
        Assert.Empty(await Axe.RunAsync(frame));
        await page.WaitForFunctionAsync("() => API.cmi.core.lesson_status === 'passed'");
        Assert.False(await page.EvaluateAsync<bool>("() => lms.finished"));

        await player.GetByRole(AriaRole.Button, new() { Name = "Exit module" }).ClickAsync();
        await Expect(player.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("You have left the module");
        await page.WaitForFunctionAsync("() => lms.finished");

        var cmi = await CmiAsync(page, "lms.atFinish");
        var core = cmi.GetProperty("core");
        var attemptId = Regex.Match(address, "attempts/([0-9a-f-]{36})").Groups[1].Value;
        var suspendData = cmi.GetProperty("suspend_data").GetString()!;
        output.WriteLine($"lesson_status={core.GetProperty("lesson_status")} score raw={core.GetProperty("score").GetProperty("raw")} "
            + $"min={core.GetProperty("score").GetProperty("min")} max={core.GetProperty("score").GetProperty("max")} "
            + $"session_time={core.GetProperty("session_time")} (set as {await page.EvaluateAsync<string>("() => lms.sessionTime")}) suspend_data({suspendData.Length})={suspendData}");
        Assert.Equal("passed", core.GetProperty("lesson_status").GetString());
        // Passed is final: the bridge set exit "suspend" at the start, and clears it, so the LMS closes the attempt.
        Assert.Equal("", core.GetProperty("exit").GetString());
        Assert.Equal("100", core.GetProperty("score").GetProperty("raw").GetString());
        Assert.Equal("0", core.GetProperty("score").GetProperty("min").GetString());
        Assert.Equal("100", core.GetProperty("score").GetProperty("max").GetString());
        // The bridge's HHHH:MM:SS.SS (SCORM 1.2 CMITimespan), which the LMS accepted and kept (scorm-again shortens it).
        Assert.Matches(new Regex(@"^\d{4}:[0-5]\d:[0-5]\d\.\d{2}$"), await page.EvaluateAsync<string>("() => lms.sessionTime"));
        Assert.Matches(new Regex(@"^\d{2,4}:\d{2}:\d{2}(\.\d{1,2})?$"), core.GetProperty("session_time").GetString());
        Assert.NotEqual(TimeSpan.Zero, TimeSpan.Parse(core.GetProperty("session_time").GetString()!));
        Assert.Equal("fixture-boundaries/end", core.GetProperty("lesson_location").GetString());
        Assert.InRange(suspendData.Length, 1, 4096);
        Assert.Equal(attemptId, JsonDocument.Parse(suspendData).RootElement.GetProperty("a").GetString());
        Assert.True(await page.EvaluateAsync<int>("() => lms.commits") >= 3);
    }

    [Fact]
    public async Task A_second_launch_with_the_saved_suspend_data_resumes_at_the_same_node()
    {
        var package = await Lms.ImportAsync(fixture.BaseUrl, "Southvale Trust");
        var page = await fixture.NewPageAsync();
        await page.GotoAsync(Lms.Launch(package, "confidentiality", Learner("L-2002", "Clarke, Ben")));
        var player = Player(page);
        await player.Locator("#option-a").ClickAsync();
        await player.Locator("#submit").ClickAsync();
        await Expect(player.Locator("#feedback-heading")).ToHaveTextAsync("Correct");
        await player.Locator("#submit").ClickAsync();
        await Expect(player.Locator("#option-x")).ToBeVisibleAsync();
        var question = await player.Locator("legend").TextContentAsync();
        await page.WaitForFunctionAsync("() => API.cmi.suspend_data !== ''");
        var kept = await CmiAsync(page);
        var suspendData = kept.GetProperty("suspend_data").GetString()!;
        var location = kept.GetProperty("core").GetProperty("lesson_location").GetString();
        Assert.Equal("fixture-ward-photo/n1", location);
        Assert.Equal("incomplete", kept.GetProperty("core").GetProperty("lesson_status").GetString());

        var pointer = JsonDocument.Parse(suspendData).RootElement.GetProperty("a").GetString()!;
        // Meanwhile the same learner has a newer unfinished attempt: only the pointer in suspend_data leads back.
        var newer = await StartNewerAttemptAsync(Lms.PackageKey(package), "L-2002", "confidentiality");
        Assert.NotEqual(pointer, newer);

        // The LMS closes the SCO (the bridge finishes on pagehide) and, another time, launches it with what it kept.
        await page.GotoAsync(Lms.Launch(package, "confidentiality", new
        {
            core = new { student_id = "L-2002", student_name = "Clarke, Ben", entry = "resume", lesson_status = "incomplete", lesson_location = location },
            suspend_data = suspendData,
        }));

        await Expect(player.Locator("legend")).ToHaveTextAsync(question!);
        await Expect(player.Locator("#option-x")).ToBeVisibleAsync();
        var address = await (await PlayerFrameAsync(page)).EvaluateAsync<string>("() => location.href");
        Assert.EndsWith("#/attempts/" + pointer, address);
    }

    /// <summary>What a second device could do: a session for the LMS learner without suspend_data, which begins a new attempt of the module.</summary>
    async Task<string> StartNewerAttemptAsync(string packageKey, string studentId, string moduleId)
    {
        using var http = new HttpClient { BaseAddress = new Uri(fixture.BaseUrl) };
        var started = await http.PostAsJsonAsync("/api/lms/scorm/sessions", new { packageKey, studentId, moduleId });
        Assert.Equal(System.Net.HttpStatusCode.Created, started.StatusCode);
        return (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("attemptId").GetString()!;
    }

    [Fact]
    public async Task A_package_whose_key_was_revoked_shows_the_bridges_message_and_no_player()
    {
        var package = await Lms.ImportAsync(fixture.BaseUrl, "Revoked Trust");
        using var admin = StandInLms.AdminClient(fixture.BaseUrl);
        var issued = JsonDocument.Parse(await admin.GetStringAsync("/api/admin/lms/packages")).RootElement.EnumerateArray()
            .Single(p => p.GetProperty("trustName").GetString() == "Revoked Trust");
        (await admin.PostAsync($"/api/admin/lms/packages/{issued.GetProperty("id").GetString()}/revoke", null)).EnsureSuccessStatusCode();

        var page = await fixture.NewPageAsync();
        await page.GotoAsync(Lms.Launch(package, "boundaries", Learner("L-3003", "Jones, Kim")));

        var sco = page.FrameLocator(StandInLms.ScoFrame);
        await Expect(sco.GetByRole(AriaRole.Status)).ToContainTextAsync("revoked");
        await Expect(sco.Locator("iframe")).ToHaveCountAsync(0);
        Assert.Empty(await Axe.RunAsync(page.Frames.Single(f => f.Url.Contains("/packages/"))));
    }
}
