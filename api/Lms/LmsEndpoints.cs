using ELearning.Api.Content;
using ELearning.Api.Lms.Packages;
using ELearning.Api.Identity;
using ELearning.Api.Tracking;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using ELearning.Api.Infrastructure;

namespace ELearning.Api.Lms;

public static class LmsEndpoints
{
    public const string CorsPolicy = "lms";

    public static IEndpointRouteBuilder MapLms(this IEndpointRouteBuilder app)
    {
        var packages = app.MapAdminGroup("/api/lms", "LMS packages");
        packages.MapGet("/cmi5.zip", Cmi5Zip).WithName("Cmi5Package").Produces(StatusCodes.Status200OK, contentType: "application/zip").WithSummary("cmi5 course package: one assignable unit per module");
        packages.MapGet("/tincan.zip", TinCanZip).WithName("TinCanPackage").Produces(StatusCodes.Status200OK, contentType: "application/zip").WithSummary("Tin Can package: tincan.xml and its launch page");
        packages.MapGet("/scorm12.zip", Scorm12Zip).WithName("Scorm12Package").Produces(StatusCodes.Status200OK, contentType: "application/zip").ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("SCORM 1.2 package for one trust's LMS: one SCO per module, with a new key naming the trust");

        var admin = app.MapAdminGroup("/api/admin/lms", "LMS packages");
        admin.MapGet("/packages", ListPackages).WithName("ListScormPackages").WithSummary("SCORM packages issued, by trust");
        admin.MapPost("/packages/{packageId:guid}/revoke", RevokePackage).WithName("RevokeScormPackage")
            .WithSummary("Revoke a SCORM package's key: its SCOs can no longer start sessions");

        app.MapPost("/api/lms/scorm/sessions", ScormSessions.Start).WithTags("LMS launch").WithName("StartScormSession")
            .RequireRateLimiting(RateLimitPolicies.LmsLaunch).ProducesProblem(StatusCodes.Status429TooManyRequests)
            .WithSummary("Called by a SCORM SCO in the LMS: a session for the LMS's learner under the package's trust key")
            .RequireCors(CorsPolicy).ProducesValidationProblem().ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status404NotFound);
        app.MapPost("/api/lms/cmi5/launches", Cmi5.Cmi5Launches.Start).WithTags("LMS launch").WithName("StartCmi5Launch")
            .RequireRateLimiting(RateLimitPolicies.LmsLaunch).ProducesProblem(StatusCodes.Status429TooManyRequests)
            .WithSummary("Called by the player launched by a cmi5 LMS: fetches the LMS's token, reads LMS.LaunchData, begins the attempt")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status502BadGateway);
        app.MapPost("/api/lms/tincan/launches", TinCan.TinCanLaunches.Start).WithTags("LMS launch").WithName("StartTinCanLaunch")
            .RequireRateLimiting(RateLimitPolicies.LmsLaunch).ProducesProblem(StatusCodes.Status429TooManyRequests)
            .WithSummary("Called by the player launched by a Tin Can LMS: a token for the LMS's learner and a launch to start attempts under")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        app.MapPost("/api/lms/sessions/{sessionId:guid}/terminate", LaunchSessions.Terminate).WithTags("LMS launch").WithName("TerminateLmsSession")
            .WithSummary("The player's exit beacon: ends the launched session once (cmi5 terminated)").ProducesProblem(StatusCodes.Status404NotFound);
        app.MapPost("/api/lms/sessions/{sessionId:guid}/leave", LaunchSessions.Leave).WithTags("LMS launch").WithName("LeaveLmsSession")
            .WithSummary("The player's pagehide beacon: the page went away; unless it comes back within Lms:CloseGraceSeconds the session ends")
            .ProducesProblem(StatusCodes.Status404NotFound);
        app.MapPost("/api/lms/sessions/{sessionId:guid}/resume", LaunchSessions.Resume).WithTags("LMS launch").WithName("ResumeLmsSession")
            .WithSummary("The player's page is back (a reload, a tab shown again): 204 while the session is open, else 409 saying why it ended")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        app.MapLmsLaunches();
        return app;
    }

    static FileContentHttpResult Cmi5Zip(Catalog catalog, IOptions<AppOptions> app, IOptions<LmsOptions> lms, ProfileSettings ids) =>
        TypedResults.File(Cmi5Package.Zip(Info(catalog, app, lms, ids)), "application/zip", "cmi5.zip");

    static FileContentHttpResult TinCanZip(Catalog catalog, IOptions<AppOptions> app, IOptions<LmsOptions> lms, ProfileSettings ids) =>
        TypedResults.File(TinCanPackage.Zip(Info(catalog, app, lms, ids)), "application/zip", "tincan.zip");

    static async Task<Results<FileContentHttpResult, ValidationProblem, ProblemHttpResult>> Scorm12Zip(
        string? trust, Catalog catalog, PackageKeyStore keys, IOptions<AppOptions> app, IOptions<LmsOptions> lms, ProfileSettings ids, TimeProvider clock,
        System.Security.Claims.ClaimsPrincipal user, AuditLog audit, CancellationToken ct)
    {
        // The SCO calls the API from the LMS's origin; without it in the CORS list the browser refuses, and the package could never start.
        if (lms.Value.AllowedOrigins.All(string.IsNullOrWhiteSpace))
            return TypedResults.Problem(
                "A SCORM package can only start from an LMS whose origin the API allows. Set Lms:AllowedOrigins to the LMS's origin " +
                "(for example Lms__AllowedOrigins__0=https://lms.example.nhs.uk), restart the API, then download the package.",
                statusCode: StatusCodes.Status409Conflict, title: "Lms:AllowedOrigins is not set");
        var name = trust?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > 120 || name.Any(char.IsControl))
            return Problems.Invalid(new() { ["trust"] = ["Name the trust whose LMS will host this package (up to 120 characters), e.g. ?trust=Northshire%20NHS%20Trust."] });
        var key = Tokens.New();
        var package = await keys.CreateAsync(name, Tokens.Hash(key), clock.GetUtcNow(), ct);
        await audit.AppendAsync(new(AuditActor.Of(user), AuditActions.PackageIssued, package.Id.ToString(), package.CreatedAt, name), ct);
        return TypedResults.File(ScormPackage.Zip(Info(catalog, app, lms, ids), name, key), "application/zip", "scorm12.zip");
    }

    static async Task<Ok<IReadOnlyList<LmsPackage>>> ListPackages(PackageKeyStore keys, CancellationToken ct) => TypedResults.Ok(await keys.ListAsync(ct));

    static async Task<Results<NoContent, ProblemHttpResult>> RevokePackage(
        Guid packageId, PackageKeyStore keys, TimeProvider clock, System.Security.Claims.ClaimsPrincipal user, AuditLog audit, CancellationToken ct)
    {
        if (!await keys.RevokeAsync(packageId, clock.GetUtcNow(), ct)) return Problems.NotFound($"No active package '{packageId}'.");
        await audit.AppendAsync(new(AuditActor.Of(user), AuditActions.PackageRevoked, packageId.ToString(), clock.GetUtcNow()), ct);
        return TypedResults.NoContent();
    }

    static PackageInfo Info(Catalog catalog, IOptions<AppOptions> app, IOptions<LmsOptions> lms, ProfileSettings ids) => new(
        catalog, app.Value.BaseUri, lms.Value.PackageTitle ?? catalog.Course.Title, lms.Value.PackageDescription ?? catalog.Course.Description, ids);
}
