using ELearning.Api.Content;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ELearning.Api.Lms;

/// <summary>
/// Where LMS launch URLs land: each redirects to the player's page with the launch described in the query
/// (launch=scorm|cmi5|tincan, module=…) and the LMS's own query parameters kept; the player (js/lms.js) takes it
/// from there. The Location is relative, so a deployment under a path base still works, and it has no fragment,
/// so the browser keeps the launch URL's #fragment (SCORM's token) across the redirect.
/// </summary>
public static class LmsLaunchRoutes
{
    static readonly HashSet<string> Ours = new(StringComparer.OrdinalIgnoreCase) { "launch", "module" };

    public static IEndpointRouteBuilder MapLmsLaunches(this IEndpointRouteBuilder app)
    {
        var launches = app.MapGroup("/lms").WithTags("LMS launch").ExcludeFromDescription();
        launches.MapGet("/scorm/{moduleId}", (string moduleId, HttpRequest request, Catalog catalog) =>
            ToModule("scorm", moduleId, request, catalog));
        launches.MapGet("/cmi5/{moduleId}", (string moduleId, HttpRequest request, Catalog catalog) =>
            ToModule("cmi5", moduleId, request, catalog));
        launches.MapGet("/tincan", (HttpRequest request) => ToPlayer("../", "tincan", null, request));
        return app;
    }

    static Results<RedirectHttpResult, ProblemHttpResult> ToModule(string kind, string moduleId, HttpRequest request, Catalog catalog) =>
        catalog.FindModule(moduleId) is null
            ? Problems.NotFound($"There is no module '{moduleId}'.")
            : ToPlayer("../../", kind, moduleId, request);

    static RedirectHttpResult ToPlayer(string up, string kind, string? moduleId, HttpRequest request)
    {
        var query = new List<KeyValuePair<string, string?>> { new("launch", kind) };
        if (moduleId is not null) query.Add(new("module", moduleId));
        query.AddRange(request.Query.Where(p => !Ours.Contains(p.Key)).SelectMany(p => p.Value.Select(v => new KeyValuePair<string, string?>(p.Key, v))));
        return TypedResults.Redirect(up + QueryString.Create(query));
    }
}
