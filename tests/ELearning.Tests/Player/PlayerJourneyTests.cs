using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ELearning.Tests.Player;

/// <summary>A delegate's way through the fixture course in a real browser.</summary>
[Collection("Browser")]
public sealed class PlayerJourneyTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task A_delegate_signs_in_and_completes_a_module_with_the_keyboard_only()
    {
        var page = await browser.NewPageAsync();
        var keys = page.Keyboard;
        await page.GotoAsync("/");
        await page.Heading1Async("Social media and your professional standards");

        await page.TabToAsync(page.GetByRole(AriaRole.Link, new() { Name = "Start now" }));
        await keys.PressAsync("Enter");
        await page.TabToAsync(page.GetByLabel("Full name"));
        await keys.TypeAsync("Asha Patel");
        await page.TabToAsync(page.GetByLabel("Registration number (optional)"));
        await keys.TypeAsync("PH123456");
        await keys.PressAsync("Enter");
        await page.Heading1Async("Your course");

        await page.TabToAsync(page.GetByRole(AriaRole.Link, new() { Name = "Confidentiality and privacy" }));
        await keys.PressAsync("Enter");
        await page.TabToAsync(page.GetByRole(AriaRole.Button, new() { Name = "Start the module" }));
        await keys.PressAsync("Enter");

        // n1, single choice: radios.
        await page.Heading1Async("Fixture: a photo on the ward");
        await Expect(page.Locator("#progress-label")).ToHaveTextAsync("Confidentiality and privacy: case 1 of 2");
        await Expect(page.Locator(".player-facts div", new() { HasText = "Your part" }).Locator("dd")).ToHaveTextAsync("Your own conduct, as a registrant");
        await page.TabToAsync(page.Locator("#option-a"));
        await keys.PressAsync("Space");
        await SubmitAndContinueAsync(page, "Correct");

        // n2, multiple response: checkboxes.
        await page.TabToAsync(page.Locator("#option-x"));
        await keys.PressAsync("Space");
        await page.TabToAsync(page.Locator("#option-y"));
        await keys.PressAsync("Space");
        await SubmitAndContinueAsync(page, "Correct");

        // n3, select text: each phrase is a toggle button in the post, with a count read out.
        var ward = page.Locator("#phrase-s1");
        await page.TabToAsync(ward);
        await keys.PressAsync("Enter");
        await Expect(ward).ToHaveAttributeAsync("aria-pressed", "true");
        await page.TabToAsync(page.Locator("#phrase-s2"));
        await keys.PressAsync("Space");
        await Expect(page.Locator("#select-count")).ToHaveTextAsync("2 phrases marked");
        await SubmitAndContinueAsync(page, "Correct");

        // n4, true-false: arrow keys move the choice within the radio group.
        await page.TabToAsync(page.Locator("#option-true"));
        await keys.PressAsync("ArrowDown");
        await Expect(page.Locator("#option-false")).ToBeCheckedAsync();
        await SubmitAndContinueAsync(page, "Correct");

        // n5, reflection.
        await page.TabToAsync(page.GetByLabel("How will you share your work safely?"));
        await keys.TypeAsync("I will ask my manager and use the trust's consent form.");
        await SubmitAndContinueAsync(page, "Your reflection is saved");

        // The ending, with the debrief, then the second case.
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "What good looks like" })).ToBeVisibleAsync();
        await page.TabToAsync(page.GetByRole(AriaRole.Button, new() { Name = "Continue to the next case" }));
        await keys.PressAsync("Enter");
        await Expect(page.Locator("#progress-label")).ToHaveTextAsync("Confidentiality and privacy: case 2 of 2");
        await page.TabToAsync(page.Locator("#option-true"));
        await keys.PressAsync("Space");
        await SubmitAndContinueAsync(page, "Correct");
        await page.TabToAsync(page.GetByRole(AriaRole.Button, new() { Name = "Finish the module" }));
        await keys.PressAsync("Enter");

        await page.Heading1Async("Module passed");
        var attemptId = Regex.Match(page.Url, "attempts/([0-9a-f-]{36})").Groups[1].Value;
        var result = (await ApiAsync(page, $"/api/attempts/{attemptId}")).GetProperty("result");
        var expected = $"{Math.Round(result.GetProperty("scaled").GetDouble() * 100)}% ({result.GetProperty("raw").GetInt32()} of {result.GetProperty("max").GetInt32()} points)";
        Assert.Equal("100% (8 of 8 points)", expected);
        await Expect(page.Locator("#score")).ToHaveTextAsync(expected);
    }

    [Fact]
    public async Task A_reload_mid_case_resumes_at_the_same_node_and_shows_unread_feedback_again()
    {
        var page = await browser.NewPageAsync();
        await page.SignInAsync();
        await page.StartModuleAsync();
        await page.AnswerAsync("a");
        await page.ContinueAsync();
        var prompt = page.GetByRole(AriaRole.Heading, new() { Name = "Which of these could identify the patient?" });
        await Expect(prompt).ToBeVisibleAsync();

        await page.ReloadAsync();
        await Expect(prompt).ToBeVisibleAsync();
        await Expect(page.Locator("#option-x")).Not.ToBeCheckedAsync();

        // Answered, but Continue not yet pressed: the same feedback comes back after a reload.
        await page.AnswerAsync("x");
        await Expect(page.FeedbackHeading()).ToHaveTextAsync("Partly right");
        await page.ReloadAsync();
        await Expect(page.FeedbackHeading()).ToHaveTextAsync("Partly right");
        await Expect(page.Locator("#option-x")).ToBeCheckedAsync();
        await Expect(page.Locator("#option-x")).ToBeDisabledAsync();

        await page.ContinueAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Mark the identifying phrases." })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task A_wrong_answer_shows_feedback_quoting_the_cited_clause()
    {
        var page = await browser.NewPageAsync();
        await page.SignInAsync();
        await page.StartModuleAsync();

        await page.AnswerAsync("b");

        await Expect(page.FeedbackHeading()).ToHaveTextAsync("Not the best choice");
        await Expect(page.FeedbackHeading()).ToBeFocusedAsync();
        var feedback = page.Locator("#feedback");
        await Expect(feedback).ToContainTextAsync("The post could identify a patient.");
        await Expect(feedback.Locator("blockquote").First).ToHaveTextAsync("You must treat information about service users as confidential.");
        await Expect(feedback.Locator("figcaption").First).ToHaveTextAsync("HCPC, standard 5.1");

        await page.ContinueAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "A complaint arrives" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Signing_in_without_a_name_shows_the_NHS_error_summary()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/#/sign-in");
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();

        var summary = page.Locator(".nhsuk-error-summary");
        await Expect(summary).ToBeFocusedAsync();
        await Expect(page).ToHaveTitleAsync(new Regex("^Error: "));
        await Expect(page.Locator("#name-error")).ToContainTextAsync("Enter your full name");
        await Expect(page.GetByLabel("Full name")).ToHaveAttributeAsync("aria-describedby", new Regex("name-error"));

        await summary.GetByRole(AriaRole.Link, new() { Name = "Enter your full name" }).ClickAsync();
        await Expect(page.GetByLabel("Full name")).ToBeFocusedAsync();
    }

    [Fact]
    public async Task Submitting_a_question_without_an_answer_shows_the_NHS_error_summary()
    {
        var page = await browser.NewPageAsync();
        await page.SignInAsync();
        await page.StartModuleAsync();

        await page.Submit().ClickAsync();

        await Expect(page.Locator(".nhsuk-error-summary")).ToBeFocusedAsync();
        await Expect(page.Locator("#option-a-error")).ToContainTextAsync("Select an answer");
        await Expect(page.Locator("fieldset")).ToHaveAttributeAsync("aria-describedby", new Regex("option-a-error"));
    }

    [Fact]
    public async Task The_player_is_served_with_a_strict_content_security_policy_that_allows_framing_by_its_own_origin_only()
    {
        var page = await browser.NewPageAsync();
        var response = await page.GotoAsync("/");
        var headers = await response!.AllHeadersAsync();

        var csp = headers["content-security-policy"];
        Assert.Contains("script-src 'self'", csp);
        Assert.DoesNotContain("unsafe-inline", csp);
        Assert.EndsWith("frame-ancestors 'self'", csp); // no Lms:AllowedOrigins in this fixture: no other site may frame it
        Assert.Equal("nosniff", headers["x-content-type-options"]);
        Assert.False(headers.ContainsKey("x-frame-options"));
    }

    static async Task SubmitAndContinueAsync(IPage page, string feedback)
    {
        await page.TabToAsync(page.Submit());
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.FeedbackHeading()).ToHaveTextAsync(feedback);
        await Expect(page.FeedbackHeading()).ToBeFocusedAsync();
        await page.TabToAsync(page.GetByRole(AriaRole.Button, new() { Name = "Continue" }));
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.FeedbackHeading()).ToHaveCountAsync(0);
    }

    /// <summary>Asks the API as the delegate signed in on this page (the token the player keeps).</summary>
    async Task<JsonElement> ApiAsync(IPage page, string path)
    {
        var token = await page.EvaluateAsync<string>("() => localStorage.getItem('elearning.token')");
        using var http = new HttpClient { BaseAddress = new Uri(browser.BaseUrl) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await http.GetFromJsonAsync<JsonElement>(path);
    }
}
