using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.OpenApi;

namespace ELearning.Api.Infrastructure;

/// <summary>
/// What the OpenAPI document says about every route that the routes need not each repeat: the problems any route with
/// a body or an id can answer (400, 413, 415, 404, 429), each 4xx as a ProblemDetails, the server's URL without a
/// trailing slash, and the title and tag descriptions.
/// </summary>
public static class OpenApiDocumentRules
{
    static readonly Dictionary<string, string> TagDescriptions = new()
    {
        ["Content"] = "The course, its modules, cases and guidance clauses: public.",
        ["Learners"] = "Delegates signing up and reading their own progress.",
        ["Attempts"] = "A delegate's attempts at a module: answers, scores, completion.",
        ["Certificates"] = "Course certificates, their PDFs and credentials, and CPD evidence packs.",
        ["Verification"] = "Public checks of a certificate or credential, and the issuer's keys.",
        ["Admin"] = "Administrators: reports, full cases, revocations.",
        ["Facilitators"] = "Facilitators' accounts and what they read to run a discussion.",
        ["Workshops"] = "Facilitated sessions: join codes, the room's current case, counts and attendance.",
        ["LMS launch"] = "Launches from a learning management system (SCORM, cmi5, Tin Can) and their sessions.",
        ["LMS packages"] = "Course packages to import into a learning management system.",
        ["Tracking"] = "xAPI statement delivery.",
    };

    public static OpenApiOptions AddProblemRules(this OpenApiOptions options)
    {
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "ELearning API";
            document.Info.Description = "Scenario-based course on social media and professional standards: content, delegates' attempts, certificates, workshops and LMS launches. Errors are ProblemDetails (application/problem+json).";
            foreach (var server in document.Servers ?? []) server.Url = server.Url?.TrimEnd('/');
            foreach (var tag in document.Tags ?? new HashSet<OpenApiTag>())
                if (tag.Name is { } name && TagDescriptions.TryGetValue(name, out var description)) tag.Description ??= description;
            // After every operation transformer (a feature's may add a 401 or 403): each 4xx without content is a ProblemDetails.
            var operations = document.Paths?.Values.SelectMany(p => p.Operations?.Values ?? Enumerable.Empty<OpenApiOperation>()) ?? [];
            foreach (var operation in operations)
                foreach (var (status, response) in operation.Responses ?? new OpenApiResponses())
                {
                    if (status is not ['4', _, _] || response is not OpenApiResponse concrete) continue;
                    concrete.Content ??= new Dictionary<string, OpenApiMediaType>();
                    if (concrete.Content.Count > 0) continue;
                    concrete.Content["application/problem+json"] = new OpenApiMediaType
                    {
                        Schema = new OpenApiSchemaReference(status == "400" ? nameof(HttpValidationProblemDetails) : nameof(ProblemDetails), document),
                    };
                }
            return Task.CompletedTask;
        });
        options.AddOperationTransformer(async (operation, context, ct) =>
        {
            operation.Responses ??= new OpenApiResponses();
            var metadata = context.Description.ActionDescriptor.EndpointMetadata;
            if (operation.RequestBody is not null)
            {
                operation.Responses.TryAdd("400", new OpenApiResponse { Description = "The body is not JSON of the expected shape, or a field is not valid (field errors)." });
                operation.Responses.TryAdd("413", new OpenApiResponse { Description = $"The body is over {RequestLimits.MaxBodyBytes / 1024} KB." });
                operation.Responses.TryAdd("415", new OpenApiResponse { Description = "The body is not application/json." });
            }
            if (operation.Parameters?.Any(p => p.In == ParameterLocation.Path) == true)
                operation.Responses.TryAdd("404", new OpenApiResponse { Description = "No such id, or not one this caller may see." });
            if (metadata.OfType<EnableRateLimitingAttribute>().Any())
                operation.Responses.TryAdd("429", new OpenApiResponse { Description = "Too many requests: try again after Retry-After seconds." });

            // The document transformer above points 4xx responses at these; make sure they are components.
            await RegisterAsync(context, typeof(ProblemDetails), ct);
            await RegisterAsync(context, typeof(HttpValidationProblemDetails), ct);
        });
        return options;
    }

    static async Task RegisterAsync(OpenApiOperationTransformerContext context, Type type, CancellationToken ct)
    {
        if (context.Document is { } document && document.Components?.Schemas?.ContainsKey(type.Name) != true)
            document.AddComponent(type.Name, await context.GetOrCreateSchemaAsync(type, null, ct));
    }
}
