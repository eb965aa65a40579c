using ELearning.Api.Identity;

namespace ELearning.Api.Workshops;

/// <summary>A workshop a delegate joined, and how many of its questions they answered in the room.</summary>
public sealed record WorkshopMembership(Guid WorkshopId, string Title, DateTimeOffset JoinedAt, int Answers);

/// <summary>Workshops' part in a delegate's data rights: the rooms they joined; erasure takes them out of every room.</summary>
public sealed class WorkshopLearnerData(WorkshopStore workshops) : ILearnerDataHolder
{
    public string Section => "workshops";

    public async Task<object> ExportAsync(Guid learnerId, CancellationToken ct) => await workshops.MembershipsAsync(learnerId, ct);

    public Task EraseAsync(Guid learnerId, DateTimeOffset now, CancellationToken ct) => workshops.DeleteLearnerAsync(learnerId, ct);
}
