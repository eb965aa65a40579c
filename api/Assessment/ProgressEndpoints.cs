using System.Security.Claims;
using ELearning.Api.Content;
using ELearning.Api.Identity;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ELearning.Api.Assessment;

public sealed record ModuleStatusView(string ModuleId, string Title, string Status, Guid? AttemptId, double? Scaled, bool? Passed, int Attempts);

public sealed record LearnerView(Guid LearnerId, string Name, string? Email, string? RegistrationNumber, string? Profession, IReadOnlyList<ModuleStatusView> Modules);

/// <summary>GET /api/learners/me: who the delegate is and where they are in each module, for the dashboard.</summary>
public static class ProgressEndpoints
{
    public static IEndpointRouteBuilder MapProgress(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/learners/me", Me).WithTags("Learners").RequireAuthorization(Policies.Learner).WithName("GetMe")
            .WithSummary("The signed-in delegate, with each module's status for the dashboard (an LMS session sees only its own attempts)");
        return app;
    }

    static async Task<Results<Ok<LearnerView>, ProblemHttpResult>> Me(
        ClaimsPrincipal user, LearnerStore learners, AttemptStore attempts, Catalog catalog, CancellationToken ct)
    {
        var learner = await learners.FindAsync(user.LearnerId(), ct);
        if (learner is null) return Problems.NotFound("This delegate no longer exists.");
        // An LMS session sees the attempts its scope reaches, and nothing else of the learner's record.
        var all = (await attempts.ForLearnerAsync(learner.Id, ct)).Where(a => user.MayUseAttempt(a.Id, a.LaunchId)).ToList();
        var modules = catalog.Modules.Select(m =>
        {
            var mine = all.Where(a => a.ModuleId == m.Id).ToList();
            // The best completed attempt counts; otherwise the latest one shows where the delegate is.
            var shown = mine.Where(a => a.Passed == true).OrderByDescending(a => a.Scaled).FirstOrDefault()
                ?? mine.OrderByDescending(a => a.StartedAt).FirstOrDefault();
            var status = shown switch
            {
                null => "not-started",
                { Status: AttemptStatus.InProgress } => "in-progress",
                { Passed: true } => "passed",
                _ => "failed",
            };
            return new ModuleStatusView(m.Id, m.Definition.Title, status, shown?.Id, shown?.Scaled, shown?.Passed, mine.Count);
        }).ToList();
        return TypedResults.Ok(new LearnerView(learner.Id, learner.Name, learner.Email, learner.RegistrationNumber, learner.Profession, modules));
    }
}
