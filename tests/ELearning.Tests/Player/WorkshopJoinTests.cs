using System.Net.Http.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ELearning.Tests.Player;

public sealed class WorkshopBrowserFixture : BrowserFixture
{
    public ELearningApp App => Host;
}

/// <summary>
/// Delegates join a room on their phones: by the QR code's link (code filled in) or by typing the code, keyboard only,
/// then their players go to the case the facilitator opens without reloading. The join and room pages pass axe at 1280 and 375 px.
/// </summary>
[Collection("Browser")]
public sealed class WorkshopJoinTests(WorkshopBrowserFixture browser) : IClassFixture<WorkshopBrowserFixture>
{
    async Task<(FacilitatorClient Sam, CreatedWorkshop Workshop)> WorkshopAsync()
    {
        var admin = Clients.Admin(browser.BaseUrl);
        var sam = await FacilitatorClient.CreateAsync(admin, () => new HttpClient { BaseAddress = new Uri(browser.BaseUrl) });
        return (sam, await sam.CreateWorkshopAsync("Ward 7 supervisors"));
    }

    [Fact]
    public async Task Three_delegates_join_by_QR_link_and_by_typed_code_and_follow_the_case_the_facilitator_opens()
    {
        var (sam, workshop) = await WorkshopAsync();
        var joinPath = new Uri(workshop.JoinUrl).PathAndQuery + new Uri(workshop.JoinUrl).Fragment;
        var byQr = await browser.NewPageAsync(375);
        var byCode = await browser.NewPageAsync(375);
        var signedIn = await browser.NewPageAsync(1280);

        await byQr.GotoAsync(joinPath);
        await Expect(byQr.GetByLabel("Join code")).ToHaveValueAsync(workshop.JoinCode);
        await byQr.GetByLabel("Full name").FillAsync("Priya Shah");
        await byQr.GetByRole(AriaRole.Button, new() { Name = "Join" }).ClickAsync();

        // Keyboard only: Tab to each field, type, Enter submits.
        await byCode.GotoAsync("/#/join");
        await byCode.TabToAsync(byCode.GetByLabel("Join code"));
        await byCode.Keyboard.TypeAsync(workshop.JoinCode.ToLowerInvariant().Replace("-", " "));
        await byCode.TabToAsync(byCode.GetByLabel("Full name"));
        await byCode.Keyboard.TypeAsync("Raj Patel");
        await byCode.Keyboard.PressAsync("Enter");

        await signedIn.SignInAsync("Asha Patel");
        await signedIn.GotoAsync("/#/join");
        await Expect(signedIn.Locator("#app")).ToContainTextAsync("You are joining as Asha Patel.");
        await Expect(signedIn.GetByLabel("Full name")).ToHaveCountAsync(0);
        await signedIn.GetByLabel("Join code").FillAsync(workshop.JoinCode);
        await signedIn.GetByRole(AriaRole.Button, new() { Name = "Join" }).ClickAsync();

        foreach (var page in new[] { byQr, byCode, signedIn })
        {
            await page.Heading1Async("Ward 7 supervisors");
            await Expect(page.Locator("#room-status")).ToContainTextAsync("Wait for the facilitator");
        }
        Assert.Equal(3, (await sam.Http.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/workshops/{workshop.Id}")).GetProperty("delegates").GetInt32());

        await sam.OpenCaseAsync(workshop.Id, "fixture-ward-photo");

        // The room is not self-paced: each player goes to the case by itself.
        foreach (var page in new[] { byQr, byCode, signedIn })
            await Expect(page.Locator("h1")).ToHaveTextAsync("Fixture: a photo on the ward", new() { Timeout = 10_000 });

        // One who comes back to the room page later goes to the open case from there, by keyboard.
        await byCode.GotoAsync($"/#/workshops/{workshop.Id}");
        await Expect(byCode.Locator("#room-status")).ToContainTextAsync("The facilitator has opened Fixture: a photo on the ward");
        await byCode.TabToAsync(byCode.GetByRole(AriaRole.Button, new() { Name = "Go to the case" }));
        await byCode.Keyboard.PressAsync("Enter");
        await byCode.Heading1Async("Fixture: a photo on the ward");
    }

    [Fact]
    public async Task A_wrong_or_closed_code_is_shown_in_the_error_summary()
    {
        var (sam, workshop) = await WorkshopAsync();
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/#/join");

        await page.GetByLabel("Join code").FillAsync("ACDE-FGHJ");
        await page.GetByLabel("Full name").FillAsync("Priya Shah");
        await page.GetByRole(AriaRole.Button, new() { Name = "Join" }).ClickAsync();
        await Expect(page.Locator(".nhsuk-error-summary")).ToContainTextAsync("No workshop has that code");
        await Expect(page).ToHaveTitleAsync(new System.Text.RegularExpressions.Regex("^Error: Join a workshop"));

        await sam.Http.PostAsync($"/api/workshops/{workshop.Id}/close", null);
        await page.GetByLabel("Join code").FillAsync(workshop.JoinCode);
        await page.GetByRole(AriaRole.Button, new() { Name = "Join" }).ClickAsync();
        await Expect(page.Locator(".nhsuk-error-summary")).ToContainTextAsync("This workshop has closed");
    }

    [Theory]
    [InlineData(1280)]
    [InlineData(375)]
    public async Task The_join_and_room_pages_have_no_WCAG_A_or_AA_violations(int width)
    {
        var (sam, workshop) = await WorkshopAsync();
        var page = await browser.NewPageAsync(width);
        await page.GotoAsync(new Uri(workshop.JoinUrl).PathAndQuery + "#/join");
        await page.Heading1Async("Join a workshop");
        var join = await Axe.RunAsync(page);
        await page.ScreenshotAsync(new() { Path = Repo.Output("screenshots", $"workshop-join-{width}.png"), FullPage = true });

        await page.GetByLabel("Full name").FillAsync("Priya Shah");
        await page.GetByRole(AriaRole.Button, new() { Name = "Join" }).ClickAsync();
        await page.Heading1Async("Ward 7 supervisors");
        await Expect(page.Locator("#room-status")).ToContainTextAsync("Wait for the facilitator");
        var room = await Axe.RunAsync(page);
        await page.ScreenshotAsync(new() { Path = Repo.Output("screenshots", $"workshop-room-{width}.png"), FullPage = true });
        await sam.OpenCaseAsync(workshop.Id, "fixture-ward-photo");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Fixture: a photo on the ward", new() { Timeout = 10_000 });

        Assert.True(join.Count == 0, "join: " + string.Join("; ", join.Select(v => $"{v.Id} {string.Join(",", v.Targets)}")));
        Assert.True(room.Count == 0, "room: " + string.Join("; ", room.Select(v => $"{v.Id} {string.Join(",", v.Targets)}")));
    }
}
