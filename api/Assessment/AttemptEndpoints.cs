using System.Security.Claims;
using ELearning.Api.Content;
using ELearning.Api.Identity;
using Microsoft.AspNetCore.Http.HttpResults;
using ELearning.Api.Infrastructure;

namespace ELearning.Api.Assessment;

public static class AttemptEndpoints
{
    public static IEndpointRouteBuilder MapAttempts(this IEndpointRouteBuilder app)
    {
        var attempts = app.MapGroup("/api/attempts").WithTags("Attempts").RequireAuthorization(Policies.Learner)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        attempts.MapPost("/", Start).WithName("StartAttempt").ProducesProblem(StatusCodes.Status403Forbidden)
            .WithSummary("Start an attempt at a module (an LMS session: only under its own launch, or a SCORM retry of its failed attempt)");
        attempts.MapGet("/{attemptId:guid}", Get).WithName("GetAttempt").WithSummary("Where the delegate is, with answers so far, for resuming");
        attempts.MapPost("/{attemptId:guid}/answers", Answer).WithName("AnswerNode").RequireRateLimiting(RateLimitPolicies.Answer)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .WithSummary("Answer (or, for consequence and ending nodes, acknowledge) the next node; a retry with the same answer is safe");
        attempts.MapPost("/{attemptId:guid}/case", OpenCase).WithName("OpenAttemptCase")
            .WithSummary("Go to the start of a case not yet begun, out of the module's order, where allowed (a workshop's current case)")
            .ProducesValidationProblem();
        attempts.MapPost("/{attemptId:guid}/complete", Complete).WithName("CompleteAttempt")
            .WithSummary("Score the finished attempt against the module's pass mark");
        return app;
    }

    static async Task<Results<Created<AttemptStarted>, ProblemHttpResult, ValidationProblem>> Start(
        StartAttemptRequest request, ClaimsPrincipal user, Catalog catalog, AttemptStore attempts, AttemptEvents events, [Microsoft.AspNetCore.Mvc.FromServices] IEnumerable<ILaunchGate> launches,
        [Microsoft.AspNetCore.Mvc.FromServices] IEnumerable<ICaseOrderPolicy> orderPolicies, LearnerStore learners, TimeProvider clock, CancellationToken ct)
    {
        // The module list comes from the catalog, so this check is the handler's, not the request type's.
        if (string.IsNullOrWhiteSpace(request.ModuleId))
            return Problems.Invalid(new() { ["moduleId"] = ["Say which module to start: " + string.Join(", ", catalog.Modules.Select(m => m.Id)) + "."] });
        if (catalog.FindModule(request.ModuleId) is not { } module)
            return Problems.NotFound($"There is no module '{request.ModuleId}'.");

        var scope = user.LmsScopeOrNull();
        if (!user.IsDelegate() && !await MayStartInScopeAsync(scope, module, request.LaunchId, user.LearnerId(), attempts, ct))
            return TypedResults.Problem("A session started by a learning system records progress on its own attempt only: open the module again from your learning system.",
                statusCode: StatusCodes.Status403Forbidden, title: "Not allowed");

        var attempt = AttemptRecord.Begin(module, user.LearnerId(), clock.GetUtcNow());
        if (request.LaunchId is { } launchId)
        {
            // Started under an LMS launch: the attempt belongs to a launch of its own, which the LMS feature names.
            if (await LaunchOfNewAttemptAsync(launches, launchId, user.LearnerId(), attempt.Id, ct) is not { } ownLaunch)
                return Problems.NotFound($"You have no launch '{launchId}'.");
            attempt = attempt with { LaunchId = ownLaunch };
        }
        if (request.CaseId is { } caseId && caseId != module.Cases[0].Id)
        {
            if (module.FindCase(caseId) is not { } first)
                return Problems.Invalid(new() { ["caseId"] = [$"Module '{module.Id}' has no case '{caseId}'."] });
            if (!await MayOpenCaseAsync(orderPolicies, user.LearnerId(), module.Id, first.Id, ct))
                return Problems.Conflict($"Cases go in order: this module begins with case '{module.Cases[0].Id}'.");
            attempt = attempt with { Next = new(first.Id, first.Start) };
        }
        await attempts.CreateAsync(attempt, events.Begun(new(attempt.Id, attempt.LearnerId, module, attempt.StartedAt, attempt.LaunchId, request.LaunchId, attempt.Next?.CaseId)), ct);
        // A SCORM retry: the session moves on to its new attempt (and so no longer reaches the failed one).
        if (scope is { Kind: LmsScope.ScormKind } && user.FindFirstValue(IdentityClaims.TokenHash) is { } tokenHash)
            await learners.MoveScopeAsync(tokenHash, scope, LmsScope.Scorm(attempt.Id), ct);
        return TypedResults.Created($"/api/attempts/{attempt.Id}", new AttemptStarted(attempt.Id, module.Id, attempt.Next!));
    }

