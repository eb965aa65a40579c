using Microsoft.Extensions.Options;
using System.Text.Json;
using ELearning.Api.Assessment;
using ELearning.Api.Content;
using ELearning.Api.Data;
using ELearning.Api.Identity;
using ELearning.Api.Tracking;
using ELearning.Api.Tracking.Xapi;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ELearning.Api.Lms.Cmi5;

/// <summary>The LMS's launch parameters (cmi5 8.1), as the player found them in its address.</summary>
public sealed record Cmi5LaunchRequest(string? ModuleId, string? Endpoint, string? Fetch, string? Actor, string? Registration, string? ActivityId);

/// <summary>
/// What the player needs to run the launched attempt. SessionId names the launch (for the exit beacon); ExitKey
/// proves the beacon comes from this player (a beacon cannot carry an Authorization header).
/// </summary>
public sealed record Cmi5LaunchStarted(string Token, Guid AttemptId, Guid SessionId, string ExitKey, string LaunchMode, string? ReturnUrl,
    double? MasteryScore = null, string? MoveOn = null, bool Resumed = false);

/// <summary>
/// POST /api/lms/cmi5/launches: fetch the token (8.2), read LMS.LaunchData (10) and the learner's preferences (11),
/// provision the LMS's learner, and begin the attempt with its launch row and the initialized statement in one
/// transaction. Every later statement of the attempt goes to the LMS's LRS (<see cref="LaunchTracking"/>).
/// </summary>
public static class Cmi5Launches
{
    const int MaxUrl = 2000;

    public static async Task<Results<Created<Cmi5LaunchStarted>, ProblemHttpResult, ValidationProblem>> Start(
        Cmi5LaunchRequest request, Catalog catalog, Cmi5Lms lms, LearnerStore learners, AttemptStore attempts, IDbConnectionFactory connections, TransactionWriter writer,
        IOptions<LmsOptions> options, TimeProvider clock, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var endpoint = HttpUrl(request.Endpoint, "endpoint", errors);
        var fetch = HttpUrl(request.Fetch, "fetch", errors);
        var actor = Actor(request.Actor, errors);
        foreach (var (field, url) in new[] { ("endpoint", endpoint), ("fetch", fetch) })
            if (url is not null && !options.Value.AllowsLaunchEndpoint(url))
                errors[field] = [$"{field} is not one of the LMS addresses this service is set up for (Lms:LaunchEndpoints)."];
        if (!Guid.TryParse(request.Registration, out var registration)) errors["registration"] = ["registration must be a UUID (cmi5 8.1.4)."];
        if (string.IsNullOrWhiteSpace(request.ActivityId) || request.ActivityId.Length > MaxUrl || !Uri.TryCreate(request.ActivityId, UriKind.Absolute, out _))
            errors["activityId"] = ["activityId must be an absolute IRI of up to 2000 characters (cmi5 8.1.5)."];
        if (string.IsNullOrWhiteSpace(request.ModuleId)) errors["moduleId"] = ["Say which module was launched."];
        if (errors.Count > 0) return Problems.Invalid(errors, "The launch from your learning system is missing something or is not valid.");
        if (catalog.FindModule(request.ModuleId!) is not { } module) return Problems.NotFound($"There is no module '{request.ModuleId}'.");

        var (token, failure) = await lms.FetchTokenAsync(fetch!, ct);
        if (failure is not null) return Problem(failure);
        var lrs = lms.Lrs(endpoint!, token!);
        var (data, dataFailure) = await Cmi5Lms.LaunchDataAsync(lrs, request.ActivityId!, actor!, registration, ct);
        if (dataFailure is not null) return Problem(dataFailure);
        // Read for completeness (cmi5 11); the player has no language or audio choice to apply it to yet.
        _ = await Cmi5Lms.LearnerPreferencesAsync(lrs, actor!, ct);

        var now = clock.GetUtcNow();
        var learnerToken = Tokens.New();
        var account = actor!.Account!;
        // LaunchData was read with the fetched token, so this endpoint vouched for the launch.
        // The token is bound to the session's attempt once it is known (below): until then it grants nothing.
        var unbound = LmsScope.Cmi5(Guid.Empty);
        var learnerId = await learners.ProvisionExternalAsync(LaunchedLearners.Key("cmi5", endpoint!, $"{account.HomePage}|{account.Name}"),
            LaunchedLearners.Name(actor.Name, account.Name), Tokens.Hash(learnerToken), unbound, now, ct);

        var launchId = Guid.NewGuid();
        var exitKey = Tokens.New();
        var launch = new LmsLaunch(launchId, null, learnerId, LaunchKinds.Cmi5, endpoint!, "Basic " + token, actor, registration, request.ActivityId!,
            data!.ContextTemplate, Cmi5Statements.SessionIdIn(data.ContextTemplate) ?? launchId.ToString("D"), data.LaunchMode, data.MasteryScore,
            data.ReturnUrl, now, now, null, data.MoveOn);

        // Another session of a registration carries on its attempt (cmi5: the registration is the learner's enrolment
        // in the AU; each launch is a session of it). Browse and Review never touch a recorded attempt.
        IReadOnlyList<LmsLaunch> earlier;
        await using (var reading = await connections.OpenAsync(ct))
            earlier = await LaunchStore.EarlierAsync(reading, null, launch);
        var resumed = launch.RecordsResults ? await ResumableAsync(attempts, learnerId, module.Id, earlier, ct) : null;
        var attempt = resumed ?? AttemptRecord.Begin(module, learnerId, now, launchId);
        launch = launch with { AttemptId = attempt.Id };
        async Task BeginSession(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction tx)
        {
            await LaunchStore.InsertAsync(connection, tx, launch, Tokens.Hash(exitKey));
            // The attempt belongs to its newest session: its events name this launch, so nothing looks it up per answer.
            if (resumed is not null) await AttemptStore.BelongToLaunchAsync(connection, tx, attempt.Id, launchId);
            await OutboxStore.AppendAsync(connection, tx, learnerId, [Cmi5Statements.Initialized(launch, now)], now, launchId.ToString("D"));
            foreach (var old in earlier)
            {
                // The LMS abandons a session when it launches the registration again (cmi5 9.3.6): no terminated for it.
                await LaunchStore.AbandonAsync(connection, tx, old.Id, now);
                // What an earlier session could not deliver goes out in this one.
                await LaunchHandover.MoveAsync(connection, tx, old, launch, now);
            }
        }
        if (resumed is null) await attempts.CreateAsync(attempt, BeginSession, ct);
        else await writer.WriteAsync(BeginSession, ct);
        await learners.MoveScopeAsync(Tokens.Hash(learnerToken), unbound, LmsScope.Cmi5(attempt.Id), ct);
        return TypedResults.Created($"/api/attempts/{attempt.Id}",
            new Cmi5LaunchStarted(learnerToken, attempt.Id, launchId, exitKey, launch.LaunchMode, launch.ReturnUrl, launch.MasteryScore, launch.MoveOn,
                resumed is not null));
    }

