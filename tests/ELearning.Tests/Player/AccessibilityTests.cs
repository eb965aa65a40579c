using System.Text;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ELearning.Tests.Player;

/// <summary>
/// Every page type of the player, at a desktop and a phone width: no axe violations of the WCAG 2.0, 2.1 and
/// 2.2 A and AA rules, and a screenshot of each in artifacts/test-output/screenshots for a person to look at.
/// </summary>
[Collection("Browser")]
public sealed class AccessibilityTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Axe_reports_a_known_violation()
    {
        var page = await browser.NewPageAsync();
        await page.SetContentAsync("<!DOCTYPE html><html lang='en'><head><title>t</title></head><body><main><h1>t</h1><img src='x.png'></main></body></html>");

        var violations = await Axe.RunAsync(page);

        Assert.Contains(violations, v => v.Id == "image-alt");
    }

    [Fact]
    public async Task The_case_pages_fit_320_px_without_sideways_scrolling()
    {
        var page = await browser.NewPageAsync(320);
        await page.SignInAsync();
        await page.StartModuleAsync();
        await Expect(page.Locator("#option-a")).ToBeVisibleAsync();
        await AssertFitsAsync(page, "case-single-choice-320");

        await page.AnswerAsync("a");
        await Expect(page.FeedbackHeading()).ToHaveTextAsync("Correct");
        await AssertFitsAsync(page, "feedback-320");
    }

    static async Task AssertFitsAsync(IPage page, string name)
    {
        await page.ScreenshotAsync(new() { Path = Repo.Output("screenshots", $"{name}.png"), FullPage = true });
        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
        Assert.True(overflow <= 0, $"{name}: {overflow} px wider than the viewport");
    }

    [Theory]
    [InlineData(1280)]
    [InlineData(375)]
    public async Task Every_page_type_has_no_WCAG_A_or_AA_violations(int width)
    {
        var page = await browser.NewPageAsync(width);
        var report = new List<(string Page, IReadOnlyList<Axe.Violation> Violations)>();
        async Task Check(string name)
        {
            await page.Locator("h1").WaitForAsync();
            await page.Mouse.MoveAsync(0, 0); // no hover styles in the screenshots
            report.Add((name, await Axe.RunAsync(page)));
            await page.ScreenshotAsync(new() { Path = Repo.Output("screenshots", $"{name}-{width}.png"), FullPage = true });
        }

        await page.GotoAsync("/");
        await page.Heading1Async("Social media and your professional standards");
        await Check("overview");

        await page.GotoAsync("/#/sign-in");
        await page.Heading1Async("Sign in to the course");
        await Check("sign-in");
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();
        await Expect(page.Locator(".nhsuk-error-summary")).ToBeFocusedAsync();
        await Check("sign-in-error");

        await page.GetByLabel("Full name").FillAsync("Asha Patel");
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();
        await page.Heading1Async("Your course");
        await Check("dashboard");

        await page.GetByRole(AriaRole.Link, new() { Name = "Confidentiality and privacy" }).ClickAsync();
        await page.Heading1Async("Confidentiality and privacy");
        await Check("module");

        await page.GetByRole(AriaRole.Button, new() { Name = "Start the module" }).ClickAsync();
        await Expect(page.Locator("#option-a")).ToBeVisibleAsync();
        await Check("case-single-choice");
        await page.Submit().ClickAsync();
        await Expect(page.Locator(".nhsuk-error-summary")).ToBeFocusedAsync();
        await Check("question-error");
        await page.AnswerAsync("b");
        await Expect(page.FeedbackHeading()).ToHaveTextAsync("Not the best choice");
        await Check("feedback-wrong");

        await page.ContinueAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "A complaint arrives" })).ToBeVisibleAsync();
        await Check("consequence");

        await page.ContinueAsync();
        await Expect(page.Locator("#option-x")).ToBeVisibleAsync();
        await Check("multiple-response");
        await page.AnswerAsync("x", "y", "z");
        await Expect(page.FeedbackHeading()).ToHaveTextAsync("Partly right");
        await Check("feedback-partly");

        await page.ContinueAsync();
        await Expect(page.Locator("#phrase-s1")).ToBeVisibleAsync();
        await page.Locator("#phrase-s1").ClickAsync();
        await Expect(page.Locator("#select-count")).ToHaveTextAsync("1 phrase marked");
        await Check("select-text");
        await page.Submit().ClickAsync();
        await Expect(page.FeedbackHeading()).ToHaveTextAsync("Partly right");
        await Check("feedback-select-text");

        await page.ContinueAsync();
        await Expect(page.Locator("#option-true")).ToBeVisibleAsync();
        await Check("true-false");
        await page.AnswerAsync("false");
        await Expect(page.FeedbackHeading()).ToHaveTextAsync("Correct");
        await Check("feedback-correct");

        await page.ContinueAsync();
        await Expect(page.Locator("#reflection")).ToBeVisibleAsync();
        await Check("reflection");
        await page.Locator("#reflection").FillAsync("Think first.");
        await page.Submit().ClickAsync();
        await Expect(page.FeedbackHeading()).ToHaveTextAsync("Your reflection is saved");
        await page.ContinueAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "What good looks like" })).ToBeVisibleAsync();
        await Check("ending");

        await page.ContinueAsync();
        await Expect(page.Locator("#option-false")).ToBeVisibleAsync();
        await page.AnswerAsync("false");
        await page.ContinueAsync();
        await page.ContinueAsync();
        await page.Heading1Async("Module not passed");
        await Check("summary");

        var text = new StringBuilder($"axe-core, tags {string.Join(", ", Axe.Tags)}, width {width}px\n");
        foreach (var (name, violations) in report)
        {
            text.AppendLine($"{name}: {violations.Count} violations");
            foreach (var v in violations) text.AppendLine($"  {v.Id} ({v.Impact}): {v.Help} — {string.Join(" | ", v.Targets)}");
        }
        await File.WriteAllTextAsync(Repo.Output("axe", $"axe-{width}.txt"), text.ToString());
        Assert.True(report.All(r => r.Violations.Count == 0), text.ToString());
    }
}
