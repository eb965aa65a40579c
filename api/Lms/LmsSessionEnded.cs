using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace ELearning.Api.Lms;

/// <summary>
/// An answer or completion for a cmi5 session that has ended: refused, so the delegate is never told something was
/// recorded that the LMS will not get. Thrown inside the attempt's transaction, which it rolls back.
/// </summary>
public sealed class LmsSessionEndedException(LmsLaunch launch) : Exception($"The LMS session {launch.Id} has ended ({launch.EndedReason}).")
{
    public LmsLaunch Launch { get; } = launch;
}

/// <summary>What the delegate is told when their LMS session has ended, by reason; the same words for the player and the API.</summary>
public static class SessionEndedText
{
    public const string Title = "Your session with your learning system has ended";

    public static string Detail(string? reason, double idleMinutes) => reason switch
    {
        EndReasons.Idle => $"Nothing happened in this module for {Minutes(idleMinutes)}, so your session with your learning system was ended. " + CarryOn,
        EndReasons.Abandoned => "This module was opened again from your learning system (perhaps in another window or tab), which ended the session in this one. " +
            "Carry on in the newest window, or open the module again from your learning system.",
        EndReasons.Credentials => "Your learning system no longer accepts this session (it may have timed out there). " + CarryOn,
        EndReasons.Closed => "This module's page was closed, which ended your session with your learning system. " + CarryOn,
        _ => "You have left the module, which ended your session with your learning system. " + CarryOn,
    };

    const string CarryOn = "Your answers so far are saved: open the module again from your learning system to carry on where you left off.";

    static string Minutes(double m) => m >= 1 ? $"{Math.Round(m)} minute{(Math.Round(m) == 1 ? "" : "s")}" : $"{Math.Round(m * 60)} seconds";

    /// <summary>409 with the reason and the LMS's returnURL as extensions (sessionEnded, returnUrl) for the player.</summary>
    public static ProblemDetails Problem(LmsLaunch launch, double idleMinutes)
    {
        var problem = new ProblemDetails { Status = StatusCodes.Status409Conflict, Title = Title, Detail = Detail(launch.EndedReason, idleMinutes) };
        problem.Extensions["sessionEnded"] = launch.EndedReason ?? EndReasons.Exit;
        if (launch.ReturnUrl is not null) problem.Extensions["returnUrl"] = launch.ReturnUrl;
        return problem;
    }
}

public sealed class LmsSessionEndedHandler(IProblemDetailsService problems, Microsoft.Extensions.Options.IOptionsMonitor<LmsOptions> options) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken ct)
    {
        if (exception is not LmsSessionEndedException ended) return false;
        context.Response.StatusCode = StatusCodes.Status409Conflict;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context, ProblemDetails = SessionEndedText.Problem(ended.Launch, options.CurrentValue.IdleTimeoutMinutes), Exception = exception,
        });
    }
}
