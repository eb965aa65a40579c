using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using ELearning.Tests.Support;
using Microsoft.Data.Sqlite;

namespace ELearning.Tests.Tracking;

/// <summary>Shared steps of the tracking tests: apps wired to an LRS, module walks, and looks into the outbox.</summary>
public static class TrackingTestKit
{
    /// <summary>Settings for quick delivery in tests: short polls and backoffs, small batches.</summary>
    public static Dictionary<string, string?> LrsSettings(Uri? endpoint, string? databasePath = null) => new()
    {
        ["Lrs:Endpoint"] = endpoint?.AbsoluteUri ?? "",
        ["Lrs:Key"] = "test-key",
        ["Lrs:Secret"] = "test-secret",
        ["Lrs:BatchSize"] = "25",
        ["Lrs:PollInterval"] = "00:00:00.050",
        ["Lrs:InitialBackoff"] = "00:00:00.050",
        ["Lrs:MaxBackoff"] = "00:00:00.500",
        ["Lrs:RequestTimeout"] = "00:00:05",
        ["Lrs:LeaseDuration"] = "00:00:15",
        ["ConnectionStrings:ELearning"] = databasePath is null ? null : $"Data Source={databasePath}",
    };

    public static ELearningApp App(Uri? lrs, string? databasePath = null, Action<Dictionary<string, string?>>? tweak = null)
    {
        var settings = LrsSettings(lrs, databasePath);
        if (databasePath is null) settings.Remove("ConnectionStrings:ELearning");
        tweak?.Invoke(settings);
        return new ELearningApp(settings: settings);
    }

    /// <summary>Starts a confidentiality attempt, gives every answer of the walk and, if asked, completes it.</summary>
    public static async Task<Guid> WalkAsync(DelegateClient learner, (string Case, string Node, object Response)[] walk, bool complete = true)
    {
        var attempt = await learner.StartAsync("confidentiality");
        foreach (var (caseId, nodeId, response) in walk)
            await learner.AnswerOkAsync(attempt.AttemptId, caseId, nodeId, response);
        if (complete)
        {
            var done = await learner.Http.PostAsync($"/api/attempts/{attempt.AttemptId}/complete", null);
            Assert.True(done.IsSuccessStatusCode, await done.Content.ReadAsStringAsync());
        }
        return attempt.AttemptId;
    }

    public static async Task<JsonElement> TrackingReportAsync(HttpClient admin)
    {
        var reply = await admin.GetAsync("/api/admin/tracking");
        Assert.True(reply.IsSuccessStatusCode, $"{(int)reply.StatusCode} {await reply.Content.ReadAsStringAsync()}");
        return await reply.Content.ReadFromJsonAsync<JsonElement>();
    }

    public static Task UntilDrainedAsync(HttpClient admin, TimeSpan deadline) =>
        Eventually.UntilAsync(async () => (await TrackingReportAsync(admin)).GetProperty("pending").GetInt32() == 0, deadline, "the outbox to drain");

    public sealed record OutboxRow(long Seq, string StatementId, string Registration, string Verb, string Statement, string? DeliveredAt, string? RejectedAt, string? Rejection);

    public static async Task<IReadOnlyList<OutboxRow>> OutboxAsync(string databasePath)
    {
        await using var connection = new SqliteConnection($"Data Source={databasePath};Pooling=False");
        await connection.OpenAsync();
        return [.. await connection.QueryAsync<OutboxRow>("""
            SELECT seq AS Seq, statement_id AS StatementId, registration AS Registration, verb AS Verb, statement AS Statement,
                   delivered_at AS DeliveredAt, rejected_at AS RejectedAt, rejection AS Rejection
            FROM xapi_outbox ORDER BY seq
            """)];
    }

    public static string VerbName(string verbIri) => verbIri[(verbIri.LastIndexOf('/') + 1)..];
}
