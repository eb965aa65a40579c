using System.Text.Json;
using ELearning.Api.Lms.Cmi5;
using ELearning.Api.Tracking;
using ELearning.Api.Tracking.Xapi;
using ELearning.Tests.Tracking;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace ELearning.Tests.Player;

/// <summary>
/// cmi5 end to end in Chromium: a simulated LMS launches the player with the cmi5 query string; the player hands it
/// to the API, which fetches the token, reads LMS.LaunchData and sends the session's statements to the LMS's LRS
/// (a real one behind the LMS). The statements are read back from that LRS.
/// </summary>
[Collection("Browser")]
public sealed class Cmi5LmsTests(Cmi5LmsFixture fixture, ITestOutputHelper output) : IClassFixture<Cmi5LmsFixture>
{
    const string Cmi5 = Cmi5Statements.Cmi5Category;
    SimulatedCmi5Lms Lms => fixture.Lms;

    static string[] Categories(Statement s) => [.. s.Context?.ContextActivities?.Category?.Select(a => a.Id) ?? []];
    static string? SessionId(Statement s) =>
        s.Context?.Extensions?.TryGetValue(Cmi5Statements.SessionIdExtension, out var id) == true ? id.GetString() : null;
    static string Verb(Statement s) => s.Verb.Id.Split('/')[^1];

    async Task CompleteBoundariesAsync(IPage page)
    {
        await page.Locator("#option-true").ClickAsync();
        await page.Locator("#submit").ClickAsync();
        await Expect(page.Locator("#feedback-heading")).ToHaveTextAsync("Correct");
        await page.Locator("#submit").ClickAsync();
        await Expect(page.Locator("#submit")).ToHaveTextAsync("Finish the module");
        await page.Locator("#submit").ClickAsync();
    }

    /// <summary>Waits until the outbox has sent everything and the LRS holds the session's terminated statement.</summary>
    async Task<IReadOnlyList<Statement>> StatementsWhenTerminatedAsync(Guid registration)
    {
        var outbox = fixture.Api.Services.GetRequiredService<OutboxStore>();
        IReadOnlyList<Statement> statements = [];
        await Eventually.UntilAsync(async () =>
        {
            if ((await outbox.CountsAsync(CancellationToken.None)).Pending > 0) return false;
            statements = await fixture.Lrs.StatementsAsync(registration);
            return statements.Any(s => s.Verb.Id == Verbs.Terminated.Id);
        }, TimeSpan.FromSeconds(30), "the session's terminated statement at the LMS's LRS");
        return [.. statements.OrderBy(s => s.Stored)];
    }

