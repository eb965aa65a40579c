using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using ELearning.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;

namespace ELearning.Tests.Certificates;

/// <summary>Builders for certificate tests: a delegate with full details, walked through every fixture module.</summary>
public static class CertificateWalk
{
    public static readonly string[] OtherModules = ["boundaries", "promotion-accuracy", "discrimination"];

    public static async Task<DelegateClient> RegisterAsync(WebApplicationFactory<Program> app, string name = "Asha Patel",
        string? registrationNumber = "PH123456", string? profession = "Physiotherapist", string? email = "asha.patel@example.nhs.uk")
    {
        var response = await app.CreateClient().PostAsJsonAsync("/api/learners", new { name, registrationNumber, profession, email });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", body.GetProperty("token").GetString());
        return new DelegateClient(client, body.GetProperty("learnerId").GetGuid());
    }

    /// <summary>Passes the confidentiality module on its best path (with its reflection) and the three one-question modules.</summary>
    public static async Task PassAllModulesAsync(DelegateClient learner)
    {
        await PassConfidentialityAsync(learner);
        foreach (var module in OtherModules) await PassOneQuestionModuleAsync(learner, module);
    }

    public static async Task PassConfidentialityAsync(DelegateClient learner)
    {
        var attempt = await learner.StartAsync("confidentiality");
        foreach (var (caseId, nodeId, response) in FixtureWalk.BestConfidentiality)
            await learner.AnswerOkAsync(attempt.AttemptId, caseId, nodeId, response);
        await CompleteAsync(learner, attempt.AttemptId, expectPassed: true);
    }

    public static async Task PassOneQuestionModuleAsync(DelegateClient learner, string module)
    {
        var attempt = await learner.StartAsync(module);
        await learner.AnswerOkAsync(attempt.AttemptId, attempt.CaseId, "q1", new { value = true });
        await learner.AnswerOkAsync(attempt.AttemptId, attempt.CaseId, "end", FixtureWalk.Acknowledge);
        await CompleteAsync(learner, attempt.AttemptId, expectPassed: true);
    }

    public static async Task FailOneQuestionModuleAsync(DelegateClient learner, string module)
    {
        var attempt = await learner.StartAsync(module);
        await learner.AnswerOkAsync(attempt.AttemptId, attempt.CaseId, "q1", new { value = false });
        await learner.AnswerOkAsync(attempt.AttemptId, attempt.CaseId, "end", FixtureWalk.Acknowledge);
        await CompleteAsync(learner, attempt.AttemptId, expectPassed: false);
    }

    static async Task CompleteAsync(DelegateClient learner, Guid attemptId, bool expectPassed)
    {
        var reply = await learner.Http.PostAsync($"/api/attempts/{attemptId}/complete", null);
        Assert.Equal(HttpStatusCode.OK, reply.StatusCode);
        Assert.Equal(expectPassed, (await reply.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("passed").GetBoolean());
    }

    /// <summary>A delegate who has passed everything, and their certificate as the owner sees it.</summary>
    public static async Task<(DelegateClient Learner, JsonElement Certificate)> CertifiedAsync(WebApplicationFactory<Program> app, string name = "Asha Patel",
        string? registrationNumber = "PH123456", string? profession = "Physiotherapist")
    {
        var learner = await RegisterAsync(app, name, registrationNumber, profession);
        await PassAllModulesAsync(learner);
        return (learner, await learner.GetJsonAsync("/api/learners/me/certificate"));
    }

    public static async Task<byte[]> GetBytesAsync(HttpClient http, string url, string mediaType)
    {
        var reply = await http.GetAsync(url);
        Assert.True(reply.IsSuccessStatusCode, $"{url}: {(int)reply.StatusCode} {await reply.Content.ReadAsStringAsync()}");
        Assert.Equal(mediaType, reply.Content.Headers.ContentType?.MediaType);
        return await reply.Content.ReadAsByteArrayAsync();
    }
}

/// <summary>
/// Where rendered PDFs and their PNG pages are kept for a person to look at: artifacts/test-output/ at the
/// repository root (gitignored), or beside the test binaries when the repository root cannot be found.
/// </summary>
public static class TestOutput
{
    public static string Folder(string name)
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "ELearning.sln"))) root = root.Parent;
        var folder = root is null
            ? Path.Combine(AppContext.BaseDirectory, "TestOutput", name)
            : Path.Combine(root.FullName, "artifacts", "test-output", name);
        Directory.CreateDirectory(folder);
        return folder;
    }

    /// <summary>The text poppler's pdftotext reads from the PDF in <paramref name="folder"/>, without bidi control marks.</summary>
    public static string PdfToText(string folder, string name)
    {
        var start = new ProcessStartInfo("pdftotext", ["-enc", "UTF-8", Path.Combine(folder, name + ".pdf"), "-"]) { RedirectStandardOutput = true };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("pdftotext did not start (install poppler-utils).");
        var text = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return new string([.. text.Where(c => c is not ('\u202A' or '\u202B' or '\u202C' or '\u200E' or '\u200F'))]);
    }

    /// <summary>Renders each page to PNG with poppler's pdftoppm; returns the PNG paths.</summary>
    public static IReadOnlyList<string> RenderPngs(byte[] pdf, string folder, string name, int dpi = 80)
    {
        var pdfPath = Path.Combine(folder, name + ".pdf");
        File.WriteAllBytes(pdfPath, pdf);
        foreach (var old in Directory.GetFiles(folder, name + "-*.png")) File.Delete(old);
        var start = new ProcessStartInfo("pdftoppm", ["-png", "-r", dpi.ToString(), pdfPath, Path.Combine(folder, name)])
        {
            RedirectStandardError = true,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("pdftoppm did not start (install poppler-utils: scripts/setup-test-deps.sh).");
        var errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"pdftoppm failed: {errors}");
        return [.. Directory.GetFiles(folder, name + "-*.png").Order()];
    }
}
