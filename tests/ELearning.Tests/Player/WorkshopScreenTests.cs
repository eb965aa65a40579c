using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ELearning.Tests.Player;

/// <summary>
/// A live workshop in four browsers: the facilitator's projector page and three delegates' phones. The screen's chart
/// and table change as the room answers, without a reload; a reveal shows the room's counts to the delegates who
/// answered; the projector and roster pages pass axe at 1280 and 375 px and the projector works by keyboard alone.
/// </summary>
[Collection("Browser")]
public sealed class WorkshopScreenTests(WorkshopBrowserFixture browser) : IClassFixture<WorkshopBrowserFixture>
{
    const string WardPhoto = "Fixture: a photo on the ward";

    async Task<(FacilitatorClient Sam, CreatedWorkshop Workshop)> WorkshopAsync()
    {
        var admin = Clients.Admin(browser.BaseUrl);
        var sam = await FacilitatorClient.CreateAsync(admin, () => new HttpClient { BaseAddress = new Uri(browser.BaseUrl) });
        return (sam, await sam.CreateWorkshopAsync("Ward 7 supervisors"));
    }

    /// <summary>The facilitator signs in with their token and opens the workshop's screen from their list.</summary>
    async Task<IPage> ScreenAsync(FacilitatorClient sam, CreatedWorkshop workshop, int width = 1280)
    {
        var screen = await browser.NewPageAsync(width);
        await screen.GotoAsync("/#/facilitator");
        await screen.GetByLabel("Facilitator token").FillAsync(sam.Token);
        await screen.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await screen.Heading1Async("Your workshops");
        await screen.GetByRole(AriaRole.Link, new() { Name = "Screen for Ward 7 supervisors" }).ClickAsync();
        await screen.Heading1Async("Ward 7 supervisors");
        return screen;
    }

    static async Task JoinAsync(IPage page, string path, string? code, string name)
    {
        await page.GotoAsync(path);
        if (code is not null) await page.GetByLabel("Join code").FillAsync(code);
        await page.GetByLabel("Full name").FillAsync(name);
        await page.GetByRole(AriaRole.Button, new() { Name = "Join" }).ClickAsync();
        await page.Heading1Async("Ward 7 supervisors");
    }

    static ILocator Cell(IPage page, string optionId) => page.Locator($"td[data-option='{optionId}']");

    [Fact]
    public async Task The_room_answers_and_the_screen_follows_then_a_reveal_shows_delegates_the_rooms_answers()
    {
        var (sam, workshop) = await WorkshopAsync();
        var screen = await ScreenAsync(sam, workshop);
        await Expect(screen.Locator("#join-code")).ToHaveTextAsync(workshop.JoinCode);
        await Expect(screen.GetByRole(AriaRole.Img, new() { Name = $"QR code that opens the join page with code {workshop.JoinCode}" })).ToBeVisibleAsync();
        Assert.True(await screen.Locator("img.room-screen__qr").EvaluateAsync<bool>("img => img.complete && img.naturalWidth > 0"), "the QR code image loads");

        var priya = await browser.NewPageAsync(375);
        var raj = await browser.NewPageAsync(375);
        var lee = await browser.NewPageAsync(1280);
        var qrLink = new Uri(workshop.JoinUrl);
        await JoinAsync(priya, qrLink.PathAndQuery + qrLink.Fragment, null, "Priya Shah");
        await JoinAsync(raj, "/#/join", workshop.JoinCode, "Raj Patel");
        await JoinAsync(lee, "/#/join", workshop.JoinCode.ToLowerInvariant(), "Lee Wong");
        await Expect(screen.Locator("#delegates")).ToHaveTextAsync("3 delegates joined", new() { Timeout = 10_000 });

        await screen.GetByLabel("Case to open for the room").SelectOptionAsync("fixture-ward-photo");
        await screen.GetByRole(AriaRole.Button, new() { Name = "Open this case" }).ClickAsync();
        await Expect(screen.Locator("#current-heading")).ToHaveTextAsync($"Case open now: {WardPhoto}");
        await Expect(screen.Locator("#question-heading")).ToContainTextAsync("What do you do with the photo?");
        await Expect(screen.Locator("#current")).ToContainTextAsync("Discussion prompts");

        // Each delegate's player goes to the case by itself.
        foreach (var page in new[] { priya, raj, lee }) await page.Heading1Async(WardPhoto);
        await priya.AnswerAsync("a");
        await Expect(Cell(screen, "a")).ToHaveTextAsync("1");
        await raj.AnswerAsync("a");
        await lee.AnswerAsync("b");
        await Expect(Cell(screen, "a")).ToHaveTextAsync("2");
        await Expect(Cell(screen, "b")).ToHaveTextAsync("1");
        await Expect(Cell(screen, "c")).ToHaveTextAsync("0");
        var label = await screen.Locator("#screen-chart svg").GetAttributeAsync("aria-label");
        Assert.Contains("3 people answered", label);
        Assert.Contains("A, Ask before posting anything: 2", label);
        Assert.DoesNotContain("Priya", await screen.Locator("#app").InnerTextAsync());

        await screen.GetByRole(AriaRole.Button, new() { Name = "Reveal the room's answers" }).ClickAsync();
        await Expect(screen.Locator("#revealed-state")).ToContainTextAsync("can now see these counts");

        await priya.GetByRole(AriaRole.Link, new() { Name = "See the room's answers" }).ClickAsync(new() { Timeout = 10_000 });
        await priya.Heading1Async("Ward 7 supervisors");
        await Expect(Cell(priya, "a")).ToHaveTextAsync("2");
        await Expect(Cell(priya, "b")).ToHaveTextAsync("1");
        await Expect(priya.Locator(".room-chart svg[role=img]")).ToHaveCountAsync(1);
        Assert.DoesNotContain("Raj", await priya.Locator("#app").InnerTextAsync());
    }