    [Fact]
    public async Task A_cmi5_launch_runs_the_module_and_the_lms_lrs_gets_initialized_passed_and_one_terminated_last()
    {
        var registration = Lms.Register(masteryScore: 0.8);
        var page = await fixture.NewPageAsync();
        await page.GotoAsync(Lms.LaunchUrl(fixture.BaseUrl, registration));

        await Expect(page.Locator("legend")).ToHaveTextAsync("The statement is true.");
        // The LMS's parameters (fetch URL, actor…) have left the address bar; launch and module stay for a reload.
        var address = await page.EvaluateAsync<string>("() => location.href");
        Assert.Matches(@"/\?launch=cmi5&module=boundaries#/attempts/[0-9a-f-]{36}$", address);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign out" })).ToHaveCountAsync(0);
        await Expect(page.Locator("#launch-mode")).ToHaveCountAsync(0);
        Assert.Empty(await Axe.RunAsync(page.MainFrame));

        await CompleteBoundariesAsync(page);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Module passed");
        Assert.Empty(await Axe.RunAsync(page.MainFrame));
        await page.GetByRole(AriaRole.Button, new() { Name = "Exit module" }).ClickAsync();
        await BackInTheLmsAsync(page);

        var statements = await StatementsWhenTerminatedAsync(registration.Id);
        var verbs = statements.Select(Verb).ToList();
        var passed = statements.Single(s => s.Verb.Id == Verbs.Passed.Id);
        output.WriteLine($"verbs: {string.Join(", ", verbs)}; sessionid {SessionId(statements[0])}; " +
            $"passed scaled {passed.Result!.Score!.Scaled} vs masteryScore 0.8; {JsonSerializer.Serialize(passed, XapiJson.Options)}");

        Assert.Equal("initialized", verbs[0]);
        Assert.Equal("terminated", verbs[^1]);
        Assert.Single(verbs, v => v == "terminated");
        Assert.Single(verbs, v => v == "completed");
        Assert.DoesNotContain("failed", verbs);
        Assert.Contains("answered", verbs);
        Assert.All(verbs.GroupBy(v => v).Where(g => g.Key is not ("answered" or "experienced")), g => Assert.Single(g));
        Assert.True(passed.Result.Score.Scaled >= 0.8);
        Assert.True(passed.Result.Success);
        Assert.NotNull(passed.Result.Score.Raw);
        Assert.NotNull(passed.Result.Duration);
        Assert.Equal(0.8, passed.Context!.Extensions![Cmi5Statements.MasteryScoreExtension].GetDouble());
        // cmi5 9.6: the cmi5 category on cmi5-defined statements, moveon on completed and passed; none on answers.
        foreach (var s in statements)
        {
            var defined = verbs.Contains(Verb(s)) && Verb(s) is "initialized" or "completed" or "passed" or "terminated";
            Assert.Equal(defined, Categories(s).Contains(Cmi5));
            Assert.Equal(Verb(s) is "completed" or "passed", Categories(s).Contains(Cmi5Statements.MoveOnCategory));
            if (defined) Assert.Equal(SimulatedCmi5Lms.ActivityId, s.Target.Id);
            Assert.Equal(registration.Id, s.Context!.Registration);
            Assert.Contains("https://lms.example/courses/social-media", s.Context.ContextActivities!.Grouping!.Select(a => a.Id));
            Assert.Equal(new AgentAccount("https://lms.example", "learner-1001"), s.Actor.Account);
        }
        // The LMS's session id from the contextTemplate, on every statement.
        Assert.All(statements, s => Assert.Equal(registration.SessionId, SessionId(s)));
        // Every call to the LMS's LRS about this registration carried the token fetched for it.
        var calls = Lms.Seen.Where(r => r.Query.Contains(registration.Id.ToString()) || r.Body.Contains(registration.Id.ToString())).ToList();
        Assert.Contains(calls, r => r.Path == "statements");
        Assert.Contains(calls, r => r.Path == "activities/state");
        Assert.All(calls, r => Assert.Equal("Basic " + registration.Token, r.Authorization));
    }

    [Fact]
    public async Task A_launch_url_used_twice_shows_the_lms_error_and_a_way_back()
    {
        var registration = Lms.Register();
        var page = await fixture.NewPageAsync();
        await page.GotoAsync(Lms.LaunchUrl(fixture.BaseUrl, registration));
        await Expect(page.Locator("legend")).ToHaveTextAsync("The statement is true.");

        await page.GotoAsync(Lms.LaunchUrl(fixture.BaseUrl, registration));

        await page.Heading1Async("This module could not start");
        await Expect(page.Locator("#app")).ToContainTextAsync("already been used");
        await Expect(page.Locator("#return-to-lms")).ToHaveAttributeAsync("href", $"{Lms.Origin}/returned");
        Assert.DoesNotContain(registration.Token, await page.ContentAsync());
        Assert.Empty(await Axe.RunAsync(page.MainFrame));
    }

