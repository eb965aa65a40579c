using System.Security.Claims;
using ELearning.Api.Content;
using ELearning.Api.Identity;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace ELearning.Api.Workshops;

/// <summary>A facilitator's workshops: create, list, open a case for the room, pacing, the room's answers, close.</summary>
public static class WorkshopEndpoints
{
    public static IEndpointRouteBuilder MapWorkshops(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/workshops").WithTags("Workshops").RequireAuthorization(Policies.Facilitator)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapPost("/", Create).WithName("CreateWorkshop").WithSummary("Create a workshop with a join code").ProducesValidationProblem();
        group.MapGet("/", List).WithName("ListWorkshops").WithSummary("Your workshops, newest first (an administrator sees all)");
        group.MapGet("/{workshopId:guid}", Get).WithName("GetWorkshop").WithSummary("One of your workshops").ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/{workshopId:guid}/close", Close).WithName("CloseWorkshop").WithSummary("Close the workshop: its code stops working")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/{workshopId:guid}/current", Current).WithName("OpenWorkshopCase").WithSummary("Open a case for the room")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/{workshopId:guid}/self-pacing", SelfPacing).WithName("WorkshopSelfPacing")
            .WithSummary("Allow delegates to work ahead of the room, or not").ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/{workshopId:guid}/reveal", Reveal).WithName("RevealWorkshopNode")
            .WithSummary("Show the room's distribution for a node to the delegates who answered it").ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet("/{workshopId:guid}/distribution", GetDistribution).WithName("WorkshopDistribution")
            .WithSummary("How the room answered each node: counts only").ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/{workshopId:guid}/events", WorkshopEventStream.StreamAsync).WithName("WorkshopEvents").Produces(StatusCodes.Status200OK, contentType: "text/event-stream")
            .WithSummary("The distribution as server-sent events (event 'distribution'; resume with Last-Event-ID)")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/{workshopId:guid}/attendance.csv", Attendance.CsvAsync).WithName("WorkshopAttendance")
            .WithSummary("Attendance: name, registration number, profession, joined, modules passed, scores, certificate id")
            .Produces(StatusCodes.Status200OK, contentType: "text/csv").ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/{workshopId:guid}/roster", Roster.GetAsync).WithName("WorkshopRoster")
            .WithSummary("Who joined, where each delegate is, done or not (names: for the facilitator, not the shared screen)")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/{workshopId:guid}/qr.svg", JoinQrCode.GetAsync).WithName("WorkshopQrCode")
            .WithSummary("The join link as a QR code (SVG) for the projector")
            .Produces(StatusCodes.Status200OK, contentType: "image/svg+xml").ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    static async Task<Results<Created<CreatedWorkshop>, ProblemHttpResult, ValidationProblem>> Create(
        CreateWorkshopRequest request, ClaimsPrincipal user, Catalog catalog, WorkshopStore workshops, IOptions<AppOptions> appOptions, TimeProvider clock, CancellationToken ct)
    {
        if (user.FacilitatorIdOrNull() is not { } facilitatorId)
            return TypedResults.Problem("Workshops are run by facilitators: an administrator adds one with POST /api/admin/facilitators.", statusCode: 403, title: "Not allowed");
        var unknown = request.ModuleIds!.Where(m => catalog.FindModule(m) is null).ToList();
        if (unknown.Count > 0)
            return Problems.Invalid(new() { ["moduleIds"] = [$"There is no module {string.Join(", ", unknown.Select(u => $"'{u}'"))}; choose from {string.Join(", ", catalog.Modules.Select(m => m.Id))}."] });

        for (var tries = 0; ; tries++)
        {
            var workshop = new WorkshopRecord(Guid.NewGuid(), facilitatorId, request.Title!.Trim(), request.ScheduledFor, JoinCodes.New(), null,
                request.SelfPaced ?? false, 0, clock.GetUtcNow(), null, [.. request.ModuleIds!.Distinct()]);
            try
            {
                await workshops.CreateAsync(workshop, new(AuditActor.Of(user), AuditActions.WorkshopCreated, workshop.Id.ToString(), workshop.CreatedAt), ct);
                return TypedResults.Created($"/api/workshops/{workshop.Id}",
                    new CreatedWorkshop(workshop.Id, JoinCodes.Display(workshop.JoinCode), JoinUrl(appOptions.Value, workshop.JoinCode)));
            }
            catch (System.Data.Common.DbException) when (tries < 3) { } // a code another workshop holds: draw again
        }
    }

