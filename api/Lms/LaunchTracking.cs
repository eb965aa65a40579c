using System.Data.Common;
using System.Net.Http.Headers;
using ELearning.Api.Assessment;
using ELearning.Api.Data;
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
public sealed class LaunchTracking(IDbConnectionFactory connections, LaunchStore launches, IHttpClientFactory httpClients,
    IOptionsMonitor<LrsOptions> lrs, TimeProvider clock, ILogger<LaunchTracking> log) : IAttemptLaunches, IOutboxDestinations, ILaunchGate
{
    public const string HttpClientName = "lms-lrs";

    // The profile's per-case and module statements would repeat cmi5 verbs (completed, initialized) in the session (cmi5 9.3).
    static readonly HashSet<string> Allowed = [Verbs.Answered.Id, Verbs.Experienced.Id];

    /// <summary>Only the delegate a Tin Can launch was made for may start attempts under it.</summary>
    public async Task<bool> MayStartUnderAsync(Guid launchId, Guid learnerId, CancellationToken ct) =>
        await launches.FindAsync(launchId, ct) is { Launch: { Kind: LaunchKinds.TinCan, AttemptId: null } l } && l.LearnerId == learnerId;

    public Task BindAttemptAsync(DbConnection connection, DbTransaction tx, Guid attemptId, Guid launchId, DateTimeOffset at) =>
        LaunchStore.BindTinCanAsync(connection, tx, launchId, Guid.NewGuid(), attemptId, at);

    public async Task<bool> RecordAsync(DbConnection connection, DbTransaction tx, Guid attemptId, Guid learnerId, IReadOnlyList<Statement> profileStatements, DateTimeOffset at) =>
        await LaunchStore.ForAttemptAsync(connection, tx, attemptId) is { } launch
        && await RecordAsync(connection, tx, launch, learnerId, profileStatements, at);

    static async Task<bool> RecordAsync(DbConnection connection, DbTransaction tx, LmsLaunch launch, Guid learnerId, IReadOnlyList<Statement> profileStatements, DateTimeOffset at)
    {
        if (launch.Kind == LaunchKinds.TinCan)
        {
            await OutboxStore.AppendAsync(connection, tx, learnerId, profileStatements.Select(s => TinCanStatements.AsLaunched(launch, s)), at, launch.Id.ToString("D"));
            return true;
        }
        if (launch.TerminatedAt is not null) return true; // nothing after terminated (cmi5 9.3.8)
        await OutboxStore.AppendAsync(connection, tx, learnerId,
            profileStatements.Where(s => Allowed.Contains(s.Verb.Id)).Select(s => Cmi5Statements.Allowed(launch, s)), at, launch.Id.ToString("D"));
        await LaunchStore.TouchAsync(connection, tx, launch.Id, at);
        return true;
    }

    public async Task<bool> CompletedAsync(DbConnection connection, DbTransaction tx, Guid attemptId, Guid learnerId, ModuleResult result,
        IReadOnlyList<Statement> profileStatements, DateTimeOffset at)
    {
        if (await LaunchStore.ForAttemptAsync(connection, tx, attemptId) is not { } launch) return false;
        if (launch.Kind == LaunchKinds.TinCan) return await RecordAsync(connection, tx, launch, learnerId, profileStatements, at);
        if (launch.TerminatedAt is not null) return true;
        var sent = await LaunchStore.VerbsSentAsync(connection, tx, launch);
        await OutboxStore.AppendAsync(connection, tx, learnerId,
            Cmi5Statements.Result(launch, result.Scaled, result.Raw, result.Max, result.Passed, sent, at, at - launch.StartedAt), at, launch.Id.ToString("D"));
        await LaunchStore.TouchAsync(connection, tx, launch.Id, at);
        return true;
    }

    /// <summary>
    /// Ends a session once: the terminated statement (cmi5 9.3.8) with the duration up to <paramref name="until"/>
    /// (now when the player exits; the last activity when the server ends an idle one). False if it had already ended.
    /// </summary>
    public async Task<bool> TerminateAsync(LmsLaunch launch, DateTimeOffset until, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var connection = await connections.OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        if (!await LaunchStore.TerminateAsync(connection, tx, launch.Id, now)) return false;
        await OutboxStore.AppendAsync(connection, tx, launch.LearnerId, [Cmi5Statements.Terminated(launch, now, until - launch.StartedAt)], now, launch.Id.ToString("D"));
        await tx.CommitAsync(ct);
        log.LogInformation("Launch {LaunchId} terminated", launch.Id);
        return true;
    }

    public async Task<LrsClient?> ClientAsync(string destination, CancellationToken ct)
    {
        if (!Guid.TryParse(destination, out var id) || await launches.FindAsync(id, ct) is not { } found) return null;
        var http = httpClients.CreateClient(HttpClientName);
        LrsClient.Configure(http, found.Launch.Endpoint, AuthenticationHeaderValue.Parse(found.Launch.Authorization), lrs.CurrentValue.RequestTimeout);
        return new LrsClient(http);
    }
}
