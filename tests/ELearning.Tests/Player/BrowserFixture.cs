using Microsoft.Playwright;

namespace ELearning.Tests.Player;

/// <summary>
/// One server and one Debian Chromium per test class; each test opens a fresh context (its own storage)
/// with <see cref="NewPageAsync"/>. Playwright's own browser download is not used.
/// </summary>
public class BrowserFixture : IAsyncLifetime
{
    protected ELearningApp Host { get; } = ELearningApp.OnRealPort();
    IPlaywright? playwright;

    public IBrowser Browser { get; private set; } = null!;
    public string BaseUrl { get; private set; } = "";

    public async Task InitializeAsync()
    {
        await BeforeStartAsync();
        BaseUrl = Host.Start();
        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                    "--disable-sync", "--no-first-run"],
        });
    }

    /// <summary>A page in a fresh context, at a viewport width, with reduced motion as many delegates ask for.</summary>
    public async Task<IPage> NewPageAsync(int width = 1280)
    {
        var context = await Browser.NewContextAsync(new()
        {
            BaseURL = BaseUrl,
            ViewportSize = new() { Width = width, Height = 900 },
            ReducedMotion = ReducedMotion.Reduce,
            Locale = "en-GB",
        });
        context.SetDefaultTimeout(10_000);
        return await context.NewPageAsync();
    }

    /// <summary>For fixtures that configure the server (<see cref="ELearningApp.Settings"/>) before it starts.</summary>
    protected virtual Task BeforeStartAsync() => Task.CompletedTask;

    public virtual async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.CloseAsync();
        playwright?.Dispose();
        await Host.DisposeAsync();
    }
}

/// <summary>Browser tests share the machine's two cores: they run one class at a time.</summary>
[CollectionDefinition("Browser", DisableParallelization = true)]
public sealed class BrowserCollection;
