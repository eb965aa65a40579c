using ELearning.Api.Tracking.Xapi;

namespace ELearning.Api.Tracking;

/// <summary>
/// Resolves an outbox destination (a launch id) to a client for that launch's LRS, with its own credentials.
/// Implemented by the LMS feature; tracking knows nothing about launches.
/// </summary>
public interface IOutboxDestinations
{
    /// <summary>A client for the destination's LRS, or null if the destination is unknown.</summary>
    Task<LrsClient?> ClientAsync(string destination, CancellationToken ct);
}
