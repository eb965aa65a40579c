using ELearning.Api.Assessment;
using ELearning.Api.Content;
using ELearning.Api.Identity;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace ELearning.Api.Admin;

public sealed record ModuleReport(string ModuleId, int Started, int Completed, int Passed, double? AverageScaled);

public sealed record AdminSummary(int Learners, IReadOnlyList<ModuleReport> Modules);

/// <summary>Facilitator and administrator routes: closed to delegates (403) and to anonymous callers (401).</summary>
public static class AdminEndpoints
{
    public static IEndpointRouteBuilder MapAdmin(this IEndpointRouteBuilder app)
    {
        var admin = app.MapAdminGroup("/api/admin");
        admin.MapGet("/summary", Summary).WithName("AdminSummary").WithSummary("Delegates and attempts per module, for facilitators");
        admin.MapGet("/cases/{caseId}", FacilitatorCase).WithName("AdminCase")
            .WithSummary("A case in full, with scores, feedback, branches and discussion prompts, for facilitators");
        // Facilitators run the discussion from the full case; administrators keep it (the policy admits both).
        app.MapGroup("/api/facilitator").WithTags("Facilitators").RequireAuthorization(Policies.Facilitator)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden)
            .MapGet("/cases/{caseId}", FacilitatorCase).WithName("FacilitatorCase")
            .WithSummary("A case in full, with scores, feedback, branches and discussion prompts, for facilitators and administrators");
        return app;
    }

    /// <summary>Each count from the store of the feature that owns its table: delegates (Identity), attempts (Assessment).</summary>
    static async Task<Ok<AdminSummary>> Summary(LearnerStore learnerStore, AttemptStore attempts, Catalog catalog, CancellationToken ct)
    {
        var learners = await learnerStore.CountAsync(ct);
        var rows = await attempts.PerModuleAsync(ct);
        return TypedResults.Ok(new AdminSummary(learners, [.. catalog.Modules.Select(m => rows.TryGetValue(m.Id, out var r)
            ? new ModuleReport(m.Id, r.Started, r.Completed, r.Passed, r.AverageScaled is { } avg ? Math.Round(avg, 4) : null)
            : new ModuleReport(m.Id, 0, 0, 0, null))]));
    }

    static Results<Ok<Case>, ProblemHttpResult> FacilitatorCase(string caseId, Catalog catalog) =>
        catalog.AllCases.FirstOrDefault(c => c.Id == caseId) is { } @case
            ? TypedResults.Ok(@case)
            : Problems.NotFound($"There is no case '{caseId}'.");
}