    /// <summary>
    /// The attempt an earlier Normal session of this registration left: unfinished, to carry on; or passed, to show
    /// again (a new attempt could never report: one passed per registration, no failed after it). After a failed
    /// attempt a new one starts.
    /// </summary>
    static async Task<AttemptRecord?> ResumableAsync(AttemptStore attempts, Guid learnerId, string moduleId, IReadOnlyList<LmsLaunch> earlier, CancellationToken ct)
    {
        var ids = earlier.Where(l => l.RecordsResults && l.AttemptId is not null).Select(l => l.AttemptId!.Value).ToHashSet();
        if (ids.Count == 0) return null;
        var mine = (await attempts.ForLearnerAsync(learnerId, ct)).Where(a => ids.Contains(a.Id) && a.ModuleId == moduleId).ToList();
        return mine.Where(a => a.Status == AttemptStatus.InProgress).OrderByDescending(a => a.UpdatedAt).FirstOrDefault()
            ?? mine.Where(a => a.Passed == true).OrderByDescending(a => a.CompletedAt).FirstOrDefault();
    }

    static ProblemHttpResult Problem(Cmi5Failure f) => TypedResults.Problem(f.Detail, statusCode: f.Status, title: f.Title);

    static Uri? HttpUrl(string? value, string field, Dictionary<string, string[]> errors)
    {
        if (value is { Length: > 0 and <= MaxUrl } && Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https") return uri;
        errors[field] = [$"{field} must be an absolute http(s) URL of up to {MaxUrl} characters (cmi5 8.1)."];
        return null;
    }

    /// <summary>cmi5 8.1.3 / 9.2: an Agent identified by an account (homePage and name).</summary>
    static Agent? Actor(string? json, Dictionary<string, string[]> errors)
    {
        Agent? agent = null;
        if (json is { Length: > 0 and <= 4000 })
            try { agent = JsonSerializer.Deserialize<Agent>(json, XapiJson.Options); } catch (JsonException) { }
        if (agent is { ObjectType: "Agent", Account: { } a, Mbox: null, MboxSha1Sum: null, Openid: null, Member: null }
            && Uri.TryCreate(a.HomePage, UriKind.Absolute, out _) && a.HomePage.Length <= MaxUrl && !string.IsNullOrWhiteSpace(a.Name) && a.Name.Length <= 255
            && agent.Name is null or { Length: <= 255 })
        {
            // The actor's name prints on certificates: the same checks as signing in (TextPolicy).
            if (string.IsNullOrWhiteSpace(agent.Name) || TextPolicy.CheckName(agent.Name, out _) is var problem && problem == TextProblem.None)
                return agent with { ObjectType = "Agent" };
            errors["actor"] = [TextPolicy.Message(problem, "The actor's name")];
            return null;
        }
        errors["actor"] = ["actor must be JSON for an Agent with an account (homePage and name), as cmi5 8.1.3 says."];
        return null;
    }
}
