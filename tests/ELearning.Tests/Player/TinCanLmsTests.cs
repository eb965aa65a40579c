using System.Net.Http.Json;
using ELearning.Api.Tracking;
using ELearning.Api.Tracking.Xapi;
using ELearning.Tests.Tracking;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace ELearning.Tests.Player;

/// <summary>
/// A Tin Can launch in Chromium (RusticiSoftware/launch lms_lrs.md): the LMS opens the course with its LRS endpoint,
/// Authorization value, actor and registration; the attempts started from the dashboard send their statements to
/// that LRS (a real one behind the simulated LMS, which records the Authorization header) as that actor.
/// </summary>
[Collection("Browser")]
public sealed class TinCanLmsTests(Cmi5LmsFixture fixture, ITestOutputHelper output) : IClassFixture<Cmi5LmsFixture>
{
    SimulatedCmi5Lms Lms => fixture.Lms;

    [Fact]
    public async Task A_tin_can_launch_whose_credentials_the_lrs_refuses_is_not_accepted()
    {
        using var http = new HttpClient { BaseAddress = new Uri(fixture.BaseUrl) };

        var reply = await http.PostAsJsonAsync("/api/lms/tincan/launches", new
        {
            endpoint = Lms.Endpoint.AbsoluteUri,
            auth = "Basic " + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("made:up")),
            actor = """{"name":"Ben Clarke","mbox":"mailto:ben.clarke@example.org"}""",
            registration = Guid.NewGuid().ToString(),
        });

        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, reply.StatusCode);
        Assert.DoesNotContain("made:up", await reply.Content.ReadAsStringAsync());
    }

    [Fact]
    public void The_same_actor_launched_from_another_lrs_is_another_learner()
    {
        var here = ELearning.Api.Lms.LaunchedLearners.Key("tincan", new Uri("https://lrs.northshire.nhs.uk/xAPI/"), "mailto:ben@example.org");
        var there = ELearning.Api.Lms.LaunchedLearners.Key("tincan", new Uri("https://attacker.example/xAPI/"), "mailto:ben@example.org");
        var sameAgain = ELearning.Api.Lms.LaunchedLearners.Key("tincan", new Uri("https://LRS.northshire.nhs.uk/xAPI"), "mailto:ben@example.org");

        Assert.NotEqual(here, there);
        Assert.Equal(here, sameAgain);
    }

    [Fact]
    public async Task A_tin_can_launch_sends_the_modules_statements_to_the_lms_lrs_as_the_lms_actor()
    {
        var registration = Lms.Register();
        const string actor = """{"name":["Ben Clarke"],"mbox":["mailto:ben.clarke@example.org"]}"""; // Tin Can 0.9's arrays, as some LMSs send
        var page = await fixture.NewPageAsync();
        await page.GotoAsync($"{fixture.BaseUrl}/lms/tincan?endpoint={Uri.EscapeDataString(Lms.Endpoint.AbsoluteUri)}" +
            $"&auth={Uri.EscapeDataString("Basic " + registration.Token)}&actor={Uri.EscapeDataString(actor)}&registration={registration.Id}");

        await page.Heading1Async("Your course");
        var address = await page.EvaluateAsync<string>("() => location.href");
        Assert.EndsWith("/?launch=tincan#/dashboard", address);
        Assert.Empty(await Axe.RunAsync(page.MainFrame));
        await page.GetByRole(AriaRole.Link, new() { Name = "Professional boundaries" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Start the module" }).ClickAsync();
        await page.Locator("#option-true").ClickAsync();
        await page.Locator("#submit").ClickAsync();
        await Expect(page.Locator("#feedback-heading")).ToHaveTextAsync("Correct");
        await page.Locator("#submit").ClickAsync();
        await page.Locator("#submit").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Module passed");

        var outbox = fixture.Api.Services.GetRequiredService<OutboxStore>();
        IReadOnlyList<Statement> statements = [];
        await Eventually.UntilAsync(async () =>
        {
            if ((await outbox.CountsAsync(CancellationToken.None)).Pending > 0) return false;
            statements = await fixture.Lrs.StatementsAsync(registration.Id);
            return statements.Any(s => s.Verb.Id == Verbs.Passed.Id);
        }, TimeSpan.FromSeconds(30), "the module's passed statement at the LMS's LRS");

        var verbs = statements.OrderBy(s => s.Stored).Select(s => s.Verb.Id.Split('/')[^1]).ToList();
        output.WriteLine(string.Join(", ", verbs));
        Assert.Equal("initialized", verbs[0]);
        Assert.Contains("answered", verbs);
        Assert.Contains("passed", verbs);
        Assert.All(statements, s => Assert.Equal("mailto:ben.clarke@example.org", s.Actor.Mbox));
        Assert.All(statements, s => Assert.Equal(registration.Id, s.Context!.Registration));
        var calls = Lms.Seen.Where(r => r.Body.Contains(registration.Id.ToString())).ToList();
        Assert.NotEmpty(calls);
        Assert.All(calls, r => Assert.Equal("Basic " + registration.Token, r.Authorization));
    }

    [Fact]
    public async Task A_tin_can_lms_sees_the_activity_it_launched_from_tincan_xml_completed_once_every_module_is_passed()
    {
        var lms = fixture.TinCan;
        await lms.ImportAsync(fixture.BaseUrl);
        const string actor = """{"objectType":"Agent","name":"Chloe Davies","mbox":"mailto:chloe.davies@example.org"}""";
        var page = await fixture.NewPageAsync();
        await page.GotoAsync(lms.Launch(actor, Guid.NewGuid()));
        await page.Heading1Async("Your course");

        // Three modules through the API with this tab's launch (as the dashboard would start them), the last in the browser.
        using var http = new HttpClient { BaseAddress = new Uri(fixture.BaseUrl) };
        http.DefaultRequestHeaders.Authorization = new("Bearer", await page.EvaluateAsync<string>("() => sessionStorage.getItem('elearning.token')"));
        var launchId = await page.EvaluateAsync<string>("() => JSON.parse(sessionStorage.getItem('elearning.launch')).launchId");
        var learner = new ELearning.Tests.Support.DelegateClient(http, Guid.Empty);
        foreach (var (module, walk) in new[]
        {
            ("confidentiality", ELearning.Tests.Support.FixtureWalk.BestConfidentiality),
            ("promotion-accuracy", ELearning.Tests.Lms.Walks.OneQuestion("promotion-accuracy", right: true)),
            ("discrimination", ELearning.Tests.Lms.Walks.OneQuestion("discrimination", right: true)),
        })
        {
            var started = await (await http.PostAsJsonAsync("/api/attempts", new { moduleId = module, launchId })).Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
            var attemptId = started.GetProperty("attemptId").GetGuid();
            foreach (var (caseId, nodeId, response) in walk) await learner.AnswerOkAsync(attemptId, caseId, nodeId, response);
            (await http.PostAsync($"/api/attempts/{attemptId}/complete", null)).EnsureSuccessStatusCode();
        }
        var outbox = fixture.Api.Services.GetRequiredService<OutboxStore>();
        await Eventually.UntilAsync(async () => (await outbox.CountsAsync(CancellationToken.None)).Pending == 0, TimeSpan.FromSeconds(30), "the outbox to drain");
        Assert.Empty(await lms.VerbsForLaunchedActivityAsync(fixture.Lrs, actor)); // three of four modules: the course is not done

        await page.ReloadAsync(); // the dashboard again, in the same launch
        await page.GetByRole(AriaRole.Link, new() { Name = "Professional boundaries" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Start the module" }).ClickAsync();
        await page.Locator("#option-true").ClickAsync();
        await page.Locator("#submit").ClickAsync();
        await page.Locator("#submit").ClickAsync();
        await page.Locator("#submit").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Module passed");

        IReadOnlyList<string> verbs = [];
        await Eventually.UntilAsync(async () =>
        {
            verbs = await lms.VerbsForLaunchedActivityAsync(fixture.Lrs, actor);
            return verbs.Contains("completed");
        }, TimeSpan.FromSeconds(30), "the LMS to see the launched activity completed");
        output.WriteLine($"{lms.ActivityId}: {string.Join(", ", verbs)}");
        Assert.Contains("passed", verbs);
    }
}