    /// <summary>
    /// An LMS session starts an attempt only where its LMS would record it: Tin Can, under its own launch; SCORM, a
    /// retry of the module its failed attempt was at (the SCO in the LMS reports the new result). cmi5, never: a new
    /// attempt is a new session, which only the LMS starts.
    /// </summary>
    static async Task<bool> MayStartInScopeAsync(LmsScope? scope, ModuleContent module, Guid? launchId, Guid learnerId, AttemptStore attempts, CancellationToken ct) => scope switch
    {
        { Kind: LmsScope.TinCanKind } => launchId == scope.Id,
        { Kind: LmsScope.ScormKind } => launchId is null && await attempts.FindAsync(scope.Id, learnerId, ct) is
            { Status: AttemptStatus.Completed, Passed: not true } failed && failed.ModuleId == module.Id,
        _ => false,
    };

    /// <summary>The caller's attempt, if it is theirs and (for an LMS session) within its scope; otherwise not found, as another delegate's is.</summary>
    static async Task<AttemptRecord?> FindMineAsync(AttemptStore attempts, Guid attemptId, ClaimsPrincipal user, CancellationToken ct) =>
        await attempts.FindAsync(attemptId, user.LearnerId(), ct) is { } attempt && user.MayUseAttempt(attempt.Id, attempt.LaunchId) ? attempt : null;

    static async Task<Guid?> LaunchOfNewAttemptAsync(IEnumerable<ILaunchGate> gates, Guid launchId, Guid learnerId, Guid attemptId, CancellationToken ct)
    {
        foreach (var gate in gates)
            if (await gate.LaunchOfNewAttemptAsync(launchId, learnerId, attemptId, ct) is { } own) return own;
        return null;
    }

    static async Task<bool> MayOpenCaseAsync(IEnumerable<ICaseOrderPolicy> policies, Guid learnerId, string moduleId, string caseId, CancellationToken ct)
    {
        foreach (var policy in policies)
            if (await policy.MayOpenCaseAsync(learnerId, moduleId, caseId, ct)) return true;
        return false;
    }

    static async Task<Results<Ok<AttemptView>, ProblemHttpResult, ValidationProblem>> OpenCase(
        Guid attemptId, OpenCaseRequest request, ClaimsPrincipal user, Catalog catalog, AttemptStore attempts,
        [Microsoft.AspNetCore.Mvc.FromServices] IEnumerable<ICaseOrderPolicy> orderPolicies, TimeProvider clock, CancellationToken ct)
    {
        if (await FindMineAsync(attempts, attemptId, user, ct) is not { } attempt) return NoSuchAttempt(attemptId);
        var module = catalog.FindModule(attempt.ModuleId)!;
        if (string.IsNullOrWhiteSpace(request.CaseId) || module.FindCase(request.CaseId) is not { } @case)
            return Problems.Invalid(new() { ["caseId"] = [$"Choose a case of module '{module.Id}': {string.Join(", ", module.Cases.Select(c => c.Id))}."] });
        if (attempt.Next?.CaseId != @case.Id)
        {
            if (attempt.Status != AttemptStatus.InProgress)
                return Problems.Conflict("This attempt is completed; start a new attempt to answer again.");
            var answers = await attempts.AnswersAsync(attemptId, ct);
            if (answers.Any(a => a.CaseId == @case.Id))
                return Problems.Conflict($"You have already begun case '{@case.Id}' in this attempt.");
            if (!await MayOpenCaseAsync(orderPolicies, attempt.LearnerId, module.Id, @case.Id, ct))
                return Problems.Conflict($"Answer the cases in order: the next one is case '{attempt.Next?.CaseId}'.");
            if (!await attempts.MoveToAsync(attempt, new(@case.Id, @case.Start), clock.GetUtcNow(), ct))
                return Problems.Conflict("The attempt moved on while the case was being opened; reload and try again.");
        }
        var moved = (await attempts.FindAsync(attemptId, user.LearnerId(), ct))!;
        return TypedResults.Ok(AttemptViews.Attempt(catalog, module, moved, await attempts.AnswersAsync(attemptId, ct)));
    }

    static async Task<Results<Ok<AttemptView>, ProblemHttpResult>> Get(
        Guid attemptId, ClaimsPrincipal user, Catalog catalog, AttemptStore attempts, CancellationToken ct)
    {
        if (await FindMineAsync(attempts, attemptId, user, ct) is not { } attempt) return NoSuchAttempt(attemptId);
        var answers = await attempts.AnswersAsync(attemptId, ct);
        return TypedResults.Ok(AttemptViews.Attempt(catalog, catalog.FindModule(attempt.ModuleId)!, attempt, answers));
    }

