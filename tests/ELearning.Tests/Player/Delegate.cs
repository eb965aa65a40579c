using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ELearning.Tests.Player;

/// <summary>What a delegate does in the player, written once for the tests.</summary>
public static class Delegate
{
    /// <summary>Presses Tab until the target has focus: proof it can be reached with the keyboard.</summary>
    public static async Task TabToAsync(this IPage page, ILocator target, int maxPresses = 60)
    {
        await target.WaitForAsync();
        for (var i = 0; i < maxPresses; i++)
        {
            if (await target.EvaluateAsync<bool>("e => e === document.activeElement")) return;
            await page.Keyboard.PressAsync("Tab");
        }
        Assert.Fail($"Tab never reached {target} in {maxPresses} presses.");
    }

    public static async Task SignInAsync(this IPage page, string name = "Asha Patel")
    {
        await page.GotoAsync("/#/sign-in");
        await page.GetByLabel("Full name").FillAsync(name);
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Your course");
    }

    public static async Task StartModuleAsync(this IPage page, string title = "Confidentiality and privacy")
    {
        await page.GetByRole(AriaRole.Link, new() { Name = title }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Start the module" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("#/attempts/[0-9a-f-]{36}$"));
    }

    public static Task Heading1Async(this IPage page, string text) =>
        Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(text);

    public static ILocator Submit(this IPage page) => page.Locator("#submit");

    public static ILocator FeedbackHeading(this IPage page) => page.Locator("#feedback-heading");

    /// <summary>Answers the shown node by mouse: option, checkbox or phrase ids, or reflection text.</summary>
    public static async Task AnswerAsync(this IPage page, params string[] ids)
    {
        foreach (var id in ids) await page.Locator($"#option-{id}, #phrase-{id}").ClickAsync();
        await page.Submit().ClickAsync();
    }

    /// <summary>Continue after feedback, a consequence or an ending.</summary>
    public static Task ContinueAsync(this IPage page) => page.Submit().ClickAsync();

    public static ILocator Legend(this IPage page) => page.Locator("legend, .nhsuk-label--m").First;
}
