using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ELearning.Api.Identity;

/// <summary>What the privacy page says about keeping data: how many days unseen before erasure, 0 for no limit.</summary>
public sealed record PrivacyPolicy(int RetentionDays);

/// <summary>A delegate's data rights (UK GDPR): see everything held about them, at any time, and have it erased.</summary>
public static class PrivacyEndpoints
{
    public static IEndpointRouteBuilder MapPrivacy(this IEndpointRouteBuilder app)
    {
        var me = app.MapGroup("/api/learners/me").WithTags("Privacy").RequireAuthorization(Policies.Delegate)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        me.MapGet("/data", MyData).WithName("GetMyData")
            .WithSummary("Everything held about the signed-in delegate, as JSON: profile, attempts and answers, reflections, certificates, workshops, xAPI statements, LMS launches");
        me.MapDelete("", EraseMe).WithName("EraseMe")
            .WithSummary("Erase the signed-in delegate: personal data removed, certificates withdrawn, statements anonymised, every token revoked");

        app.MapGet("/api/privacy", Policy).WithTags("Privacy").AllowAnonymous().WithName("GetPrivacyPolicy")
            .WithSummary("Public: how long personal data is kept (Privacy:RetentionDays; 0 = until the delegate or an administrator erases it)");

        var admin = app.MapAdminGroup("/api/admin");
        admin.MapDelete("/learners/{learnerId:guid}", EraseLearner).WithName("EraseLearner")
            .WithSummary("Erase a delegate, as if they had asked (e.g. on a request made to the trust)").ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    static Ok<PrivacyPolicy> Policy(Microsoft.Extensions.Options.IOptions<PrivacyOptions> options) => TypedResults.Ok(new PrivacyPolicy(options.Value.RetentionDays));

    static async Task<Results<Ok<IReadOnlyDictionary<string, object?>>, ProblemHttpResult>> MyData(
        ClaimsPrincipal user, HttpContext http, LearnerErasure erasure, TimeProvider clock, CancellationToken ct)
    {
        http.Response.Headers.CacheControl = "no-store";
        return await erasure.ExportAsync(user.LearnerId(), clock.GetUtcNow(), ct) is { } data
            ? TypedResults.Ok(data)
            : Problems.NotFound("There is no record for this sign-in.");
    }

    static async Task<NoContent> EraseMe(ClaimsPrincipal user, LearnerErasure erasure, TimeProvider clock, CancellationToken ct)
    {
        await erasure.EraseAsync(user.LearnerId(), clock.GetUtcNow(), "the delegate asked", ct);
        return TypedResults.NoContent();
    }

    static async Task<Results<NoContent, ProblemHttpResult>> EraseLearner(
        Guid learnerId, ClaimsPrincipal user, LearnerErasure erasure, AuditLog audit, TimeProvider clock, CancellationToken ct)
    {
        if (!await erasure.EraseAsync(learnerId, clock.GetUtcNow(), "an administrator", ct))
            return Problems.NotFound($"There is no delegate '{learnerId}'.");
        // Who erased whom: the id only, which names nobody once the record is erased.
        await audit.AppendAsync(new(AuditActor.Of(user), AuditActions.LearnerErased, learnerId.ToString(), clock.GetUtcNow()), ct);
        return TypedResults.NoContent();
    }
}
