using System.Text.Json;
using System.Text.Json.Nodes;
using ELearning.Api.Identity;

namespace ELearning.Api.Tracking;

public sealed record StatementData(Guid StatementId, Guid Registration, string Verb, DateTimeOffset CreatedAt, DateTimeOffset? DeliveredAt,
    DateTimeOffset? RejectedAt, JsonElement Statement);

/// <summary>
/// Tracking's part in a delegate's data rights: the xAPI statements about them in the outbox (delivered or not).
/// Erasure anonymises them (<see cref="StatementErasure"/>); copies already in an LRS are the LRS operator's to erase
/// (README, "Personal data and the LRS").
/// </summary>
public sealed class TrackingLearnerData(OutboxStore outbox, ProfileSettings profile) : ILearnerDataHolder
{
    public string Section => "statements";

    public async Task<object> ExportAsync(Guid learnerId, CancellationToken ct) =>
        (await outbox.StatementsForLearnerAsync(learnerId, ct))
            .Select(s => new StatementData(s.StatementId, s.Registration, s.Verb, s.CreatedAt, s.DeliveredAt, s.RejectedAt, JsonDocument.Parse(s.Json).RootElement))
            .ToList();

    public Task EraseAsync(Guid learnerId, DateTimeOffset now, CancellationToken ct)
    {
        var erasedId = Guid.NewGuid();
        return outbox.AnonymiseLearnerAsync(learnerId, erasedId, json => StatementErasure.Anonymise(json, profile.HomePage, erasedId), ct);
    }
}

/// <summary>What is left of a statement once the delegate it is about is erased: the same activity, by nobody in particular.</summary>
public static class StatementErasure
{
    /// <summary>
    /// The actor becomes an account no one holds (<paramref name="erasedId"/>, new for each erasure); the free text
    /// they wrote (result.response) and any instructor or team named in the context are removed.
    /// </summary>
    public static string Anonymise(string statementJson, string homePage, Guid erasedId)
    {
        if (JsonNode.Parse(statementJson) is not JsonObject statement) return statementJson;
        statement["actor"] = new JsonObject
        {
            ["objectType"] = "Agent",
            ["account"] = new JsonObject { ["homePage"] = homePage, ["name"] = $"erased-{erasedId:D}" },
        };
        (statement["result"] as JsonObject)?.Remove("response");
        if (statement["context"] is JsonObject context)
        {
            context.Remove("instructor");
            context.Remove("team");
        }
        statement.Remove("authority");
        return statement.ToJsonString();
    }
}
