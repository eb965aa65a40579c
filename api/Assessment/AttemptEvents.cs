using System.Data.Common;
using ELearning.Api.Content;

namespace ELearning.Api.Assessment;

// Assessment's events: what happened to an attempt, said once, for whoever reacts (xAPI statements, LMS launches,
// certificates, workshops). Assessment knows none of its subscribers; Program.cs registers them.

/// <summary>
/// An attempt began, at the module's first case or (a workshop's room) at <paramref name="FirstCaseId"/>.
/// <paramref name="LaunchId"/>: the LMS launch the attempt belongs to (its attempts.launch_id); <paramref name="StartedUnder"/>:
/// the launch the delegate started it under, when that is another one (a Tin Can launch is for the whole course, and each
/// attempt started under it gets a launch of its own).
/// </summary>
public sealed record AttemptBegun(Guid AttemptId, Guid LearnerId, ModuleContent Module, DateTimeOffset At, Guid? LaunchId, Guid? StartedUnder = null, string? FirstCaseId = null);

/// <summary>A case's points in this attempt (this answer included) and the time since it began: known once its ending is reached.</summary>
public sealed record CaseTally(int Raw, TimeSpan Duration)
{
    /// <summary>Cases are taken in order, so a case began when the last answer outside it was given (or the attempt started).</summary>
    public static CaseTally Of(IReadOnlyList<AnswerMark> earlier, AnswerRecord answer, DateTimeOffset attemptStartedAt) => new(
        earlier.Where(a => a.CaseId == answer.CaseId).Sum(a => a.Score) + answer.Score,
        answer.AnsweredAt - earlier.Where(a => a.CaseId != answer.CaseId).Select(a => a.AnsweredAt).DefaultIfEmpty(attemptStartedAt).Max());
}

/// <summary>
/// A node was answered (or a consequence or ending acknowledged) and the attempt moved on to <paramref name="Next"/>:
/// the whole record of it, built once by Assessment, so that no reaction reads Assessment's tables.
/// <paramref name="PreviousActivityAt"/>: when the attempt last moved (its previous answer, or its start).
/// <paramref name="CaseSoFar"/>: the case's tally, on its ending node only. <paramref name="LaunchId"/>: the LMS launch of the attempt.
/// </summary>
public sealed record NodeAnswered(
    Guid AttemptId, Guid LearnerId, ModuleContent Module, Case Case, CaseNode Node, AnswerRecord Answer, ScoredAnswer Scored,
    Position? Next, DateTimeOffset AttemptStartedAt, DateTimeOffset PreviousActivityAt, Guid? LaunchId, CaseTally? CaseSoFar = null)
{
    public DateTimeOffset At => Answer.AnsweredAt;
}

/// <summary>A delegate completed a module: who, which module, the result against its pass mark, when, and the launch.</summary>
public sealed record ModuleCompleted(
    Guid AttemptId, Guid LearnerId, ModuleContent Module, ModuleResult Result, DateTimeOffset At, DateTimeOffset StartedAt, Guid? LaunchId);

/// <summary>
/// Reactions that must commit with the attempt's change or not at all (the statements an LRS is owed): each runs
/// inside the attempt's transaction, and a failure rolls the change back.
/// </summary>
public interface IAttemptEventHandler
{
    Task OnBegunAsync(AttemptBegun e, DbConnection connection, DbTransaction tx);
    /// <summary>
    /// An answer's reaction, in two parts: what needs nothing from the database (building the statements to write) is
    /// done when this is called, before the transaction; the work it returns runs inside the transaction. On SQLite the
    /// transaction is a turn of the one writer, which every answer of a workshop waits for, so the less it holds the better.
    /// </summary>
    Func<DbConnection, DbTransaction, Task> OnAnswered(NodeAnswered e);
    Task OnCompletedAsync(ModuleCompleted e, DbConnection connection, DbTransaction tx);
}

/// <summary>
/// Reactions to a completion once it has committed (the course certificate). A failure is logged and does not undo
/// the result: the reaction must be one that can be made again later.
/// </summary>
public interface IModuleCompletedHandler
{
    Task OnModuleCompletedAsync(ModuleCompleted e, CancellationToken ct);
}

