using ELearning.Api.Tracking.Xapi;

namespace ELearning.Api.Lms;

public static class LaunchKinds
{
    public const string Cmi5 = "cmi5";
    public const string TinCan = "tincan";
}

public static class LaunchedLearners
{
    /// <summary>
    /// The LRS an LMS launched from is part of who the learner is: the same actor at another LRS is another
    /// learner. So a launch can only reach a learner's attempts with credentials that learner's LRS accepts.
    /// </summary>
    public static string Key(string kind, Uri endpoint, string actorIdentifier) =>
        $"{kind}:{endpoint.GetLeftPart(UriPartial.Path).TrimEnd('/').ToLowerInvariant()}|{actorIdentifier}";

    /// <summary>The name a launched learner is first recorded with: the actor's (checked by TextPolicy before), else the fallback.</summary>
    public static string Name(string? actorName, string fallback) =>
        TextPolicy.CheckName(actorName, out var name) == TextProblem.None ? name
        : TextPolicy.CheckName(fallback, out var other) == TextProblem.None ? other : "Learner";
}

/// <summary>Why a session ended (lms_launches.ended_reason). Only Exit, Closed and Idle send a terminated statement.</summary>
public static class EndReasons
{
    public const string Exit = "exit";
    public const string Closed = "closed";
    public const string Idle = "idle";
    /// <summary>The LMS launched the same registration again, which abandons this session (cmi5 9.3.6).</summary>
    public const string Abandoned = "abandoned";
    /// <summary>The LMS's LRS refused the session's token (cmi5 8.2.1: it lasts the session): the LMS has ended it.</summary>
    public const string Credentials = "credentials";

    public static bool SendsTerminated(string reason) => reason is Exit or Closed or Idle;
}

/// <summary>cmi5 10.0 launchMode: only Normal records a result (completed, passed, failed).</summary>
public static class LaunchModes
{
    public const string Normal = "Normal";
    public const string Browse = "Browse";
    public const string Review = "Review";

    public static bool IsKnown(string? mode) => mode is Normal or Browse or Review;
}

/// <summary>
/// An LMS launch of one attempt. <see cref="Authorization"/> is the value of the Authorization header for the
/// LMS's LRS (cmi5: "Basic " + the fetched token): server-side only. <see cref="SessionId"/> is the cmi5 session id
/// on every statement: the LMS's own (contextTemplate's sessionid extension, cmi5 9.6.3.1) or, if it gave none, ours.
/// </summary>
public sealed record LmsLaunch(
    Guid Id, Guid? AttemptId, Guid LearnerId, string Kind, Uri Endpoint, string Authorization, Agent Actor, Guid Registration, string ActivityId,
    string? ContextTemplate, string SessionId, string LaunchMode, double? MasteryScore, string? ReturnUrl,
    DateTimeOffset StartedAt, DateTimeOffset LastActivityAt, DateTimeOffset? TerminatedAt,
    string? MoveOn = null, string? EndedReason = null, DateTimeOffset? LeftAt = null, DateTimeOffset? CredentialsRefusedAt = null)
{
    public bool RecordsResults => LaunchMode == LaunchModes.Normal;

    /// <summary>A session that has ended, for whatever reason (<see cref="EndReasons"/>), takes no more statements.</summary>
    public bool HasEnded => TerminatedAt is not null;

    /// <summary>Tin Can: the registration the LMS gave, if it gave one (Guid.Empty stands for none).</summary>
    public bool HasRegistration => Registration != Guid.Empty;
}
