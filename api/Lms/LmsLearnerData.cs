using ELearning.Api.Identity;
using ELearning.Api.Tracking;
using ELearning.Api.Tracking.Xapi;

namespace ELearning.Api.Lms;

/// <summary>An LMS launch as the delegate may see it: who the LMS said they were, where it reports; never its credentials.</summary>
public sealed record LaunchData(Guid Id, Guid? AttemptId, string Kind, string Endpoint, Agent Actor, Guid Registration, string ActivityId,
    DateTimeOffset StartedAt, DateTimeOffset LastActivityAt, DateTimeOffset? TerminatedAt, string? EndedReason);

/// <summary>Lms's part in a delegate's data rights: the launches that brought them here, with the LMS's actor for them.</summary>
public sealed class LmsLearnerData(LaunchStore launches, ProfileSettings profile) : ILearnerDataHolder
{
    public string Section => "lmsLaunches";

    public async Task<object> ExportAsync(Guid learnerId, CancellationToken ct) =>
        (await launches.ForLearnerAsync(learnerId, ct)).Select(l => new LaunchData(l.Id, l.AttemptId, l.Kind, l.Endpoint.AbsoluteUri, l.Actor, l.Registration,
            l.ActivityId, l.StartedAt, l.LastActivityAt, l.TerminatedAt, l.EndedReason)).ToList();

    public Task EraseAsync(Guid learnerId, DateTimeOffset now, CancellationToken ct) =>
        launches.AnonymiseLearnerAsync(learnerId, Agent.WithAccount(profile.HomePage, $"erased-{Guid.NewGuid():D}"), ct);
}
