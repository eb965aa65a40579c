using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ELearning.Tests.Player;

/// <summary>The API with a stand-in LMS page's origin in Lms:AllowedOrigins, so the player's frame-ancestors lists it.</summary>
public sealed class EmbeddingFixture : BrowserFixture
{
    public FramingPage Lms { get; private set; } = null!;

    protected override async Task BeforeStartAsync()
    {
        Lms = await FramingPage.StartAsync(() => BaseUrl);
        Host.Settings["Lms:AllowedOrigins:0"] = Lms.Url;
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (Lms is not null) await Lms.DisposeAsync();
    }
}

/// <summary>LMSs frame the player: it must work inside an iframe on a configured LMS's origin, and nowhere else.</summary>
[Collection("Browser")]
public sealed class EmbeddingTests(EmbeddingFixture browser) : IClassFixture<EmbeddingFixture>
{
    [Fact]
    public async Task A_site_that_is_not_a_configured_lms_cannot_frame_the_player()
    {
        await using var other = await FramingPage.StartAsync(() => browser.BaseUrl);
        var page = await browser.NewPageAsync();
        var refused = page.WaitForConsoleMessageAsync(new() { Predicate = m => m.Text.Contains("frame-ancestors") });

        await page.GotoAsync(other.Url);

        Assert.Contains("violates the following Content Security Policy directive", (await refused).Text); // Chromium: "Framing … violates …"
        await Expect(page.FrameLocator("iframe[title='Course player']").GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task A_module_can_be_started_inside_an_iframe_on_a_configured_lms_origin()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync(browser.Lms.Url);

        var player = page.FrameLocator("iframe[title='Course player']");
        await Expect(player.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Social media and your professional standards");
        await player.GetByRole(AriaRole.Link, new() { Name = "Start now" }).ClickAsync();
        await player.GetByLabel("Full name").FillAsync("Sam Okafor");
        await player.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();
        await player.GetByRole(AriaRole.Link, new() { Name = "Confidentiality and privacy" }).ClickAsync();
        await player.GetByRole(AriaRole.Button, new() { Name = "Start the module" }).ClickAsync();

        await Expect(player.GetByRole(AriaRole.Heading, new() { Name = "What do you do with the photo?" })).ToBeVisibleAsync();
        await player.Locator("#option-a").ClickAsync();
        await player.Locator("#submit").ClickAsync();
        await Expect(player.Locator("#feedback-heading")).ToHaveTextAsync("Correct");
    }

}

/// <summary>A stand-in LMS page on its own port of 127.0.0.1 that frames the player (its address asked for on each request).</summary>
public sealed class FramingPage(WebApplication app, string url) : IAsyncDisposable
{
    public string Url { get; } = url;

    public static async Task<FramingPage> StartAsync(Func<string> playerUrl)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.MapGet("/", () => Results.Content(
            $"""
            <!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>A learning management system</title></head>
            <body><h1>Your learning</h1>
            <iframe title="Course player" src="{playerUrl()}/" width="900" height="700"></iframe></body></html>
            """, "text/html"));
        await app.StartAsync();
        return new FramingPage(app, app.Urls.First().TrimEnd('/'));
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
