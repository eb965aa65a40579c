using System.Data.Common;
using ELearning.Api.Assessment;
using ELearning.Api.Identity;
using ELearning.Api.Tracking.Xapi;
using ELearning.Api.Workshops;

namespace ELearning.Api.Tracking;

/// <summary>
/// Workshops, as tracking sees them: which workshop session a delegate's statements belong to (read through Workshops'
/// store in the statement's own transaction), and, when the facilitator closes a workshop (Workshops' event), an
/// attended statement for each delegate who joined, into the outbox in the closing's transaction.
/// </summary>
public sealed class WorkshopTracking(ProfileSettings settings) : IWorkshopClosedHandler
{
    public async Task OnClosedAsync(WorkshopClosed e, DbConnection connection, DbTransaction tx)
    {
        var session = Session(e.Workshop, await FacilitatorStore.FindAsync(connection, tx, e.Workshop.FacilitatorId));
        foreach (var member in e.Delegates)
        {
            var actor = StatementProfile.Actor(settings, member.LearnerId, settings.UseMbox ? await LearnerStore.EmailAsync(connection, tx, member.LearnerId) : null);
            await OutboxStore.AppendAsync(connection, tx, member.LearnerId,
                [StatementProfile.Attended(settings, session, member.LearnerId, actor, member.JoinedAt, e.At)], e.At);
        }
    }

    /// <summary>The open workshop the delegate's work in this module is part of, or null when they work alone.</summary>
    public static async Task<WorkshopSession?> SessionAsync(DbConnection connection, DbTransaction tx, Guid learnerId, string moduleId) =>
        await WithFacilitatorAsync(connection, tx, await WorkshopStore.SessionForAsync(connection, tx, learnerId, moduleId));

    /// <summary>The open workshop an answer is part of (read once for the answer, with Workshops' own count of it).</summary>
    public static async Task<WorkshopSession?> SessionAsync(DbConnection connection, DbTransaction tx, NodeAnswered answer) =>
        await WithFacilitatorAsync(connection, tx, await WorkshopStore.SessionForAsync(connection, tx, answer));

    static async Task<WorkshopSession?> WithFacilitatorAsync(DbConnection connection, DbTransaction tx, WorkshopRecord? workshop) =>
        workshop is null ? null : Session(workshop, await FacilitatorStore.FindAsync(connection, tx, workshop.FacilitatorId));

    static WorkshopSession Session(WorkshopRecord workshop, Facilitator? facilitator) =>
        new(workshop.Id, workshop.Title, workshop.FacilitatorId, facilitator?.Name ?? "", facilitator?.Email);
}
