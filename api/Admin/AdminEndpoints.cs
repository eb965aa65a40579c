using Dapper;
using ELearning.Api.Content;
using ELearning.Api.Data;
using ELearning.Api.Identity;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace ELearning.Api.Admin;

public sealed record ModuleReport(string ModuleId, int Started, int Completed, int Passed, double? AverageScaled);

public sealed record AdminSummary(int Learners, IReadOnlyList<ModuleReport> Modules);

/// <summary>Facilitator and administrator routes: closed to delegates (403) and to anonymous callers (401).</summary>
public static class AdminEndpoints
{
    const string CountLearners = "SELECT COUNT(*) FROM learners";
    const string ModuleCounts = """
        SELECT module_id AS ModuleId, COUNT(*) AS Started,
               SUM(CASE WHEN status = 'completed' THEN 1 ELSE 0 END) AS Completed,
               SUM(CASE WHEN passed = 1 THEN 1 ELSE 0 END) AS Passed,
               AVG(scaled) AS AverageScaled
        FROM attempts GROUP BY module_id
        """;

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

    static async Task<Ok<AdminSummary>> Summary(IDbConnectionFactory connections, Catalog catalog, CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct);
        var learners = await connection.ExecuteScalarAsync<int>(new CommandDefinition(CountLearners, cancellationToken: ct));
        var rows = (await connection.QueryAsync<ModuleRow>(new CommandDefinition(ModuleCounts, cancellationToken: ct))).ToDictionary(r => r.ModuleId);
        return TypedResults.Ok(new AdminSummary(learners, [.. catalog.Modules.Select(m => rows.TryGetValue(m.Id, out var r)
            ? new ModuleReport(m.Id, r.Started, r.Completed, r.Passed, r.AverageScaled is { } avg ? Math.Round(avg, 4) : null)
            : new ModuleReport(m.Id, 0, 0, 0, null))]));
    }

    static Results<Ok<Case>, ProblemHttpResult> FacilitatorCase(string caseId, Catalog catalog) =>
        catalog.AllCases.FirstOrDefault(c => c.Id == caseId) is { } @case
            ? TypedResults.Ok(@case)
            : Problems.NotFound($"There is no case '{caseId}'.");

    sealed class ModuleRow
    {
        public string ModuleId { get; set; } = "";
        public int Started { get; set; }
        public int Completed { get; set; }
        public int Passed { get; set; }
        public double? AverageScaled { get; set; }
    }
}
