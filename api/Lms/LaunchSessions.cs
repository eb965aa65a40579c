using ELearning.Api.Identity;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace ELearning.Api.Lms;

public sealed record TerminateRequest(string? ExitKey);

/// <summary>
/// The player's view of its cmi5 session, by beacon or fetch with the exit key returned at launch (navigator.sendBeacon
/// cannot send an Authorization header, so the key proves it):
/// terminate (Exit: ends the session, one terminated), leave (pagehide: perhaps only a reload) and resume (the page
/// is back: the session goes on, or the player is told why it ended).
/// </summary>
public static class LaunchSessions
{
    public static async Task<Results<NoContent, ProblemHttpResult>> Terminate(
        Guid sessionId, TerminateRequest request, LaunchStore launches, LaunchTracking tracking, TimeProvider clock, CancellationToken ct)
    {
        if (await FindAsync(sessionId, request, launches, ct) is not { } launch) return Unknown(sessionId);
        if (!launch.HasEnded) await tracking.TerminateAsync(launch, clock.GetUtcNow(), EndReasons.Exit, CancellationToken.None);
        return TypedResults.NoContent();
    }

    /// <summary>
    /// The page went away. It may be a reload (the player resumes within Lms:CloseGraceSeconds) or the tab closing, in
    /// which case the server ends the session then, with the duration up to now.
    /// </summary>
    public static async Task<Results<NoContent, ProblemHttpResult>> Leave(
        Guid sessionId, TerminateRequest request, LaunchStore launches, TimeProvider clock, CancellationToken ct)
    {
        if (await FindAsync(sessionId, request, launches, ct) is not { } launch) return Unknown(sessionId);
        if (!launch.HasEnded) await launches.LeaveAsync(launch.Id, clock.GetUtcNow(), CancellationToken.None);
        return TypedResults.NoContent();
    }

    /// <summary>The page is back: 204 while the session is open (it is active again), else 409 saying why it ended.</summary>
    public static async Task<Results<NoContent, ProblemHttpResult>> Resume(
        Guid sessionId, TerminateRequest request, LaunchStore launches, IOptionsMonitor<LmsOptions> options, TimeProvider clock, CancellationToken ct)
    {
        if (await FindAsync(sessionId, request, launches, ct) is not { } launch) return Unknown(sessionId);
        if (!launch.HasEnded && await launches.ResumeAsync(launch.Id, clock.GetUtcNow(), ct)) return TypedResults.NoContent();
        var ended = (await launches.FindAsync(launch.Id, ct))!.Value.Launch;
        var problem = SessionEndedText.Problem(ended, options.CurrentValue.IdleTimeoutMinutes);
        return TypedResults.Problem(problem.Detail, statusCode: 409, title: problem.Title, extensions: problem.Extensions);
    }

    // Unknown session or wrong key: the same answer, so the endpoint says nothing about which sessions exist.
    static async Task<LmsLaunch?> FindAsync(Guid sessionId, TerminateRequest request, LaunchStore launches, CancellationToken ct) =>
        string.IsNullOrEmpty(request.ExitKey) || request.ExitKey.Length > 200 || await launches.FindAsync(sessionId, ct) is not { } found
        || found.ExitKeyHash is null || !Tokens.SecretEquals(Tokens.Hash(request.ExitKey), found.ExitKeyHash)
            ? null : found.Launch;

    static ProblemHttpResult Unknown(Guid sessionId) => Problems.NotFound($"There is no session '{sessionId}' with that exit key.");
}
