using System.Text.Json;
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

    const string InvalidTitle = "The request is not valid";
    const string InvalidDetail = "Some fields are missing or not valid.";

    public static ValidationProblem Invalid(Dictionary<string, string[]> errors, string? detail = null) =>
        TypedResults.ValidationProblem(errors, detail ?? InvalidDetail, title: InvalidTitle);

    /// <summary>
    /// Makes the validation problems ASP.NET Core writes itself (AddValidation's, before a handler runs) look like
    /// ours: the same title and detail, and each error keyed by the field's JSON name ("caseId", "response.choices"),
    /// where the framework keys them by the C# property name.
    /// </summary>
    public static void Customize(ProblemDetailsContext context)
    {
        if (context.ProblemDetails is not HttpValidationProblemDetails problem) return;
        if (problem.Title is null or "One or more validation errors occurred.") problem.Title = InvalidTitle;
        problem.Detail ??= InvalidDetail;
        var renamed = problem.Errors.ToDictionary(e => JsonName(e.Key), e => e.Value);
        problem.Errors.Clear();
        foreach (var (key, messages) in renamed) problem.Errors[key] = messages;
    }

    static string JsonName(string key) => string.Join('.', key.Split('.').Select(JsonNamingPolicy.CamelCase.ConvertName));
}
