using System.Net.Http.Json;
using System.Text.Json;
using ELearning.Tests.Certificates;

namespace ELearning.Tests.Data;

/// <summary>
/// The API as its own process under another culture (LANG/LC_ALL: de-DE writes 0,75 and 02.12.2026; ar-SA the Umm
/// al-Qura calendar): ids, times and scores go in and out of the database in one invariant form, so a delegate's
/// result, the certificate's date and the statements read the same as under any other culture.
/// </summary>
public sealed class CultureTests
{
    [Theory]
    [InlineData("de_DE.UTF-8")]
    [InlineData("ar_SA.UTF-8")]
    public async Task Under_another_culture_a_module_walk_keeps_its_times_and_scores(string locale)
    {
        await using var api = await ApiProcess.StartAsync(new Dictionary<string, string?> { ["LANG"] = locale, ["LC_ALL"] = locale });
        var asha = await api.SignInAsync("Asha Patel");
        var started = DateTimeOffset.UtcNow;

        var attempt = await asha.StartAsync("confidentiality");
        foreach (var (caseId, nodeId, response) in ELearning.Tests.Support.FixtureWalk.PoorConfidentiality)
            await asha.AnswerOkAsync(attempt.AttemptId, caseId, nodeId, response);
        var result = await (await asha.Http.PostAsync($"/api/attempts/{attempt.AttemptId}/complete", null)).Content.ReadFromJsonAsync<JsonElement>();
        var progress = await asha.GetJsonAsync($"/api/attempts/{attempt.AttemptId}");
        var summary = await api.AdminClient().GetFromJsonAsync<JsonElement>("/api/admin/summary");

        Assert.Equal(0.25, result.GetProperty("scaled").GetDouble());
        Assert.False(result.GetProperty("passed").GetBoolean());
        var startedAt = progress.GetProperty("startedAt").GetDateTimeOffset();
        Assert.InRange(startedAt, started.AddMinutes(-1), DateTimeOffset.UtcNow.AddMinutes(1));
        Assert.Equal(0.25, summary.GetProperty("modules").EnumerateArray().First(m => m.GetProperty("moduleId").GetString() == "confidentiality")
            .GetProperty("averageScaled").GetDouble());
    }
}