    [Fact]
    public async Task A_browse_launch_says_so_and_sends_no_completed_passed_or_failed()
    {
        var registration = Lms.Register(launchMode: "Browse");
        var page = await fixture.NewPageAsync();
        await page.GotoAsync(Lms.LaunchUrl(fixture.BaseUrl, registration));
        await Expect(page.Locator("#launch-mode")).ToContainTextAsync("Browse mode: your answers are not recorded as a result.");
        Assert.Empty(await Axe.RunAsync(page.MainFrame));

        await CompleteBoundariesAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Exit module" }).ClickAsync();
        await BackInTheLmsAsync(page);

        var verbs = (await StatementsWhenTerminatedAsync(registration.Id)).Select(Verb).ToList();
        output.WriteLine(string.Join(", ", verbs));
        Assert.Equal("initialized", verbs[0]);
        Assert.Equal("terminated", verbs[^1]);
        Assert.DoesNotContain("completed", verbs);
        Assert.DoesNotContain("passed", verbs);
        Assert.DoesNotContain("failed", verbs);
    }

    [Fact]
    public async Task A_reload_carries_on_in_the_same_session()
    {
        var registration = Lms.Register();
        var page = await fixture.NewPageAsync();
        await page.GotoAsync(Lms.LaunchUrl(fixture.BaseUrl, registration));
        await Expect(page.Locator("legend")).ToHaveTextAsync("The statement is true.");

        await page.ReloadAsync();

        await Expect(page.Locator("legend")).ToHaveTextAsync("The statement is true.");
        await CompleteBoundariesAsync(page);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Module passed");
        await page.GetByRole(AriaRole.Button, new() { Name = "Exit module" }).ClickAsync();
        await BackInTheLmsAsync(page);

        var statements = await StatementsWhenTerminatedAsync(registration.Id);
        var verbs = statements.Select(Verb).ToList();
        output.WriteLine(string.Join(", ", verbs));
        Assert.Single(verbs, v => v == "initialized");
        Assert.Single(verbs, v => v == "terminated");
        Assert.Equal("terminated", verbs[^1]);
        Assert.Contains("passed", verbs);
        Assert.All(statements, s => Assert.Equal(registration.SessionId, SessionId(s)));
    }