    /// <summary>The address a QR code on the screen opens: the player's join page, code filled in.</summary>
    public static string JoinUrl(AppOptions app, string joinCode) => new Uri(app.BaseUri, $"?code={JoinCodes.Display(joinCode)}#/join").AbsoluteUri;

    static async Task<Ok<WorkshopView[]>> List(ClaimsPrincipal user, WorkshopStore workshops, IOptions<AppOptions> appOptions, CancellationToken ct)
    {
        var list = await workshops.ListAsync(user.IsAdministrator() ? null : user.FacilitatorIdOrNull(), ct);
        var views = new List<WorkshopView>();
        foreach (var w in list) views.Add(await ViewAsync(w, workshops, appOptions.Value, ct));
        return TypedResults.Ok(views.ToArray());
    }

    static async Task<Results<Ok<WorkshopView>, ProblemHttpResult>> Get(
        Guid workshopId, ClaimsPrincipal user, WorkshopStore workshops, IOptions<AppOptions> appOptions, CancellationToken ct) =>
        await OwnAsync(workshopId, user, workshops, ct) is { } w ? TypedResults.Ok(await ViewAsync(w, workshops, appOptions.Value, ct)) : NoSuchWorkshop(workshopId);

    static async Task<Results<Ok<WorkshopView>, ProblemHttpResult>> Close(
        Guid workshopId, ClaimsPrincipal user, WorkshopStore workshops, IWorkshopNotifier notifier, IOptions<AppOptions> appOptions, TimeProvider clock, CancellationToken ct)
    {
        if (await OwnAsync(workshopId, user, workshops, ct) is not { } w) return NoSuchWorkshop(workshopId);
        if (w.IsOpen)
        {
            await workshops.CloseAsync(w.Id, clock.GetUtcNow(), new(AuditActor.Of(user), AuditActions.WorkshopClosed, w.Id.ToString(), clock.GetUtcNow()), ct);
            await notifier.ChangedAsync(w.Id, ct);
        }
        return TypedResults.Ok(await ViewAsync((await workshops.FindAsync(w.Id, ct))!, workshops, appOptions.Value, ct));
    }

    static async Task<Results<Ok<WorkshopView>, ProblemHttpResult, ValidationProblem>> Current(
        Guid workshopId, CurrentCaseRequest request, ClaimsPrincipal user, Catalog catalog, WorkshopStore workshops, IWorkshopNotifier notifier,
        IOptions<AppOptions> appOptions, CancellationToken ct)
    {
        if (await OwnAsync(workshopId, user, workshops, ct) is not { } w) return NoSuchWorkshop(workshopId);
        var cases = w.ModuleIds.Select(catalog.FindModule).OfType<ModuleContent>().SelectMany(m => m.Cases).Select(c => c.Id).ToList();
        if (string.IsNullOrWhiteSpace(request.CaseId) || !cases.Contains(request.CaseId))
            return Problems.Invalid(new() { ["caseId"] = [$"Choose a case of this workshop's modules: {string.Join(", ", cases)}."] });
        if (!w.IsOpen) return Problems.Conflict("This workshop is closed.");
        await workshops.SetCurrentCaseAsync(w.Id, request.CaseId, ct);
        await notifier.ChangedAsync(w.Id, ct);
        return TypedResults.Ok(await ViewAsync((await workshops.FindAsync(w.Id, ct))!, workshops, appOptions.Value, ct));
    }

