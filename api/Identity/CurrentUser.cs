using System.Security.Claims;

namespace ELearning.Api.Identity;

/// <summary>The signed-in caller, as the bearer handler described them.</summary>
public static class CurrentUser
{
    /// <summary>The delegate's learner id; only on routes that require <see cref="Policies.Delegate"/>.</summary>
    public static Guid LearnerId(this ClaimsPrincipal user) => Guid.Parse(user.FindFirstValue(IdentityClaims.LearnerId)!);

    public static Guid? LearnerIdOrNull(this ClaimsPrincipal user) =>
        user.FindFirstValue(IdentityClaims.LearnerId) is { } id && Guid.TryParse(id, out var learnerId) ? learnerId : null;

    /// <summary>Signed in as a delegate; an LMS session is not (it carries a learner id, bounded by its scope).</summary>
    public static bool IsDelegate(this ClaimsPrincipal user) => user.IsInRole(Roles.Delegate);

    /// <summary>An LMS session's scope; null for everyone else.</summary>
    public static LmsScope? LmsScopeOrNull(this ClaimsPrincipal user) => LmsScope.Parse(user.FindFirstValue(IdentityClaims.LmsScope));

    /// <summary>
    /// Whether the caller may read or move on this attempt of theirs: a delegate, any of their own; an LMS session,
    /// only the one(s) its scope names. A learner id claim with an unreadable scope gets nothing.
    /// </summary>
    public static bool MayUseAttempt(this ClaimsPrincipal user, Guid attemptId, Guid? attemptLaunchId) =>
        user.IsDelegate() || user.LmsScopeOrNull()?.MayUse(attemptId, attemptLaunchId) == true;

    public static Guid? FacilitatorIdOrNull(this ClaimsPrincipal user) =>
        user.FindFirstValue(IdentityClaims.FacilitatorId) is { } id && Guid.TryParse(id, out var facilitatorId) ? facilitatorId : null;

    public static bool IsAdministrator(this ClaimsPrincipal user) => user.IsInRole(Roles.Administrator);
}
