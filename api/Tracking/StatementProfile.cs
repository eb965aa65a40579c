using ELearning.Api.Assessment;
using ELearning.Api.Content;
using ELearning.Api.Tracking.Xapi;

namespace ELearning.Api.Tracking;

/// <summary>A delegate's answer to a node, with what the profile needs to know about its case.</summary>
public sealed record AnswerEvent(
    Guid Registration, Agent Actor, ModuleContent Module, Case Case, CaseNode Node, LearnerResponse Response,
    ScoredAnswer Scored, Position? Next, DateTimeOffset At, TimeSpan TimeOnNode, CaseTally? CaseSoFar);

/// <summary>
/// The statement profile (docs/xapi-profile.md) as pure functions: an event of an attempt in, its statements
/// out, in the order they are to be sent. Ids are name-based on (registration, verb, object), so the same
/// event always yields the same statements.
/// </summary>
public static class StatementProfile
{
    /// <summary>Starting an attempt: initialized the module, attempted its first case (or <paramref name="first"/>, the workshop room's case).</summary>
    public static IReadOnlyList<Statement> Started(ProfileSettings s, Guid registration, Agent actor, ModuleContent module, DateTimeOffset at, Case? first = null) =>
    [
        Make(s, registration, actor, Verbs.Initialized, Activities.Module(s, module), ModuleContext(s, registration), null, at),
        Make(s, registration, actor, Verbs.Attempted, Activities.Case(s, module, first ?? module.Cases[0]), CaseContext(s, registration, module), null, at),
    ];

    /// <summary>
    /// An answer to (or acknowledgement of) a node: answered for a question, experienced for a consequence;
    /// a case's ending completes the case and, if another follows, attempts the next one.
    /// </summary>
    public static IReadOnlyList<Statement> Answered(ProfileSettings s, AnswerEvent e)
    {
        var nodeContext = NodeContext(s, e.Registration, e.Module, e.Case);
        switch (e.Node.Type)
        {
            case NodeTypes.Consequence:
                return [Make(s, e.Registration, e.Actor, Verbs.Experienced, Activities.Page(s, e.Module, e.Case, e.Node), nodeContext,
                    new Result { Duration = e.TimeOnNode }, e.At)];
            case NodeTypes.Ending:
                var tally = e.CaseSoFar ?? new CaseTally(0, e.TimeOnNode);
                var caseCompleted = Make(s, e.Registration, e.Actor, Verbs.Completed, Activities.Case(s, e.Module, e.Case),
                    CaseContext(s, e.Registration, e.Module),
                    new Result { Score = Points(tally.Raw, e.Case.MaxScore), Completion = true, Duration = tally.Duration }, e.At);
                return e.Next is { } next && e.Module.FindCase(next.CaseId) is { } nextCase && nextCase.Id != e.Case.Id
                    ? [caseCompleted, Make(s, e.Registration, e.Actor, Verbs.Attempted, Activities.Case(s, e.Module, nextCase),
                        CaseContext(s, e.Registration, e.Module), null, e.At)]
                    : [caseCompleted];
            default:
                return [Make(s, e.Registration, e.Actor, Verbs.Answered, Activities.Question(s, e.Module, e.Case, e.Node), nodeContext,
                    AnswerResult(s, e), e.At)];
        }
    }

    /// <summary>
    /// Completing the module: completed, then passed or failed against the pass mark, then terminated
    /// (cmi5 9.3 order; score only on passed/failed, success true/false there, duration on all three: cmi5 9.5).
    /// </summary>
    public static IReadOnlyList<Statement> Completed(
        ProfileSettings s, Guid registration, Agent actor, ModuleContent module, ModuleResult result, DateTimeOffset at, TimeSpan duration)
    {
        var activity = Activities.Module(s, module);
        var context = ModuleContext(s, registration);
        var score = result.Max > 0
            ? new Score { Scaled = result.Scaled, Raw = result.Raw, Min = 0, Max = result.Max }
            : new Score { Scaled = result.Scaled };
        return
        [
            Make(s, registration, actor, Verbs.Completed, activity, context, new Result { Completion = true, Duration = duration }, at),
            Make(s, registration, actor, result.Passed ? Verbs.Passed : Verbs.Failed, activity, context,
                new Result { Score = score, Success = result.Passed, Duration = duration }, at),
            Make(s, registration, actor, Verbs.Terminated, activity, context, new Result { Duration = duration }, at),
        ];
    }

