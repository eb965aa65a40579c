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

    /// <summary>
    /// The destination's LRS answered 401/403: its credentials are no longer good. The implementation marks the
    /// destination and moves its waiting statements to where they can go, or marks them undeliverable; it must never
    /// leave them pending (they would be retried for ever) nor delete them.
    /// </summary>
    Task CredentialsRefusedAsync(string destination, string reason, CancellationToken ct);
}