    static async Task<Results<Ok<WorkshopView>, ProblemHttpResult, ValidationProblem>> SelfPacing(
        Guid workshopId, SelfPacingRequest request, ClaimsPrincipal user, WorkshopStore workshops, IWorkshopNotifier notifier,
        IOptions<AppOptions> appOptions, CancellationToken ct)
    {
        if (await OwnAsync(workshopId, user, workshops, ct) is not { } w) return NoSuchWorkshop(workshopId);
        if (request.Allowed is not { } allowed) return Problems.Invalid(new() { ["allowed"] = ["Say whether delegates may work ahead: true or false."] });
        if (!w.IsOpen) return Problems.Conflict("This workshop is closed.");
        await workshops.SetSelfPacedAsync(w.Id, allowed, ct);
        await notifier.ChangedAsync(w.Id, ct);
        return TypedResults.Ok(await ViewAsync((await workshops.FindAsync(w.Id, ct))!, workshops, appOptions.Value, ct));
    }

    static async Task<Results<Ok<DistributionView>, ProblemHttpResult, ValidationProblem>> Reveal(
        Guid workshopId, RevealRequest request, ClaimsPrincipal user, Catalog catalog, WorkshopStore workshops, IWorkshopNotifier notifier,
        TimeProvider clock, CancellationToken ct)
    {
        if (await OwnAsync(workshopId, user, workshops, ct) is not { } w) return NoSuchWorkshop(workshopId);
        var cases = Modules(catalog, w).SelectMany(m => m.Cases).ToList();
        if (cases.FirstOrDefault(c => c.Id == request.CaseId) is not { } @case)
            return Problems.Invalid(new() { ["caseId"] = [$"Choose a case of this workshop's modules: {string.Join(", ", cases.Select(c => c.Id))}."] });
        var decisions = @case.Nodes.Where(n => NodeTypes.IsDecision(n.Type)).Select(n => n.Id).ToList();
        if (request.NodeId is null || !decisions.Contains(request.NodeId))
            return Problems.Invalid(new() { ["nodeId"] = [$"Choose a question of case '{@case.Id}': {string.Join(", ", decisions)}."] });
        if (!w.IsOpen) return Problems.Conflict("This workshop is closed.");
        if (await workshops.RevealAsync(w.Id, @case.Id, request.NodeId, clock.GetUtcNow(), ct)) await notifier.ChangedAsync(w.Id, ct);
        return TypedResults.Ok(Distribution.Build(Modules(catalog, w), (await workshops.CountsAsync(w.Id, ct))!));
    }

    static async Task<Results<Ok<DistributionView>, ProblemHttpResult>> GetDistribution(
        Guid workshopId, ClaimsPrincipal user, Catalog catalog, WorkshopStore workshops, CancellationToken ct)
    {
        if (await OwnAsync(workshopId, user, workshops, ct) is not { } w) return NoSuchWorkshop(workshopId);
        return TypedResults.Ok(Distribution.Build(Modules(catalog, w), (await workshops.CountsAsync(w.Id, ct))!));
    }

    public static IEnumerable<ModuleContent> Modules(Catalog catalog, WorkshopRecord w) => w.ModuleIds.Select(catalog.FindModule).OfType<ModuleContent>();

    /// <summary>The workshop if the caller runs it (or is an administrator); another facilitator's is not found, not forbidden.</summary>
    public static async Task<WorkshopRecord?> OwnAsync(Guid workshopId, ClaimsPrincipal user, WorkshopStore workshops, CancellationToken ct) =>
        await workshops.FindAsync(workshopId, ct) is { } w && (user.IsAdministrator() || user.FacilitatorIdOrNull() == w.FacilitatorId) ? w : null;

    public static ProblemHttpResult NoSuchWorkshop(Guid workshopId) => Problems.NotFound($"You have no workshop '{workshopId}'.");

    static async Task<WorkshopView> ViewAsync(WorkshopRecord w, WorkshopStore workshops, AppOptions app, CancellationToken ct) =>
        new(w.Id, w.Title, w.ModuleIds, w.ScheduledFor, JoinCodes.Display(w.JoinCode), JoinUrl(app, w.JoinCode), w.CurrentCaseId, w.SelfPaced,
            await workshops.DelegateCountAsync(w.Id, ct), w.CreatedAt, w.ClosedAt);
}
