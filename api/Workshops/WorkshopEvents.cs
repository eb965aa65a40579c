using System.Data.Common;

namespace ELearning.Api.Workshops;

/// <summary>A delegate in the room when it closed, and when they joined.</summary>
public sealed record WorkshopDelegate(Guid LearnerId, DateTimeOffset JoinedAt);

/// <summary>The facilitator closed the workshop: who had joined it, and when it closed.</summary>
public sealed record WorkshopClosed(WorkshopRecord Workshop, IReadOnlyList<WorkshopDelegate> Delegates, DateTimeOffset At);

/// <summary>
/// Reactions to a workshop closing (Tracking's attended statements), run inside the closing's transaction: the workshop
/// closes with its reactions' rows (the outbox) or not at all. Workshops raises it and knows nobody who handles it.
/// </summary>
public interface IWorkshopClosedHandler
{
    Task OnClosedAsync(WorkshopClosed e, DbConnection connection, DbTransaction tx);
}
