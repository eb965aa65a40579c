namespace ELearning.Api.Identity;

/// <summary>
/// What an LMS session's token may do (README "Threat model"). An LMS vouches for its learner with something a
/// browser holds (a SCORM package key, a cmi5 launch, a Tin Can launch's LRS credentials), so its token is bounded
/// to recording progress: SCORM and cmi5 on one attempt, Tin Can on the attempts started under its one launch.
/// It is never a signed-in delegate: no certificate, no evidence pack, no workshop, nothing of another attempt.
/// </summary>
public sealed record LmsScope(string Kind, Guid Id)
{
    public const string ScormKind = "scorm";
    public const string Cmi5Kind = "cmi5";
    public const string TinCanKind = "tincan";

    /// <summary>A SCORM session: its attempt (a retry after a failed one moves the scope to the new attempt).</summary>
    public static LmsScope Scorm(Guid attemptId) => new(ScormKind, attemptId);

    /// <summary>A cmi5 session: the attempt of its registration.</summary>
    public static LmsScope Cmi5(Guid attemptId) => new(Cmi5Kind, attemptId);

    /// <summary>A Tin Can launch: the attempts started under it.</summary>
    public static LmsScope TinCan(Guid launchId) => new(TinCanKind, launchId);

    public override string ToString() => $"{Kind}:{Id:D}";

    /// <summary>The stored form back; anything else is no scope at all (and so grants nothing).</summary>
    public static LmsScope? Parse(string? value)
    {
        var parts = value?.Split(':', 2);
        return parts is [var kind and (ScormKind or Cmi5Kind or TinCanKind), var id] && Guid.TryParseExact(id, "D", out var guid) ? new(kind, guid) : null;
    }

    /// <summary>Whether this session may read or move on this attempt (one of its own learner's).</summary>
    public bool MayUse(Guid attemptId, Guid? attemptLaunchId) =>
        Kind == TinCanKind ? attemptLaunchId == TinCanAttemptLaunch(Id, attemptId) : attemptId == Id;

    /// <summary>
    /// The launch of its own that an attempt started under a Tin Can launch belongs to (attempts.launch_id): derived from
    /// the course's launch and the attempt, so a Tin Can session (scoped to the course's launch) knows its attempts
    /// without a lookup, and no other launch's attempt can carry it.
    /// </summary>
    public static Guid TinCanAttemptLaunch(Guid courseLaunchId, Guid attemptId)
    {
        Span<byte> both = stackalloc byte[32];
        courseLaunchId.TryWriteBytes(both[..16]);
        attemptId.TryWriteBytes(both[16..]);
        Span<byte> hash = stackalloc byte[32];
        System.Security.Cryptography.SHA256.HashData(both, hash);
        hash[7] = (byte)((hash[7] & 0x0F) | 0x80); // version 8 (RFC 9562: name-based, application-defined)
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80); // the RFC variant
        return new Guid(hash[..16]);
    }
}
