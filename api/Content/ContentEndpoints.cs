using Microsoft.AspNetCore.Http.HttpResults;

namespace ELearning.Api.Content;

public static class ContentEndpoints
{
    public static IEndpointRouteBuilder MapContent(this IEndpointRouteBuilder app)
    {
        var content = app.MapGroup("/api").WithTags("Content").ProducesProblem(StatusCodes.Status404NotFound);
        content.MapGet("/course", GetCourse).WithName("GetCourse").WithSummary("The course: modules in order, time, pass marks and outcomes");
        content.MapGet("/modules/{moduleId}", GetModule).WithName("GetModule").WithSummary("A module with its cases");
        content.MapGet("/modules/{moduleId}/cases/{caseId}", GetCase).WithName("GetCase")
            .WithSummary("A case's narrative, post and nodes, without its answer key");
        content.MapGet("/clauses/{clauseId}", GetClause).WithName("GetClause").WithSummary("A guidance clause, quoted with its source");
        return app;
    }

    static Ok<CourseView> GetCourse(Catalog catalog) => TypedResults.Ok(ContentViews.Course(catalog));

    static Results<Ok<ModuleView>, ProblemHttpResult> GetModule(string moduleId, Catalog catalog) =>
        catalog.FindModule(moduleId) is { } module
            ? TypedResults.Ok(ContentViews.Module(catalog, module))
            : Problems.NotFound($"There is no module '{moduleId}'.");

    static Results<Ok<CaseView>, ProblemHttpResult> GetCase(string moduleId, string caseId, Catalog catalog) =>
        catalog.FindModule(moduleId) is not { } module ? Problems.NotFound($"There is no module '{moduleId}'.")
        : module.FindCase(caseId) is not { } @case ? Problems.NotFound($"Module '{moduleId}' has no case '{caseId}'.")
        : TypedResults.Ok(ContentViews.Case(module, @case));

    static Results<Ok<ClauseView>, ProblemHttpResult> GetClause(string clauseId, Catalog catalog) =>
        catalog.Clauses.TryGetValue(clauseId, out var clause)
            ? TypedResults.Ok(ContentViews.Clause(clause))
            : Problems.NotFound($"There is no clause '{clauseId}'.");
}
