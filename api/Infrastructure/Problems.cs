using Microsoft.AspNetCore.Http.HttpResults;

namespace ELearning.Api;

/// <summary>
/// ProblemDetails (application/problem+json) with a detail a delegate's browser can show as it is. Routes
/// declare them with ProducesProblem so the OpenAPI document still lists each status.
/// </summary>
public static class Problems
{
    public static ProblemHttpResult NotFound(string detail) => TypedResults.Problem(detail, statusCode: 404, title: "Not found");

    public static ProblemHttpResult Conflict(string detail) => TypedResults.Problem(detail, statusCode: 409, title: "Conflict");

    public static ValidationProblem Invalid(Dictionary<string, string[]> errors, string? detail = null) =>
        TypedResults.ValidationProblem(errors, detail ?? "Some fields are missing or not valid.", title: "The request is not valid");
}