    [Fact]
    public async Task The_projector_works_by_keyboard_alone()
    {
        var (sam, workshop) = await WorkshopAsync();
        var screen = await ScreenAsync(sam, workshop);

        await screen.TabToAsync(screen.GetByLabel("Case to open for the room"));
        await screen.Keyboard.PressAsync("ArrowDown"); // the second case
        await screen.TabToAsync(screen.GetByRole(AriaRole.Button, new() { Name = "Open this case" }));
        await screen.Keyboard.PressAsync("Enter");
        await Expect(screen.Locator("#current-heading")).ToContainTextAsync("Case open now");
        var opened = (await sam.Http.GetFromJsonAsync<JsonElement>($"/api/workshops/{workshop.Id}")).GetProperty("currentCaseId").GetString();
        Assert.Equal("fixture-second", opened);

        await screen.Keyboard.PressAsync("Shift+Tab");
        await screen.Keyboard.PressAsync("ArrowUp"); // back to the first case
        await screen.TabToAsync(screen.GetByRole(AriaRole.Button, new() { Name = "Open this case" }));
        await screen.Keyboard.PressAsync("Enter");
        await Expect(screen.Locator("#current-heading")).ToHaveTextAsync($"Case open now: {WardPhoto}");
        await screen.TabToAsync(screen.GetByRole(AriaRole.Button, new() { Name = "Next question" }));
        await screen.Keyboard.PressAsync("Enter");
        await Expect(screen.Locator("#question-heading")).ToContainTextAsync("Question 2 of");
        await Expect(screen.GetByRole(AriaRole.Button, new() { Name = "Next question" })).ToBeFocusedAsync();
        await screen.TabToAsync(screen.GetByRole(AriaRole.Button, new() { Name = "Reveal the room's answers" }));
        await screen.Keyboard.PressAsync("Enter");
        await Expect(screen.Locator("#control-status")).ToContainTextAsync("revealed");

        var revealed = (await sam.Http.GetFromJsonAsync<JsonElement>($"/api/workshops/{workshop.Id}/distribution")).GetProperty("revealed");
        Assert.Equal("n2", Assert.Single(revealed.EnumerateArray()).GetProperty("nodeId").GetString());
    }

    [Theory]
    [InlineData(1280)]
    [InlineData(375)]
    public async Task The_projector_and_roster_pages_have_no_WCAG_A_or_AA_violations(int width)
    {
        var (sam, workshop) = await WorkshopAsync();
        var priya = await WorkshopJoining.JoinAsNewAsync(() => new HttpClient { BaseAddress = new Uri(browser.BaseUrl) }, workshop.JoinCode, "Priya Shah");
        await sam.OpenCaseAsync(workshop.Id, "fixture-ward-photo");
        var started = await priya.StartAsync("confidentiality");
        await priya.AnswerOkAsync(started.AttemptId, "fixture-ward-photo", "n1", new { choices = new[] { "a" } });
        var screen = await ScreenAsync(sam, workshop, width);
        await Expect(Cell(screen, "a")).ToHaveTextAsync("1");
        var projector = await Axe.RunAsync(screen);
        await screen.ScreenshotAsync(new() { Path = Repo.Output("screenshots", $"workshop-screen-{width}.png"), FullPage = true });

        await screen.GetByRole(AriaRole.Link, new() { Name = "Roster (names: not for the shared screen)" }).ClickAsync();
        await screen.Heading1Async("Roster: Ward 7 supervisors");
        await Expect(screen.Locator("table")).ToContainTextAsync("Priya Shah");
        var roster = await Axe.RunAsync(screen);
        await screen.ScreenshotAsync(new() { Path = Repo.Output("screenshots", $"workshop-roster-{width}.png"), FullPage = true });

        Assert.True(projector.Count == 0, "projector: " + string.Join("; ", projector.Select(v => $"{v.Id} {string.Join(",", v.Targets)}")));
        Assert.True(roster.Count == 0, "roster: " + string.Join("; ", roster.Select(v => $"{v.Id} {string.Join(",", v.Targets)}")));
    }
}
