using System.Data.Common;
using ELearning.Api.Assessment;
using ELearning.Api.Content;
using ELearning.Api.Identity;
using ELearning.Api.Tracking.Xapi;

namespace ELearning.Api.Tracking;

/// <summary>
/// Tracking's reaction to Assessment's events: inside the attempt's own transaction it builds the event's statements
/// with the pure <see cref="StatementProfile"/> and appends them to the outbox. Answer and statements commit together.
/// </summary>
public sealed class TrackingRecorder(ProfileSettings settings, IAttemptLaunches? launches = null) : IAttemptEventHandler
{
    /// <summary>StartedUnder on the event: the (Tin Can) launch the attempt was started under, checked by Assessment through the LMS's gate.</summary>
    public async Task OnBegunAsync(AttemptBegun e, DbConnection connection, DbTransaction tx)
    {
        if (e is { StartedUnder: { } under, LaunchId: { } own } && launches is not null) await launches.BindAttemptAsync(connection, tx, e.AttemptId, under, own, e.At);
        var actor = await ActorAsync(connection, tx, e.LearnerId);
        await SendAsync(connection, tx, e.LaunchId, e.LearnerId, StatementProfile.Started(settings, e.AttemptId, actor, e.Module, e.At, e.Module.FindCase(e.FirstCaseId ?? "")), e.At,
            await WorkshopTracking.SessionAsync(connection, tx, e.LearnerId, e.Module.Id));
    }

    /// <summary>
    /// The statements are built before the transaction, and serialized there too for the commonest answer (a delegate's
    /// own, to the configured LRS): inside it only the workshop the answer belongs to is read and the rows are written.
    /// An answer in a workshop is serialized again inside, with the session; one whose actor is named by email is built
    /// inside, where the address is read.
    /// </summary>
    public Func<DbConnection, DbTransaction, Task> OnAnswered(NodeAnswered e)
    {
        var built = settings.UseMbox ? null : StatementProfile.Answered(settings, AnswerOf(e, StatementProfile.Actor(settings, e.LearnerId, null)));
        var serialized = built is not null && (e.LaunchId is null || launches is null) ? built.Select(SerializedStatement.Of).ToList() : null;
        return async (connection, tx) =>
        {
            var workshop = await WorkshopTracking.SessionAsync(connection, tx, e);
            if (serialized is not null && workshop is null)
            {
                await OutboxStore.AppendAsync(connection, tx, e.LearnerId, serialized, e.At);
                return;
            }
            var statements = built ?? StatementProfile.Answered(settings, AnswerOf(e, await ActorAsync(connection, tx, e.LearnerId)));
            await SendAsync(connection, tx, e.LaunchId, e.LearnerId, statements, e.At, workshop);
        };
    }

    static AnswerEvent AnswerOf(NodeAnswered e, Agent actor) =>
        // The case's tally comes with the event: Assessment owns the answers and counts them. Time on the node: since the
        // attempt last moved (its previous answer, or its start).
        new(e.AttemptId, actor, e.Module, e.Case, e.Node, e.Answer.Response, e.Scored, e.Next, e.At, e.At - e.PreviousActivityAt,
            e.Node.Type == NodeTypes.Ending ? e.CaseSoFar : null);

    public async Task OnCompletedAsync(ModuleCompleted e, DbConnection connection, DbTransaction tx)
    {
        var actor = await ActorAsync(connection, tx, e.LearnerId);
        var statements = StatementProfile.InWorkshop(settings, StatementProfile.Completed(settings, e.AttemptId, actor, e.Module, e.Result, e.At, e.At - e.StartedAt),
            await WorkshopTracking.SessionAsync(connection, tx, e.LearnerId, e.Module.Id));
        if (e.LaunchId is { } launch && launches is not null && await launches.CompletedAsync(connection, tx, launch, e.AttemptId, e.LearnerId, e.Result, statements, e.At)) return;
        await OutboxStore.AppendAsync(connection, tx, e.LearnerId, statements, e.At);
    }

    /// <summary>
    /// To the launching LMS's LRS when the event names the attempt's launch, else to the configured LRS. Work done in a
    /// workshop says so: the facilitator as instructor, the session as a grouping activity.
    /// </summary>
    async Task SendAsync(DbConnection connection, DbTransaction tx, Guid? launchId, Guid learnerId, IReadOnlyList<Statement> statements, DateTimeOffset at,
        WorkshopSession? workshop)
    {
        statements = StatementProfile.InWorkshop(settings, statements, workshop);
        if (launchId is { } launch && launches is not null && await launches.RecordAsync(connection, tx, launch, learnerId, statements, at)) return;
        await OutboxStore.AppendAsync(connection, tx, learnerId, statements, at);
    }

    async Task<Agent> ActorAsync(DbConnection connection, DbTransaction tx, Guid learnerId) =>
        StatementProfile.Actor(settings, learnerId,
            settings.UseMbox ? await LearnerStore.EmailAsync(connection, tx, learnerId) : null);
}
