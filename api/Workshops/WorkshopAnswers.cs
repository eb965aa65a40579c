using System.Data.Common;
using ELearning.Api.Assessment;
using ELearning.Api.Content;

namespace ELearning.Api.Workshops;

/// <summary>
/// Assessment's events, as a workshop sees them: an answer by a delegate in an open workshop that includes the module
/// is counted for the room in the answer's own transaction (so the count and the answer agree), and once it has
/// committed the workshop's event streams are told to look again.
/// </summary>
public sealed class WorkshopAnswers(WorkshopStore workshops, IWorkshopNotifier notifier) : IAttemptEventHandler, IAnswerCommittedHandler
{
    public Task OnBegunAsync(AttemptBegun e, DbConnection connection, DbTransaction tx) => Task.CompletedTask;

    public Task OnCompletedAsync(ModuleCompleted e, DbConnection connection, DbTransaction tx) => Task.CompletedTask;

    public Func<DbConnection, DbTransaction, Task> OnAnswered(NodeAnswered e) => async (connection, tx) =>
    {
        if (!NodeTypes.IsDecision(e.Node.Type)) return;
        foreach (var workshopId in await AnswerWorkshops.OfAsync(e, connection, tx))
            await WorkshopStore.RecordAnswerAsync(connection, tx, workshopId, e.LearnerId, e.Case.Id, e.Node.Id,
                Distribution.ChosenBy(e.Node, e.Answer.Response), e.At);
    };

    public async Task OnAnswerCommittedAsync(NodeAnswered e, CancellationToken ct)
    {
        if (!NodeTypes.IsDecision(e.Node.Type)) return;
        foreach (var workshopId in AnswerWorkshops.ReadInTransaction(e) ?? await workshops.OpenWorkshopsForAsync(e.LearnerId, e.Module.Id, ct))
            await notifier.ChangedAsync(workshopId, ct);
    }
}
