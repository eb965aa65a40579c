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
        context.ProblemDetails.Detail ??= StatusDetail(context.HttpContext, context.ProblemDetails.Status ?? context.HttpContext.Response.StatusCode);
        if (context.ProblemDetails is not HttpValidationProblemDetails problem) return;
        if (problem.Title is null or "One or more validation errors occurred.") problem.Title = InvalidTitle;
        problem.Detail ??= InvalidDetail;
        var renamed = problem.Errors.ToDictionary(e => JsonName(e.Key), e => e.Value);
        problem.Errors.Clear();
        foreach (var (key, messages) in renamed) problem.Errors[key] = messages;
    }

    /// <summary>
    /// A detail for the bare statuses the framework answers by itself (UseStatusCodePages): no route, the wrong method.
    /// The path is the client's own, JSON-encoded like any other string.
    /// </summary>
    static string? StatusDetail(HttpContext http, int status) => status switch
    {
        404 => $"Nothing is found at {http.Request.Method} {Path(http)}: no such route, or an id that is not in the right format. The routes are listed at /openapi/v1.json.",
        405 => $"{Path(http)} does not accept {http.Request.Method}" + (http.Response.Headers.Allow is { Count: > 0 } allow ? $"; it accepts {allow}." : "."),
        406 => "This route answers only in JSON: accept application/json or application/problem+json.",
        415 => "Send the body as JSON, with the header 'Content-Type: application/json'.",
        >= 400 and < 500 => $"The request was refused ({status}).",
        _ => null,
    };

    static string Path(HttpContext http) => http.Request.Path.Value is { Length: > 200 } long_ ? long_[..200] + "…" : http.Request.Path.Value ?? "/";

    static string JsonName(string key) => string.Join('.', key.Split('.').Select(JsonNamingPolicy.CamelCase.ConvertName));
}
