using System.Data.Common;
using System.Runtime.CompilerServices;
using ELearning.Api.Assessment;

namespace ELearning.Api.Workshops;

/// <summary>
/// The open workshops an answer is part of (the delegate's, that include the module), read once per answer: the room's
/// count (Workshops, in the answer's transaction), the statement's grouping (Tracking, in the same transaction) and the
/// live screens told after commit all ask the same question of the same answer, which a whole room asks at once. The
/// first asker reads it in the answer's transaction; the others, and the notification after commit, reuse that, so
/// the screens told are exactly the workshops the answer was counted in. Kept only as long as the event itself.
/// </summary>
public static class AnswerWorkshops
{
    static readonly ConditionalWeakTable<NodeAnswered, IReadOnlyList<Guid>> read = new();

    /// <summary>Newest joined first, as <see cref="WorkshopStore.OpenWorkshopsForAsync(DbConnection, DbTransaction?, Guid, string)"/>.</summary>
    public static async Task<IReadOnlyList<Guid>> OfAsync(NodeAnswered answer, DbConnection connection, DbTransaction tx)
    {
        if (read.TryGetValue(answer, out var known)) return known;
        var workshops = await WorkshopStore.OpenWorkshopsForAsync(connection, tx, answer.LearnerId, answer.Module.Id);
        read.AddOrUpdate(answer, workshops);
        return workshops;
    }

    /// <summary>What the answer's transaction read, if it read it (null otherwise: the caller reads it afresh).</summary>
    public static IReadOnlyList<Guid>? ReadInTransaction(NodeAnswered answer) => read.TryGetValue(answer, out var known) ? known : null;
}
