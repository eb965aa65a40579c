using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace ELearning.Api.Infrastructure;

/// <summary>
/// What a client got wrong before a handler ran (unreadable JSON, a value of the wrong type, no body, the wrong media
/// type, a body too large), as the ProblemDetails a delegate's browser or an integrator can act on: a detail in plain
/// words and, for a bad body, field errors keyed by the JSON path ("name", "response.choices[0]", "$" for the whole
/// body). Pure: the framework's exception in, the problem out. It never echoes .NET type or parameter names.
/// </summary>
public static partial class ClientErrors
{
    public const string InvalidTitle = "The request is not valid";

    public static ProblemDetails From(BadHttpRequestException bad)
    {
        switch (bad.StatusCode)
        {
            case StatusCodes.Status413PayloadTooLarge:
                return new ProblemDetails { Status = 413, Title = "Request too large", Detail = bad.Message };
            case StatusCodes.Status415UnsupportedMediaType:
                return new ProblemDetails { Status = 415, Title = "Unsupported media type", Detail = "Send the body as JSON, with the header 'Content-Type: application/json'." };
        }
        if (bad.InnerException is JsonException json) return Invalid(FromJson(json), "The request body is not JSON of the expected shape.");
        var message = bad.Message;
        if (message.StartsWith("Implicit body inferred", StringComparison.Ordinal) || RequiredFrom().Match(message) is { Success: true, Groups: var g } && g["source"].Value == "body")
            return Invalid(new() { ["$"] = ["A JSON object is required as the request body."] }, "The request has no body, or its body is null.");
        if (RequiredFrom().Match(message) is { Success: true } required)
            return Invalid(new() { [Camel(required.Groups["name"].Value)] = [$"Required (in the {required.Groups["source"].Value})."] }, "A required value is missing.");
        if (BindFailed().Match(message) is { Success: true } failed)
            return Invalid(new() { [Camel(failed.Groups["name"].Value)] = [$"'{Shorten(failed.Groups["value"].Value)}' is not a valid value here."] }, "A value in the request is not valid.");
        return new ProblemDetails { Status = bad.StatusCode, Title = InvalidTitle, Detail = "The request could not be read: it may have been cut short or be malformed." };
    }

    static HttpValidationProblemDetails Invalid(Dictionary<string, string[]> errors, string detail) =>
        new(errors) { Status = 400, Title = InvalidTitle, Detail = detail };

    /// <summary>System.Text.Json's failure as one field error at its path, in JSON's words rather than .NET's.</summary>
    public static Dictionary<string, string[]> FromJson(JsonException json)
    {
        var path = Field(json.Path);
        if (MissingRequired().Match(json.Message) is { Success: true } missing)
            return missing.Groups["names"].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                .ToDictionary(n => path == "$" ? n.Trim('\'') : $"{path}.{n.Trim('\'')}", _ => new[] { "Required." });
        if (NotConvertible().Match(json.Message) is { Success: true } convert)
            return new() { [path] = [Expected(convert.Groups["type"].Value, json.InnerException, path)] };
        if (json.Message.Contains("maximum configured depth", StringComparison.Ordinal))
            return new() { [path] = ["The JSON is nested too deeply."] };
        // A syntax error: the reader's own message says what and where ("'n' is an invalid start of a property name"), no types.
        var reason = json.InnerException?.Message ?? json.Message;
        var cut = reason.IndexOf(" Path:", StringComparison.Ordinal);
        return new() { [path] = [$"Not valid JSON: {(cut > 0 ? reason[..cut] : reason).Trim()}"] };
    }

    /// <summary>"$.response.choices[0]" → "response.choices[0]"; the root is "$".</summary>
    static string Field(string? path) => path is null or "$" or "" ? "$" : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path;