    static async Task<Results<Ok<AnswerOutcomeView>, ProblemHttpResult, ValidationProblem>> Answer(
        Guid attemptId, AnswerRequest request, ClaimsPrincipal user, Catalog catalog, AttemptStore attempts, AttemptEvents events, TimeProvider clock,
        CancellationToken ct)
    {
        if (await attempts.FindWithAnswerAsync(attemptId, user.LearnerId(), request.CaseId!, request.NodeId!, ct) is not { } found
            || !user.MayUseAttempt(found.Attempt.Id, found.Attempt.LaunchId))
            return NoSuchAttempt(attemptId);
        var (attempt, earlier) = found;
        var module = catalog.FindModule(attempt.ModuleId)!;
        if (module.FindCase(request.CaseId!) is not { } @case) return Problems.NotFound($"Module '{module.Id}' has no case '{request.CaseId}'.");
        if (@case.FindNode(request.NodeId!) is not { } node) return Problems.NotFound($"Case '{@case.Id}' has no node '{request.NodeId}'.");

        var (response, shapeErrors) = LearnerResponse.Parse(request.Response, node);
        if (response is null) return Problems.Invalid(shapeErrors, $"That is not an answer to a {node.Type} node.");

        var scored = Scoring.Score(node, response);
        var earlierAnswers = node.Type == NodeTypes.Ending ? await attempts.MarksAsync(attemptId, ct) : null;
        var next = Navigation.After(module, @case, node, scored.NextNodeId, earlierAnswers?.Select(a => a.CaseId).ToHashSet());
        var outcome = AttemptViews.Outcome(catalog, @case, scored, next);

        if (earlier is not null) return SameAsEarlier(earlier, response, outcome);
        if (attempt.Status != AttemptStatus.InProgress)
            return Problems.Conflict("This attempt is completed; start a new attempt to answer again.");
        if (attempt.Next != new Position(@case.Id, node.Id))
            return Problems.Conflict($"Answer the nodes in order: the next one is case '{attempt.Next?.CaseId}', node '{attempt.Next?.NodeId}'.");

        var answer = new AnswerRecord(@case.Id, node.Id, attempt.AnswerCount + 1, response, scored.Score, scored.MaxScore, scored.Correct, clock.GetUtcNow());
        var tally = earlierAnswers is not null ? CaseTally.Of(earlierAnswers, answer, attempt.StartedAt) : null;
        var answered = new NodeAnswered(attempt.Id, attempt.LearnerId, module, @case, node, answer, scored, next, attempt.StartedAt, attempt.UpdatedAt,
            attempt.LaunchId, tally);
        if (await attempts.RecordAnswerAsync(attempt, answer, next, events.Answered(answered), ct))
        {
            await events.AnswerCommittedAsync(answered, ct);
            return TypedResults.Ok(outcome);
        }

        // Another request for the same node committed first: treat it like any other retry.
        return await attempts.FindAnswerAsync(attemptId, @case.Id, node.Id, ct) is { } winner
            ? SameAsEarlier(winner, response, outcome)
            : Problems.Conflict("The attempt moved on while this answer was being recorded; reload and try again.");
    }

    static Results<Ok<AnswerOutcomeView>, ProblemHttpResult, ValidationProblem> SameAsEarlier(
        AnswerRecord earlier, LearnerResponse response, AnswerOutcomeView outcome) =>
        earlier.Response.ToCanonicalJson() == response.ToCanonicalJson()
            ? TypedResults.Ok(outcome)
            : Problems.Conflict("This node was already answered differently; an answer cannot be changed.");

    static async Task<Results<Ok<ModuleResult>, ProblemHttpResult>> Complete(
        Guid attemptId, ClaimsPrincipal user, Catalog catalog, AttemptStore attempts, AttemptEvents events,
        [Microsoft.AspNetCore.Mvc.FromServices] IEnumerable<ILaunchRules> launchRules, TimeProvider clock, CancellationToken ct)
    {
        if (await FindMineAsync(attempts, attemptId, user, ct) is not { } attempt) return NoSuchAttempt(attemptId);
        var module = catalog.FindModule(attempt.ModuleId)!;
        // Launched by an LMS, its pass mark (cmi5 masteryScore) decides, so the delegate sees the verdict the LMS records;
        // a Browse or Review launch records no result, so its attempt is never a pass that counts toward anything.
        var rules = attempt.LaunchId is { } launch ? await RulesAsync(launchRules, launch, ct) : null;
        var result = Scoring.Result(attempt.RawScore, attempt.MaxScore, rules?.PassMark ?? module.Definition.PassMark);
        if (rules is { RecordsResult: false }) result = result with { Passed = false };
        if (attempt.Status == AttemptStatus.Completed) return TypedResults.Ok(result with { Passed = attempt.Passed == true });
        if (attempt.Next is not null)
            return Problems.Conflict($"The module is not finished: the next node is case '{attempt.Next.CaseId}', node '{attempt.Next.NodeId}'.");

        var now = clock.GetUtcNow();
        var completed = new ModuleCompleted(attempt.Id, attempt.LearnerId, module, result, now, attempt.StartedAt, attempt.LaunchId);
        await attempts.CompleteAsync(attempt, result, now, events.Completed(completed), ct);
        // The result is recorded; what follows from it (the certificate) is made again on demand if it fails now.
        await events.CompletionCommittedAsync(completed, ct);
        return TypedResults.Ok(result);
    }

    static async Task<LaunchRules?> RulesAsync(IEnumerable<ILaunchRules> sources, Guid launchId, CancellationToken ct)
    {
        foreach (var source in sources)
            if (await source.RulesAsync(launchId, ct) is { } rules) return rules;
        return null;
    }

    static ProblemHttpResult NoSuchAttempt(Guid attemptId) => Problems.NotFound($"You have no attempt '{attemptId}'.");
}