    /// <summary>
    /// The whole course done (every module passed): completed and passed of the course, the activity a Tin Can
    /// package launches (tincan.xml), so an LMS that looks for completion of what it launched finds it.
    /// </summary>
    public static IReadOnlyList<Statement> CourseCompleted(ProfileSettings s, Guid registration, Agent actor, DateTimeOffset at, TimeSpan duration)
    {
        var course = Activities.Course(s);
        var context = Context(s, registration, new ContextActivities { Category = [Activities.Profile(s)] });
        return
        [
            Make(s, registration, actor, Verbs.Completed, course, context, new Result { Completion = true, Duration = duration }, at),
            Make(s, registration, actor, Verbs.Passed, course, context, new Result { Success = true, Completion = true, Duration = duration }, at),
        ];
    }

    /// <summary>For a player that reports leaving and coming back (not emitted by the API yet: see the profile).</summary>
    public static Statement Suspended(ProfileSettings s, Guid registration, Agent actor, ModuleContent module, DateTimeOffset at, TimeSpan duration, int session) =>
        Make(s, registration, actor, Verbs.Suspended, Activities.Module(s, module), ModuleContext(s, registration),
            new Result { Duration = duration }, at, $"session {session}");

    public static Statement Resumed(ProfileSettings s, Guid registration, Agent actor, ModuleContent module, DateTimeOffset at, int session) =>
        Make(s, registration, actor, Verbs.Resumed, Activities.Module(s, module), ModuleContext(s, registration), null, at, $"session {session}");

    /// <summary>
    /// Statements made in a workshop: each gains the facilitator as context.instructor and the workshop session as a
    /// grouping activity (after the ones it had), nothing else changes (not the ids: the same work is the same statement).
    /// </summary>
    public static IReadOnlyList<Statement> InWorkshop(ProfileSettings s, IReadOnlyList<Statement> statements, WorkshopSession? workshop)
    {
        if (workshop is null) return statements;
        var instructor = Instructor(s, workshop);
        var session = Activities.Workshop(s, workshop);
        return [.. statements.Select(statement =>
        {
            var context = statement.Context ?? new Context { Platform = s.Platform, Language = s.Language };
            var activities = context.ContextActivities ?? new ContextActivities();
            return statement with
            {
                Context = context with
                {
                    Instructor = instructor,
                    ContextActivities = activities with { Grouping = [.. activities.Grouping ?? [], session] },
                },
            };
        })];
    }

    /// <summary>
    /// A delegate attended the workshop: sent when the facilitator closes it, for each delegate who joined, with the
    /// time from joining to the close as its duration. One per delegate and workshop (its id is name-based on both).
    /// </summary>
    public static Statement Attended(ProfileSettings s, WorkshopSession workshop, Guid learnerId, Agent actor, DateTimeOffset joinedAt, DateTimeOffset closedAt)
    {
        var session = Activities.Workshop(s, workshop);
        return new()
        {
            Id = StatementIds.For(workshop.Id, Verbs.Attended, session.Id + " " + learnerId.ToString("D")),
            Actor = actor,
            Verb = Verbs.Attended,
            Target = session,
            Result = new Result { Duration = closedAt > joinedAt ? closedAt - joinedAt : TimeSpan.Zero },
            Context = new Context
            {
                Instructor = Instructor(s, workshop),
                ContextActivities = new ContextActivities { Grouping = [Activities.Course(s)], Category = [Activities.Profile(s)] },
                Platform = s.Platform,
                Language = s.Language,
            },
            Timestamp = closedAt,
        };
    }

