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
    DateTimeOffset StartedAt, DateTimeOffset LastActivityAt, DateTimeOffset? TerminatedAt)
{
    public bool RecordsResults => LaunchMode == LaunchModes.Normal;

    /// <summary>Tin Can: the registration the LMS gave, if it gave one (Guid.Empty stands for none).</summary>
    public bool HasRegistration => Registration != Guid.Empty;
}