/// <summary>
/// Reactions to an answer once it has committed (a workshop's live screens, which must only ever show what is stored).
/// A failure is logged and does not undo the answer.
/// </summary>
public interface IAnswerCommittedHandler
{
    Task OnAnswerCommittedAsync(NodeAnswered e, CancellationToken ct);
}

/// <summary>Whether a delegate may start an attempt under a launch (implemented by the LMS feature, which owns launches).</summary>
public interface ILaunchGate
{
    /// <summary>
    /// Null when this delegate may not start an attempt under <paramref name="launchId"/>; otherwise the launch the new
    /// attempt belongs to (its attempts.launch_id, carried by every event of the attempt), which the LMS feature makes
    /// when the attempt begins (<see cref="AttemptBegun.StartedUnder"/> names the launch it was started under).
    /// </summary>
    Task<Guid?> LaunchOfNewAttemptAsync(Guid launchId, Guid learnerId, Guid attemptId, CancellationToken ct);
}

/// <summary>
/// Whether a delegate may open a case of a module now, out of the module's order (implemented by Workshops: a delegate
/// follows the case the facilitator has opened for the room). With no policy, or none that allows it, cases go in order.
/// </summary>
public interface ICaseOrderPolicy
{
    Task<bool> MayOpenCaseAsync(Guid learnerId, string moduleId, string caseId, CancellationToken ct);
}

/// <summary>
/// How the LMS that launched an attempt judges it (implemented by the LMS feature): its pass mark (cmi5 masteryScore)
/// and whether the attempt records a result at all (cmi5 Browse and Review do not, so they count toward nothing).
/// </summary>
public interface ILaunchRules
{
    /// <summary>The rules of the attempt's launch (attempts.launch_id); null when its launch sets no rule.</summary>
    Task<LaunchRules?> RulesAsync(Guid launchId, CancellationToken ct);
}

/// <summary>An LMS's rules for judging an attempt: <paramref name="PassMark"/> null means the module's own.</summary>
public sealed record LaunchRules(double? PassMark, bool RecordsResult, string? MoveOn);

/// <summary>Raises Assessment's events to every registered handler.</summary>
public sealed class AttemptEvents(
    IEnumerable<IAttemptEventHandler> inTransaction, IEnumerable<IModuleCompletedHandler> afterCompletion,
    IEnumerable<IAnswerCommittedHandler> afterAnswer, ILogger<AttemptEvents> log)
{
    /// <summary>The work to run in the attempt's transaction (AttemptStore's alsoInTransaction).</summary>
    public Func<DbConnection, DbTransaction, Task> Begun(AttemptBegun e) => async (connection, tx) =>
    {
        foreach (var handler in inTransaction) await handler.OnBegunAsync(e, connection, tx);
    };

    /// <summary>Each handler's part before the transaction is done now; the parts inside it run in turn when it runs.</summary>
    public Func<DbConnection, DbTransaction, Task> Answered(NodeAnswered e)
    {
        var inside = inTransaction.Select(handler => handler.OnAnswered(e)).ToArray();
        return async (connection, tx) =>
        {
            foreach (var work in inside) await work(connection, tx);
        };
    }

    public Func<DbConnection, DbTransaction, Task> Completed(ModuleCompleted e) => async (connection, tx) =>
    {
        foreach (var handler in inTransaction) await handler.OnCompletedAsync(e, connection, tx);
    };

    /// <summary>After the answer committed: each handler in turn; one failing does not stop the others.</summary>
    public async Task AnswerCommittedAsync(NodeAnswered e, CancellationToken ct)
    {
        foreach (var handler in afterAnswer)
        {
            try { await handler.OnAnswerCommittedAsync(e, ct); }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                log.LogError(ex, "{Handler} failed after an answer in attempt {AttemptId} was recorded", handler.GetType().Name, e.AttemptId);
            }
        }
    }

    /// <summary>After the completion committed: each handler in turn; one failing does not stop the others.</summary>
    public async Task CompletionCommittedAsync(ModuleCompleted e, CancellationToken ct)
    {
        foreach (var handler in afterCompletion)
        {
            try { await handler.OnModuleCompletedAsync(e, ct); }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                log.LogError(ex, "{Handler} failed after attempt {AttemptId} was completed", handler.GetType().Name, e.AttemptId);
            }
        }
    }
}
