using ELearning.Api.Identity;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ELearning.Api.Lms;

public sealed record TerminateRequest(string? ExitKey);

/// <summary>
/// POST /api/lms/sessions/{id}/terminate: the player's exit (and pagehide) beacon. navigator.sendBeacon cannot send an
/// Authorization header, so the exit key returned at launch proves it. Idempotent: one terminated per session.
/// </summary>
public static class LaunchSessions
{
    public static async Task<Results<NoContent, ProblemHttpResult>> Terminate(
        Guid sessionId, TerminateRequest request, LaunchStore launches, LaunchTracking tracking, TimeProvider clock, CancellationToken ct)
    {
        // Unknown session or wrong key: the same answer, so the endpoint says nothing about which sessions exist.
        if (string.IsNullOrEmpty(request.ExitKey) || request.ExitKey.Length > 200 || await launches.FindAsync(sessionId, ct) is not { } found
            || found.ExitKeyHash is null || !Tokens.SecretEquals(Tokens.Hash(request.ExitKey), found.ExitKeyHash))
            return Problems.NotFound($"There is no session '{sessionId}' with that exit key.");
        if (found.Launch.TerminatedAt is null)
            await tracking.TerminateAsync(found.Launch, clock.GetUtcNow(), CancellationToken.None);
        return TypedResults.NoContent();
    }
}
