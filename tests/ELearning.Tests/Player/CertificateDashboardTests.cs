using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using ELearning.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ELearning.Tests.Player;

/// <summary>A registrant who has passed every module collects their certificate and CPD evidence from the dashboard.</summary>
[Collection("Browser")]
public sealed class CertificateDashboardTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task After_passing_every_module_the_dashboard_offers_the_certificate_and_evidence_pack_to_download()
    {
        var page = await browser.NewPageAsync();
        await page.SignInAsync("Siobhán O'Neill");
        await Expect(page.Locator("#certificate")).ToHaveCountAsync(0);
        await PassEveryModuleAsync(await page.EvaluateAsync<string>("() => localStorage.getItem('elearning.token')"));

        await page.ReloadAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Your certificate" })).ToBeVisibleAsync();
        await Expect(page.Locator("#verify-link")).ToHaveAttributeAsync("href", new System.Text.RegularExpressions.Regex("/verify/[A-Za-z0-9_-]{24}$"));
        var pdf = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Download your certificate (PDF)" }).ClickAsync());
        var evidence = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Download your CPD evidence pack (ZIP)" }).ClickAsync());
        Assert.Matches("^certificate-[A-Za-z0-9_-]{24}\\.pdf$", pdf.SuggestedFilename);
        Assert.Equal("%PDF", System.Text.Encoding.ASCII.GetString(await File.ReadAllBytesAsync((await pdf.PathAsync())!), 0, 4));
        Assert.Equal("cpd-evidence.zip", evidence.SuggestedFilename);
        Assert.Equal("PK", System.Text.Encoding.ASCII.GetString(await File.ReadAllBytesAsync((await evidence.PathAsync())!), 0, 2));
        Assert.Empty(await Axe.RunAsync(page));
    }

    async Task PassEveryModuleAsync(string token)
    {
        using var http = new HttpClient { BaseAddress = new Uri(browser.BaseUrl) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var delegate_ = new DelegateClient(http, Guid.Empty);
        var confidentiality = await delegate_.StartAsync("confidentiality");
        foreach (var (caseId, nodeId, response) in FixtureWalk.BestConfidentiality)
            await delegate_.AnswerOkAsync(confidentiality.AttemptId, caseId, nodeId, response);
        Assert.True((await http.PostAsync($"api/attempts/{confidentiality.AttemptId}/complete", null)).IsSuccessStatusCode);
        foreach (var module in new[] { "boundaries", "promotion-accuracy", "discrimination" })
        {
            var attempt = await delegate_.StartAsync(module);
            await delegate_.AnswerOkAsync(attempt.AttemptId, attempt.CaseId, "q1", new { value = true });
            await delegate_.AnswerOkAsync(attempt.AttemptId, attempt.CaseId, "end", new { });
            var result = await (await http.PostAsync($"api/attempts/{attempt.AttemptId}/complete", null)).Content.ReadFromJsonAsync<JsonElement>();
            Assert.True(result.GetProperty("passed").GetBoolean());
        }
    }
}