    /// <summary>
    /// What the field should have been. The reader's inner exception names the JSON kind it wanted ("as a string");
    /// the outer one names a .NET type, which for a record's constructor parameter is the record, not the field.
    /// </summary>
    static string Expected(string dotnetType, Exception? inner, string path)
    {
        var kind = inner switch
        {
            InvalidOperationException when TokenAs().Match(inner.Message) is { Success: true } m => m.Groups["kind"].Value switch
            {
                "boolean" => "true or false",
                "number" => "a number",
                var other => "a " + other,
            },
            FormatException when inner.Message.Contains(" Guid ", StringComparison.Ordinal) => "a UUID string",
            FormatException when inner.Message.Contains("DateTime", StringComparison.Ordinal) => "an ISO 8601 date-time string",
            FormatException when inner.Message.Contains("out of bounds", StringComparison.Ordinal) => "a number in range",
            FormatException => "a value in the expected format",
            _ => null,
        };
        kind ??= JsonKind(dotnetType) ?? (path == "$" ? "a JSON object" : null);
        return kind is null ? "This value is not of the expected type." : $"Expected {kind} here.";
    }

    static string? JsonKind(string dotnetType)
    {
        var t = NullableOf().Match(dotnetType) is { Success: true } n ? n.Groups["inner"].Value : dotnetType;
        return t switch
        {
            "System.String" or "System.Char" => "a string",
            "System.Boolean" => "true or false",
            "System.Guid" => "a UUID string",
            "System.DateTimeOffset" or "System.DateTime" or "System.DateOnly" => "an ISO 8601 date-time string",
            "System.Byte" or "System.SByte" or "System.Int16" or "System.UInt16" or "System.Int32" or "System.UInt32" or "System.Int64" or "System.UInt64" => "a whole number",
            "System.Single" or "System.Double" or "System.Decimal" => "a number",
            _ when t.EndsWith("[]", StringComparison.Ordinal) || t.Contains("List`", StringComparison.Ordinal) || t.Contains("Array`", StringComparison.Ordinal)
                || t.Contains("Set`", StringComparison.Ordinal) || t.Contains("Enumerable`", StringComparison.Ordinal) || t.Contains("Collection`", StringComparison.Ordinal) => "an array",
            _ when t.Contains("Dictionary`", StringComparison.Ordinal) => "an object",
            _ => null,
        };
    }

    static string Camel(string name) => JsonNamingPolicy.CamelCase.ConvertName(name);
    static string Shorten(string value) => value.Length <= 40 ? value : value[..40] + "…";

    [GeneratedRegex("""^Required parameter "(?<type>.+) (?<name>\w+)" was not provided from (?<source>[\w ]+)\.$""")]
    private static partial Regex RequiredFrom();

    [GeneratedRegex("""^Failed to bind parameter "(?<type>.+) (?<name>\w+)" from "(?<value>.*)"\.$""", RegexOptions.Singleline)]
    private static partial Regex BindFailed();

    [GeneratedRegex("missing required properties including: (?<names>.+?)\\.?( Path:|$)")]
    private static partial Regex MissingRequired();

    [GeneratedRegex("could not be converted to (?<type>\\S+?)\\.( Path:|$)")]
    private static partial Regex NotConvertible();

    [GeneratedRegex("Cannot get the value of a token type '\\w+' as a (?<kind>\\w+)\\.")]
    private static partial Regex TokenAs();

    [GeneratedRegex("^System\\.Nullable`1\\[\\[?(?<inner>[^\\],]+)")]
    private static partial Regex NullableOf();
}

/// <summary>
/// Turns what a client can get wrong (see <see cref="ClientErrors"/>) into ProblemDetails with the right status;
/// anything else is our fault, logged, and answered 500 without internals. Minimal APIs throw these only with
/// RouteHandlerOptions.ThrowOnBadRequest, which <see cref="InfrastructureExtensions.AddInfrastructure"/> turns on in
/// every environment: without it, production binding failures are a bare "Bad Request".
/// </summary>
public sealed class ClientErrorHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken ct)
    {
        if (exception is not BadHttpRequestException bad) return false;
        var problem = ClientErrors.From(bad);
        context.Response.StatusCode = problem.Status ?? bad.StatusCode;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem, Exception = exception });
    }
}
