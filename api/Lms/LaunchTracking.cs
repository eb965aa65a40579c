using System.Data.Common;
using System.Net.Http.Headers;
using ELearning.Api.Assessment;
using ELearning.Api.Content;
using ELearning.Api.Data;
using ELearning.Api.Identity;
using ELearning.Api.Lms.Cmi5;
using ELearning.Api.Lms.TinCan;
using ELearning.Api.Tracking;
using ELearning.Api.Tracking.Xapi;
using Microsoft.Extensions.Options;

namespace ELearning.Api.Lms;

/// <summary>
/// Statements of LMS-launched attempts: built by <see cref="Cmi5Statements"/> (cmi5) or the profile's as the
/// launch's actor (<see cref="TinCanStatements"/>), written to the outbox in the
/// attempt's transaction with the launch as destination, so they reach the LMS's LRS with its token.
/// Each answer also marks the session active (for the idle timeout).
/// </summary>
public sealed class LaunchTracking(LaunchStore launches, IHttpClientFactory httpClients,
    IOptionsMonitor<LrsOptions> lrs, AttemptStore attempts, Catalog catalog, ProfileSettings settings, IHttpContextAccessor http, TimeProvider clock,
    ILogger<LaunchTracking> log, TransactionWriter writes)
    : IAttemptLaunches, IOutboxDestinations, ILaunchGate, ILaunchRules
{
    public const string HttpClientName = "lms-lrs";

    // The profile's per-case and module statements would repeat cmi5 verbs (completed, initialized) in the session (cmi5 9.3).
    static readonly HashSet<string> Allowed = [Verbs.Answered.Id, Verbs.Experienced.Id];

    /// <summary>
    /// Only the delegate a Tin Can launch was made for may start attempts under it. Each attempt gets a launch of its own
    /// (a copy of the course's, made in <see cref="BindAttemptAsync"/>): its id is chosen here, so the attempt carries it.
    /// </summary>
    public async Task<Guid?> LaunchOfNewAttemptAsync(Guid launchId, Guid learnerId, Guid attemptId, CancellationToken ct) =>
        await launches.FindAsync(launchId, ct) is { Launch: { Kind: LaunchKinds.TinCan, AttemptId: null } l } && l.LearnerId == learnerId
            ? LmsScope.TinCanAttemptLaunch(launchId, attemptId) : null;

    public Task BindAttemptAsync(DbConnection connection, DbTransaction tx, Guid attemptId, Guid startedUnder, Guid launchId, DateTimeOffset at) =>
        LaunchStore.BindTinCanAsync(connection, tx, startedUnder, launchId, attemptId, at);

    // The launch is read once, by its id (the attempt's attempts.launch_id, on the event), in the attempt's transaction.
    public async Task<bool> RecordAsync(DbConnection connection, DbTransaction tx, Guid launchId, Guid learnerId, IReadOnlyList<Statement> profileStatements, DateTimeOffset at) =>
        await LaunchStore.FindAsync(connection, tx, launchId) is { } launch
        && await RecordAsync(connection, tx, launch, learnerId, profileStatements, at);

    async Task<bool> RecordAsync(DbConnection connection, DbTransaction tx, LmsLaunch launch, Guid learnerId, IReadOnlyList<Statement> profileStatements, DateTimeOffset at)
    {
        if (launch.Kind == LaunchKinds.TinCan)
        {
            var destination = await TinCanDestinationAsync(connection, tx, launch);
            await OutboxStore.AppendAsync(connection, tx, learnerId, profileStatements.Select(s => TinCanStatements.AsLaunched(launch, s)), at, destination.Id.ToString("D"));
            return true;
        }
        // Nothing after terminated (cmi5 9.3.8), and nothing the delegate is told was recorded that the LMS never gets:
        // the answer is refused (and rolled back) and the player says why.
        await EnsureOpenAsync(connection, tx, launch);
        await OutboxStore.AppendAsync(connection, tx, learnerId,
            profileStatements.Where(s => Allowed.Contains(s.Verb.Id)).Select(s => Cmi5Statements.Allowed(launch, s)), at, launch.Id.ToString("D"));
        await LaunchStore.TouchAsync(connection, tx, launch.Id, at);
        return true;
    }

    /// <summary>
    /// The header the player sends from a cmi5 tab: the session that tab belongs to. Two tabs can hold the same attempt
    /// (the registration opened again); the older tab's session has ended, and its answers must say so, not slip into
    /// the newer session.
    /// </summary>
    public const string SessionHeader = "X-Lms-Session";

    async Task EnsureOpenAsync(DbConnection connection, DbTransaction tx, LmsLaunch launch)
    {
        if (http.HttpContext?.Request.Headers[SessionHeader].ToString() is { Length: > 0 } header && Guid.TryParse(header, out var own) && own != launch.Id
            && await LaunchStore.FindAsync(connection, tx, own) is { } tabs && tabs.AttemptId == launch.AttemptId)
            launch = tabs;
        if (launch.HasEnded) throw new LmsSessionEndedException(launch);
    }

    /// <summary>A Tin Can attempt reports with the newest credentials the LMS gave this learner at this LRS, once its own were refused.</summary>
    static async Task<LmsLaunch> TinCanDestinationAsync(DbConnection connection, DbTransaction tx, LmsLaunch launch) =>
        launch.CredentialsRefusedAt is null ? launch
            : (await LaunchStore.EarlierAsync(connection, tx, launch)).FirstOrDefault(l => l.StartedAt > launch.StartedAt && l.CredentialsRefusedAt is null) ?? launch;

    public async Task<bool> CompletedAsync(DbConnection connection, DbTransaction tx, Guid launchId, Guid attemptId, Guid learnerId, ModuleResult result,
        IReadOnlyList<Statement> profileStatements, DateTimeOffset at)
    {
        if (await LaunchStore.FindAsync(connection, tx, launchId) is not { } launch) return false;
        if (launch.Kind == LaunchKinds.TinCan)
        {
            await RecordAsync(connection, tx, launch, learnerId, [.. profileStatements, .. await TinCanCourseAsync(launch, attemptId, learnerId, result, at)], at);
            return true;
        }
        await EnsureOpenAsync(connection, tx, launch);
        var sent = await LaunchStore.VerbsSentAsync(connection, tx, launch);
        await OutboxStore.AppendAsync(connection, tx, learnerId,
            Cmi5Statements.Result(launch, result.Scaled, result.Raw, result.Max, result.Passed, sent, at, at - launch.StartedAt), at, launch.Id.ToString("D"));
        await LaunchStore.TouchAsync(connection, tx, launch.Id, at);
        return true;
    }

    /// <summary>
    /// The course is the Tin Can package's launched activity (tincan.xml): when this completion leaves every module
    /// passed, the course is completed and passed, so a Tin Can LMS that looks for completion of what it launched sees it.
    /// </summary>
    async Task<IReadOnlyList<Statement>> TinCanCourseAsync(LmsLaunch launch, Guid attemptId, Guid learnerId, ModuleResult result, DateTimeOffset at)
    {
        if (!result.Passed) return [];
        // Read outside the transaction (WAL: readers never wait); this attempt's completion is the one being written.
        var mine = await attempts.ForLearnerAsync(learnerId, CancellationToken.None);
        if (mine.FirstOrDefault(a => a.Id == attemptId) is not { } attempt) return [];
        var passedOthers = mine.Where(a => a.Id != attemptId && a.Status == AttemptStatus.Completed && a.Passed == true).Select(a => a.ModuleId).ToHashSet();
        if (passedOthers.Contains(attempt.ModuleId)) return []; // the course was already complete, or this module already counted
        passedOthers.Add(attempt.ModuleId);
        if (!catalog.Modules.All(m => passedOthers.Contains(m.Id))) return [];
        var actor = launch.Actor;
        var registration = launch.HasRegistration ? launch.Registration : attemptId;
        // The object is what the LMS launched: the activity_id it passed (read from tincan.xml), else the course's id.
        return [.. StatementProfile.CourseCompleted(settings, registration, actor, at, at - launch.StartedAt)
            .Select(st => launch.ActivityId is { Length: > 0 } launched ? st with { Target = st.Target with { Id = launched } } : st)];
    }

    public async Task<LaunchRules?> RulesAsync(Guid launchId, CancellationToken ct) =>
        await launches.FindAsync(launchId, ct) is { Launch: { Kind: LaunchKinds.Cmi5 } launch }
            ? new LaunchRules(launch.MasteryScore, launch.RecordsResults, launch.MoveOn)
            : null;

    /// <summary>
    /// Ends a session once, for <paramref name="reason"/>: exit, closed and idle send the terminated statement (cmi5
    /// 9.3.8) with the duration up to <paramref name="until"/> (now on exit; when the page went away, or the last
    /// activity, when the server ends it). False if it had already ended.
    /// </summary>
    public async Task<bool> TerminateAsync(LmsLaunch launch, DateTimeOffset until, string reason, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var ended = await writes.WriteAsync(async (connection, tx) =>
        {
            if (!await LaunchStore.EndAsync(connection, tx, launch.Id, now, reason)) return false;
            if (EndReasons.SendsTerminated(reason))
                await OutboxStore.AppendAsync(connection, tx, launch.LearnerId, [Cmi5Statements.Terminated(launch, now, until - launch.StartedAt)], now, launch.Id.ToString("D"));
            return true;
        }, ct);
        if (!ended) return false;
        log.LogInformation("Launch {LaunchId} ended: {Reason}", launch.Id, reason);
        return true;
    }

    public async Task CredentialsRefusedAsync(string destination, string reason, CancellationToken ct)
    {
        if (!Guid.TryParse(destination, out var id)) return;
        var now = clock.GetUtcNow();
        var moved = await writes.WriteAsync(async (connection, tx) =>
        {
            if (await LaunchStore.FindAsync(connection, tx, id) is not { } launch) return (Found: false, Next: (LmsLaunch?)null);
            await LaunchStore.RefuseCredentialsAsync(connection, tx, id, now);
            // The token lasts the session (cmi5 8.2.1): the LMS has ended it. The player is told on its next call.
            if (launch.Kind == LaunchKinds.Cmi5) await LaunchStore.EndAsync(connection, tx, id, now, EndReasons.Credentials);
            var next = (await LaunchStore.EarlierAsync(connection, tx, launch))
                .FirstOrDefault(l => l.StartedAt > launch.StartedAt && l.CredentialsRefusedAt is null && !(l.Kind == LaunchKinds.Cmi5 && l.HasEnded));
            if (next is not null) await LaunchHandover.MoveAsync(connection, tx, launch, next, now);
            else await LaunchHandover.ParkAsync(connection, tx, launch,
                $"The LMS's LRS refused this launch's credentials ({Truncate(reason, 200)}); kept for the delegate's next launch " +
                (launch.Kind == LaunchKinds.Cmi5 ? $"in registration {launch.Registration}." : "from that LMS."), now);
            return (Found: true, Next: next);
        }, ct);
        if (!moved.Found) return;
        var next = moved.Next;
        log.LogWarning("Launch {LaunchId}: the LMS's LRS refused its credentials; statements {Outcome}", id, next is null ? "kept as undeliverable" : $"moved to launch {next.Id}");
    }

    static string Truncate(string text, int length) => text.Length <= length ? text : text[..length] + "…";

    public async Task<LrsClient?> ClientAsync(string destination, CancellationToken ct)
    {
        if (!Guid.TryParse(destination, out var id) || await launches.FindAsync(id, ct) is not { } found) return null;
        var http = httpClients.CreateClient(HttpClientName);
        LrsClient.Configure(http, found.Launch.Endpoint, AuthenticationHeaderValue.Parse(found.Launch.Authorization), lrs.CurrentValue.RequestTimeout);
        return new LrsClient(http);
    }
}
