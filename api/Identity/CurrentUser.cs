using System.Security.Claims;

namespace ELearning.Api.Identity;

/// <summary>The signed-in caller, as the bearer handler described them.</summary>
public static class CurrentUser
{
    /// <summary>The delegate's learner id; only on routes that require <see cref="Policies.Delegate"/>.</summary>
    public static Guid LearnerId(this ClaimsPrincipal user) => Guid.Parse(user.FindFirstValue(IdentityClaims.LearnerId)!);

    public static Guid? LearnerIdOrNull(this ClaimsPrincipal user) =>
        user.FindFirstValue(IdentityClaims.LearnerId) is { } id && Guid.TryParse(id, out var learnerId) ? learnerId : null;

    public static bool IsDelegate(this ClaimsPrincipal user) => user.HasClaim(c => c.Type == IdentityClaims.LearnerId);

    public static Guid? FacilitatorIdOrNull(this ClaimsPrincipal user) =>
        user.FindFirstValue(IdentityClaims.FacilitatorId) is { } id && Guid.TryParse(id, out var facilitatorId) ? facilitatorId : null;

    public static bool IsAdministrator(this ClaimsPrincipal user) => user.IsInRole(Roles.Administrator);
}