    [Fact]
    public async Task Two_tabs_launched_for_two_learners_each_keep_their_own_session()
    {
        var (asha, ben) = (Lms.Register(), Lms.Register());
        var context = await fixture.Browser.NewContextAsync(new() { BaseURL = fixture.BaseUrl, Locale = "en-GB" }); // one browser profile: shared localStorage
        var first = await context.NewPageAsync();
        await first.GotoAsync(Lms.LaunchUrl(fixture.BaseUrl, asha, actor: SimulatedCmi5Lms.ActorFor("Asha Patel")));
        await Expect(first.Locator("legend")).ToHaveTextAsync("The statement is true.");
        var second = await context.NewPageAsync();
        await second.GotoAsync(Lms.LaunchUrl(fixture.BaseUrl, ben, actor: SimulatedCmi5Lms.ActorFor("Ben Clarke")));
        await Expect(second.Locator("legend")).ToHaveTextAsync("The statement is true.");

        await first.BringToFrontAsync();
        await CompleteBoundariesAsync(first);
        await Expect(first.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Module passed");

        var outbox = fixture.Api.Services.GetRequiredService<OutboxStore>();
        IReadOnlyList<Statement> ashas = [];
        await Eventually.UntilAsync(async () =>
        {
            if ((await outbox.CountsAsync(CancellationToken.None)).Pending > 0) return false;
            ashas = await fixture.Lrs.StatementsAsync(asha.Id);
            return ashas.Any(s => s.Verb.Id == Verbs.Passed.Id);
        }, TimeSpan.FromSeconds(30), "the first tab's passed at the LMS");
        Assert.All(ashas, s => Assert.Equal("asha-patel", s.Actor.Account!.Name));
        Assert.DoesNotContain(await fixture.Lrs.StatementsAsync(ben.Id), s => s.Verb.Id == Verbs.Answered.Id);
        await context.CloseAsync();
    }

    [Fact]
    public async Task Opening_the_registration_again_in_another_tab_takes_it_over_and_the_first_tab_says_so()
    {
        var registration = Lms.Register();
        var context = await fixture.Browser.NewContextAsync(new() { BaseURL = fixture.BaseUrl, Locale = "en-GB" });
        var first = await context.NewPageAsync();
        await first.GotoAsync(Lms.LaunchUrl(fixture.BaseUrl, registration));
        await Expect(first.Locator("legend")).ToHaveTextAsync("The statement is true.");
        await Lms.RelaunchAsync(registration);
        var second = await context.NewPageAsync();
        await second.GotoAsync(Lms.LaunchUrl(fixture.BaseUrl, registration));
        await Expect(second.Locator("legend")).ToHaveTextAsync("The statement is true.");

        await first.BringToFrontAsync();
        await first.Locator("#option-true").ClickAsync();
        await first.Locator("#submit").ClickAsync();

        await first.Heading1Async("Your session with your learning system has ended");
        await Expect(first.Locator("#app")).ToContainTextAsync("opened again from your learning system");
        await Expect(first.Locator("#return-to-lms")).ToHaveAttributeAsync("href", $"{Lms.Origin}/returned");
        Assert.Empty(await Axe.RunAsync(first.MainFrame));
        // The second tab carries on with the same attempt, the first tab's answer not recorded.
        await CompleteBoundariesAsync(second);
        await Expect(second.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Module passed");
        await context.CloseAsync();
    }

    [Fact]
    public async Task Not_passed_shows_the_lms_pass_mark_and_a_button_back_to_the_lms_to_try_again()
    {
        var registration = Lms.Register(masteryScore: 0.9);
        var page = await fixture.NewPageAsync();
        await page.GotoAsync(Lms.LaunchUrl(fixture.BaseUrl, registration));
        await page.Locator("#option-false").ClickAsync();
        await page.Locator("#submit").ClickAsync();
        await page.Locator("#submit").ClickAsync();
        await page.Locator("#submit").ClickAsync();

        await page.Heading1Async("Module not passed");
        await Expect(page.Locator("#app")).ToContainTextAsync("You need 90% to pass.");
        Assert.Empty(await Axe.RunAsync(page.MainFrame));
        await page.GetByRole(AriaRole.Button, new() { Name = "Go back to your learning system to try again" }).ClickAsync();
        await BackInTheLmsAsync(page);

        var verbs = (await StatementsWhenTerminatedAsync(registration.Id)).Select(Verb).ToList();
        Assert.Contains("failed", verbs);
        Assert.Equal("terminated", verbs[^1]);
    }

    [Fact]
    public async Task With_move_on_completed_the_not_passed_page_says_the_lms_counts_the_module_done()
    {
        var registration = Lms.Register(masteryScore: 0.9, moveOn: "Completed");
        var page = await fixture.NewPageAsync();
        await page.GotoAsync(Lms.LaunchUrl(fixture.BaseUrl, registration));
        await page.Locator("#option-false").ClickAsync();
        await page.Locator("#submit").ClickAsync();
        await page.Locator("#submit").ClickAsync();
        await page.Locator("#submit").ClickAsync();

        await page.Heading1Async("Module not passed");
        await Expect(page.Locator("#move-on")).ToContainTextAsync("records this module as done");
        List<string> verbs = [];
        await Eventually.UntilAsync(async () =>
        {
            verbs = [.. (await fixture.Lrs.StatementsAsync(registration.Id)).Select(Verb)];
            return verbs.Contains("completed") && verbs.Contains("failed");
        }, TimeSpan.FromSeconds(30), "completed and failed at the LMS");
        Assert.DoesNotContain("passed", verbs);
    }

    /// <summary>
    /// The delegate is back on the LMS's page, as they see it. Not page.WaitForURLAsync: once the URL matched it waited for
    /// a load event that had already fired (the LMS's page is tiny), and timed out now and then although the page was there.
    /// </summary>
    async Task BackInTheLmsAsync(IPage page)
    {
        await Expect(page).ToHaveURLAsync($"{Lms.Origin}/returned", new() { Timeout = 10_000 });
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Back in your LMS");
    }
}
