using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using ELearning.Api.Content;
using ELearning.Api.Identity;
using ELearning.Api.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ELearning.Api.Workshops;

/// <summary>Delegates join a room by its code, and follow it: the routes a delegate's phone calls.</summary>
public static class JoinEndpoints
{
    public static IEndpointRouteBuilder MapWorkshopJoining(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/workshops/join", Join).WithTags("Workshops").WithName("JoinWorkshop").AllowAnonymous().RequireRateLimiting(RateLimitPolicies.Join)
            .WithSummary("Join a workshop by its code: as a new delegate (name etc.) or, with your token, as yourself")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status410Gone).ProducesProblem(StatusCodes.Status429TooManyRequests);
        app.MapGet("/api/workshops/{workshopId:guid}/session", Session).WithTags("Workshops").WithName("WorkshopSession")
            .RequireAuthorization(Policies.Delegate).WithSummary("The room a delegate joined: the case open now and whether they may work ahead")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status404NotFound);
        app.MapGet("/api/workshops/{workshopId:guid}/room", Room).WithTags("Workshops").WithName("WorkshopRoom")
            .RequireAuthorization(Policies.Delegate)
            .WithSummary("The room as a delegate sees it: the case open now, and the room's counts for revealed questions you answered")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    static async Task<Results<Ok<JoinedWorkshop>, ProblemHttpResult, ValidationProblem>> Join(
        JoinWorkshopRequest request, HttpContext http, ClaimsPrincipal user, WorkshopStore workshops, IWorkshopNotifier notifier, LearnerStore learners, TimeProvider clock,
        CancellationToken ct)
    {
        // A token that does not sign anyone in must not quietly make a new delegate instead.
        if (http.Request.Headers.Authorization.Count > 0 && user.Identity?.IsAuthenticated != true)
            return TypedResults.Problem("Your sign-in has expired or is not known: sign in again, or join without it as a new delegate.", statusCode: 401, title: "Sign in first");
        if (user.Identity?.IsAuthenticated == true && !user.IsDelegate())
            return TypedResults.Problem("Only delegates join workshops; sign out of the facilitator's or administrator's account first.", statusCode: 403, title: "Not allowed");

        if (string.IsNullOrWhiteSpace(request.Code))
            return Problems.Invalid(new() { ["code"] = ["Enter the join code shown on the screen, like ACDE-FGHJ."] });
        var code = JoinCodes.Normalise(request.Code);
        var workshop = code is null ? null : await workshops.FindByCodeAsync(code, ct);
        if (workshop is null)
            return TypedResults.Problem("No workshop has that code. Check it against the screen: 8 letters and numbers, like ACDE-FGHJ.", statusCode: 404, title: "Not found");
        if (!workshop.IsOpen)
            return TypedResults.Problem("This workshop has closed, so its code no longer works. Ask the facilitator for the current one.", statusCode: 410, title: "Workshop closed");

        if (user.LearnerIdOrNull() is { } signedIn)
        {
            if (await workshops.JoinAsync(workshop.Id, signedIn, clock.GetUtcNow(), ct)) await notifier.ChangedAsync(workshop.Id, ct);
            return TypedResults.Ok(new JoinedWorkshop(workshop.Id, signedIn, null));
        }

        var details = new RegisterLearnerRequest(request.Name, null, request.RegistrationNumber, request.Profession);
        var errors = details.Validate(new ValidationContext(details)).ToList();
        if (errors.Count > 0)
            return Problems.Invalid(errors.GroupBy(e => e.MemberNames.First()).ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage!).ToArray()));

        var token = Tokens.New();
        var now = clock.GetUtcNow();
        var learner = new LearnerProfile(Guid.NewGuid(), RegisterLearnerRequest.Normalised(request.Name)!, null,
            RegisterLearnerRequest.Blank(request.RegistrationNumber)?.ToUpperInvariant(), RegisterLearnerRequest.Normalised(request.Profession), now);
        // The delegate and their place in the room in one transaction: a join that fails leaves no delegate without a room.
        await learners.CreateAsync(learner, Tokens.Hash(token), ct,
            alsoInTransaction: (connection, tx) => WorkshopStore.AddNewMemberAsync(connection, tx, workshop.Id, learner.Id, now));
        await notifier.ChangedAsync(workshop.Id, ct);
        return TypedResults.Ok(new JoinedWorkshop(workshop.Id, learner.Id, token));
    }

    static async Task<Results<Ok<WorkshopSessionView>, ProblemHttpResult>> Session(Guid workshopId, ClaimsPrincipal user, WorkshopStore workshops, CancellationToken ct)
    {
        if (!await workshops.IsMemberAsync(workshopId, user.LearnerId(), ct) || await workshops.FindAsync(workshopId, ct) is not { } w)
            return Problems.NotFound($"You have not joined a workshop '{workshopId}'.");
        return TypedResults.Ok(new WorkshopSessionView(w.Id, w.Title, w.ModuleIds, w.CurrentCaseId, w.SelfPaced, !w.IsOpen));
    }

    static async Task<Results<Ok<RoomView>, ProblemHttpResult>> Room(Guid workshopId, ClaimsPrincipal user, Catalog catalog, WorkshopStore workshops, CancellationToken ct)
    {
        var learnerId = user.LearnerId();
        if (!await workshops.IsMemberAsync(workshopId, learnerId, ct) || await workshops.FindAsync(workshopId, ct) is not { } w)
            return Problems.NotFound($"You have not joined a workshop '{workshopId}'.");
        var room = Distribution.Build(WorkshopEndpoints.Modules(catalog, w), (await workshops.CountsAsync(w.Id, ct))!);
        var revealed = room.Revealed.Count == 0 ? [] : Distribution.ForDelegate(room, await workshops.AnsweredByAsync(w.Id, learnerId, ct));
        return TypedResults.Ok(new RoomView(w.Id, w.Title, w.CurrentCaseId, w.SelfPaced, !w.IsOpen, revealed));
    }
}