    /// <summary>
    /// The facilitator as an Agent with their name: by email (mbox) where the profile identifies people by email and
    /// theirs is known, else by an account on our home page named with their facilitator id (as delegates are).
    /// </summary>
    public static Agent Instructor(ProfileSettings s, WorkshopSession workshop) =>
        (s.UseMbox && !string.IsNullOrWhiteSpace(workshop.FacilitatorEmail)
            ? Agent.WithMbox(workshop.FacilitatorEmail.Trim())
            : Agent.WithAccount(s.HomePage, workshop.FacilitatorId.ToString("D"))) with { Name = workshop.FacilitatorName is { Length: > 0 } name ? name : null };

    /// <summary>D 2.4.2: the pseudonymous account by default; the email address only where configured and known.</summary>
    public static Agent Actor(ProfileSettings s, Guid learnerId, string? email) =>
        s.UseMbox && !string.IsNullOrWhiteSpace(email) ? Agent.WithMbox(email.Trim()) : Agent.WithAccount(s.HomePage, learnerId.ToString("D"));

    static Result AnswerResult(ProfileSettings s, AnswerEvent e)
    {
        if (e.Node.Type == NodeTypes.Reflection)
            return new Result { Completion = true, Response = s.SendReflectionText ? e.Response.Text ?? "" : null, Duration = e.TimeOnNode };
        return new Result
        {
            Score = Points(e.Scored.Score, e.Scored.MaxScore),
            Success = e.Scored.Correct,
            Completion = true,
            Response = Response(e.Node, e.Response),
            Duration = e.TimeOnNode,
        };
    }

    /// <summary>D, Interaction Activities, "Response Patterns": choice ids joined with [,]; true-false as "true"/"false".</summary>
    public static string Response(CaseNode node, LearnerResponse response) => node.Type switch
    {
        NodeTypes.TrueFalse => response.Value == true ? "true" : "false",
        NodeTypes.SelectText => string.Join(InteractionTypes.Delimiter, response.Selected ?? []),
        NodeTypes.Reflection => response.Text ?? "",
        _ => string.Join(InteractionTypes.Delimiter, response.Choices ?? []),
    };

    /// <summary>D 2.4.5.1: raw within [min, max] and min below max, so a node or case worth nothing carries no score.</summary>
    static Score? Points(int raw, int max) =>
        max <= 0 ? null : new Score { Scaled = Math.Round((double)Math.Min(raw, max) / max, 4), Raw = Math.Min(raw, max), Min = 0, Max = max };

    static Context ModuleContext(ProfileSettings s, Guid registration) => Context(s, registration,
        new ContextActivities { Parent = [Activities.Course(s)], Category = [Activities.Profile(s)] });

    static Context CaseContext(ProfileSettings s, Guid registration, ModuleContent module) => Context(s, registration,
        new ContextActivities { Parent = [Activities.Module(s, module)], Grouping = [Activities.Course(s)], Category = [Activities.Profile(s)] });

    static Context NodeContext(ProfileSettings s, Guid registration, ModuleContent module, Case @case) => Context(s, registration,
        new ContextActivities { Parent = [Activities.Case(s, module, @case)], Grouping = [Activities.Module(s, module), Activities.Course(s)], Category = [Activities.Profile(s)] });

    static Context Context(ProfileSettings s, Guid registration, ContextActivities activities) =>
        new() { Registration = registration, ContextActivities = activities, Platform = s.Platform, Language = s.Language };

    static Statement Make(ProfileSettings s, Guid registration, Agent actor, Verb verb, Activity activity, Context context, Result? result,
        DateTimeOffset at, string? distinguisher = null) => new()
    {
        Id = StatementIds.For(registration, verb, distinguisher is null ? activity.Id : activity.Id + " " + distinguisher),
        Actor = actor,
        Verb = verb,
        Target = activity,
        Result = result,
        Context = context,
        Timestamp = at,
    };
}
