using Microsoft.Extensions.Options;
using ELearning.Api.Lms.Cmi5;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using ELearning.Api.Assessment;
using ELearning.Api.Data;
using ELearning.Api.Identity;
using ELearning.Api.Tracking.Xapi;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ELearning.Api.Lms.TinCan;

/// <summary>The LMS's launch parameters (lms_lrs.md: endpoint, auth, actor, registration, activity_id) as the player found them.</summary>
public sealed record TinCanLaunchRequest(string? Endpoint, string? Auth, string? Actor, string? Registration, string? ActivityId);

/// <summary>A token for the LMS's learner and the launch to start attempts under (POST /api/attempts with launchId).</summary>
public sealed record TinCanLaunchStarted(string Token, Guid LaunchId);

/// <summary>
/// POST /api/lms/tincan/launches: the course launched from a Tin Can LMS. The LMS's LRS endpoint and Authorization
/// value stay on the server; attempts started under the launch send their statements there, as the LMS's actor.
/// </summary>
public static class TinCanLaunches
{
    const int MaxUrl = 2000;

    public static async Task<Results<Created<TinCanLaunchStarted>, ProblemHttpResult, ValidationProblem>> Start(
        TinCanLaunchRequest request, LearnerStore learners, TransactionWriter writer, Cmi5Lms lms, IOptions<LmsOptions> options,
        TimeProvider clock, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        Uri? endpoint = null;
        if (request.Endpoint is not { Length: > 0 and <= MaxUrl } || !Uri.TryCreate(request.Endpoint, UriKind.Absolute, out endpoint) || endpoint.Scheme is not ("http" or "https"))
            errors["endpoint"] = [$"endpoint must be the LRS's absolute http(s) URL, up to {MaxUrl} characters."];
        else if (!options.Value.AllowsLaunchEndpoint(endpoint))
            errors["endpoint"] = ["endpoint is not one of the LMS addresses this service is set up for (Lms:LaunchEndpoints)."];
        if (request.Auth is not { Length: > 0 and <= 4000 } || !AuthenticationHeaderValue.TryParse(request.Auth, out _))
            errors["auth"] = ["auth must be the Authorization header value for the LRS, e.g. \"Basic …\"."];
        var actor = Actor(request.Actor);
        if (actor is null) errors["actor"] = ["actor must be JSON for an Agent with one identifier (mbox, mbox_sha1sum, openid or account)."];
        // The actor's name prints on certificates: the same checks as signing in (TextPolicy).
        else if (!string.IsNullOrWhiteSpace(actor.Name) && TextPolicy.CheckName(actor.Name, out _) is not TextProblem.None and var problem)
            errors["actor"] = [TextPolicy.Message(problem, "The actor's name")];
        var registration = Guid.Empty;
        if (!string.IsNullOrEmpty(request.Registration) && !Guid.TryParse(request.Registration, out registration))
            errors["registration"] = ["registration must be a UUID."];
        if (request.ActivityId is { Length: > 0 } a && (a.Length > MaxUrl || !Uri.TryCreate(a, UriKind.Absolute, out _)))
            errors["activityId"] = ["activity_id must be an absolute IRI."];
        if (errors.Count > 0) return Problems.Invalid(errors, "The launch from your learning system is missing something or is not valid.");

        // The launch names an LRS and credentials for it; only if that LRS accepts them is the actor believed.
        // One answer for every way the check can fail (blocked, refused, closed, timed out, an error status), so a
        // launch cannot be used to tell an open port from a closed one. Only a refusal of the credentials differs.
        var unreachable = TypedResults.Problem("Your learning system's LRS could not be reached or could not check this launch, so the course cannot record " +
            "your progress. Try again, or ask your learning team.", statusCode: 502, title: "The LRS could not be reached");
        HttpStatusCode answer;
        try { answer = await lms.Lrs(endpoint!, AuthenticationHeaderValue.Parse(request.Auth!)).ProbeAsync(ct); }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested) { return unreachable; }
        if (answer is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
            return TypedResults.Problem("Your learning system's LRS refused the credentials this launch gave. Reopen the course from your learning system.",
                statusCode: 401, title: "Launch not accepted");
        if ((int)answer >= 400) return unreachable;

        var now = clock.GetUtcNow();
        var token = Tokens.New();
        var launchId = Guid.NewGuid();
        // The LRS's credentials vouch for the launch, not for the actor the browser names: the token records progress
        // on attempts started under this launch only (LmsScope), never a certificate or another launch's attempts.
        var learnerId = await learners.ProvisionExternalAsync(LaunchedLearners.Key("tincan", endpoint!, Identifier(actor!)),
            LaunchedLearners.Name(actor!.Name, "Learner"), Tokens.Hash(token), LmsScope.TinCan(launchId), now, ct);
        var launch = new LmsLaunch(launchId, null, learnerId, LaunchKinds.TinCan, endpoint!, request.Auth!, actor, registration, request.ActivityId ?? "",
            null, launchId.ToString("D"), LaunchModes.Normal, null, null, now, now, null);
        await writer.WriteAsync(async (connection, tx) =>
        {
            await LaunchStore.InsertAsync(connection, tx, launch, null);
            // Statements an earlier launch of this learner could not deliver (the LMS's LRS refused its credentials) go with these.
            foreach (var earlier in await LaunchStore.EarlierAsync(connection, tx, launch))
                if (earlier.CredentialsRefusedAt is not null) await LaunchHandover.MoveAsync(connection, tx, earlier, launch, now);
        }, ct);
        return TypedResults.Created($"/api/lms/tincan/launches/{launchId}", new TinCanLaunchStarted(token, launchId));
    }

    static string Identifier(Agent a) => a.Mbox ?? a.MboxSha1Sum ?? a.Openid ?? $"{a.Account!.HomePage}|{a.Account.Name}";

    /// <summary>An Agent with exactly one identifier (D 2.4.2). Older LMSs send Tin Can 0.9's arrays ("name": ["…"]): the first is taken.</summary>
    static Agent? Actor(string? json)
    {
        if (json is not { Length: > 0 and <= 4000 }) return null;
        try
        {
            if (JsonNode.Parse(json) is not JsonObject node) return null;
            foreach (var key in new[] { "name", "mbox", "mbox_sha1sum", "openid", "account" })
                if (node[key] is JsonArray { Count: > 0 } list) node[key] = list[0]!.DeepClone();
            if (node["account"] is JsonObject account && account["accountServiceHomePage"] is { } home)
            {
                // Tin Can 0.9 names: accountServiceHomePage and accountName.
                account["homePage"] ??= home.DeepClone();
                account["name"] ??= account["accountName"]?.DeepClone();
                account.Remove("accountServiceHomePage");
                account.Remove("accountName");
            }
            var agent = node.Deserialize<Agent>(XapiJson.Options);
            if (agent is null || agent.ObjectType != "Agent" || agent.Member is not null) return null;
            var ids = new object?[] { agent.Mbox, agent.MboxSha1Sum, agent.Openid, agent.Account }.Count(x => x is not null);
            if (ids != 1) return null;
            if (agent.Mbox is { } m && !m.StartsWith("mailto:", StringComparison.Ordinal)) return null;
            if (agent.Account is { } acc && (string.IsNullOrWhiteSpace(acc.Name) || !Uri.TryCreate(acc.HomePage, UriKind.Absolute, out _))) return null;
            return agent;
        }
        catch (JsonException) { return null; }
    }
}
