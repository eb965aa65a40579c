using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ELearning.Tests.Player;

/// <summary>The privacy notice: linked from every page's footer, says what is kept, why and for how long, and downloads and erases the delegate's data.</summary>
[Collection("Browser")]
public sealed class PrivacyPageTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Theory]
    [InlineData(1280)]
    [InlineData(375)]
    public async Task The_footer_leads_to_the_privacy_notice_which_is_accessible_signed_out_and_signed_in(int width)
    {
        var page = await browser.NewPageAsync(width);
        await page.GotoAsync("/#/");

        await page.GetByRole(AriaRole.Contentinfo).GetByRole(AriaRole.Link, new() { Name = "Privacy" }).ClickAsync();

        await page.Heading1Async("Privacy: your data on this course");
        await Expect(page).ToHaveTitleAsync(new System.Text.RegularExpressions.Regex("^Privacy – "));
        foreach (var heading in new[] { "What we keep", "Why we keep it", "How long we keep it", "Download your data" })
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = heading, Level = 2 })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Sign in", Exact = true }).Last).ToBeVisibleAsync();
        Assert.Empty(await Axe.RunAsync(page));

        await page.SignInAsync();
        await page.GotoAsync("/#/privacy");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Erase your data" })).ToBeVisibleAsync();
        Assert.Empty(await Axe.RunAsync(page));
        await page.GetByRole(AriaRole.Button, new() { Name = "Erase your data" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Yes, erase my data" })).ToBeFocusedAsync();
        Assert.Empty(await Axe.RunAsync(page));
    }

    [Fact]
    public async Task A_delegate_downloads_their_data_then_erases_it_and_their_token_stops_working()
    {
        var page = await browser.NewPageAsync();
        await page.SignInAsync("Siobhán O'Neill");
        var token = await page.EvaluateAsync<string>("() => localStorage.getItem('elearning.token')");
        await page.GotoAsync("/#/privacy");

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Download your data" }).ClickAsync());
        Assert.Equal("my-data.json", download.SuggestedFilename);
        var data = JsonDocument.Parse(await File.ReadAllTextAsync((await download.PathAsync())!)).RootElement;
        Assert.Equal("Siobhán O'Neill", data.GetProperty("profile").GetProperty("name").GetString());

        await page.GetByRole(AriaRole.Button, new() { Name = "Erase your data" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Yes, erase my data" }).ClickAsync();

        await page.Heading1Async("Your data has been erased");
        Assert.Null(await page.EvaluateAsync<string?>("() => localStorage.getItem('elearning.token')"));
        Assert.Empty(await Axe.RunAsync(page));
        using var http = new HttpClient { BaseAddress = new Uri(browser.BaseUrl) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("api/learners/me/data")).StatusCode);
    }
}
