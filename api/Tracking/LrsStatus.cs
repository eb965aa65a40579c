using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace ELearning.Api.Tracking;

/// <summary>What this instance's dispatcher last saw of the LRS: for the health check and the admin report.</summary>
public sealed class LrsStatus
{
    readonly Lock gate = new();
    public DateTimeOffset? LastDeliveryAt { get; private set; }
    /// <summary>When the current run of failures began; null while the LRS answers.</summary>
    public DateTimeOffset? FailingSince { get; private set; }
    public string? LastError { get; private set; }

    public void Succeeded(DateTimeOffset now)
    {
        lock (gate) { LastDeliveryAt = now; FailingSince = null; LastError = null; }
    }

    public void Failed(DateTimeOffset now, string error)
    {
        lock (gate) { FailingSince ??= now; LastError = error; }
    }
}

/// <summary>
/// Degraded (not Unhealthy) once the LRS has been failing for Lrs:UnreachableAfter: answers are still taken and
/// kept in the outbox, so the instance should stay in service, but someone should look.
/// </summary>
public sealed class LrsHealthCheck(IOptionsMonitor<LrsOptions> options, LrsStatus status, TimeProvider clock) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        var o = options.CurrentValue;
        if (!o.IsConfigured)
            return Task.FromResult(HealthCheckResult.Healthy("No LRS configured (Lrs:Endpoint); statements wait in the outbox."));
        if (status.FailingSince is { } since && clock.GetUtcNow() - since >= o.UnreachableAfter)
            return Task.FromResult(HealthCheckResult.Degraded(
                $"LRS failing for {(int)(clock.GetUtcNow() - since).TotalMinutes} min {(clock.GetUtcNow() - since).Seconds} s (since {since:O}); " +
                $"statements wait in the outbox: {status.LastError}"));
        return Task.FromResult(HealthCheckResult.Healthy(status.FailingSince is null ? "LRS reachable" : "LRS failing briefly; retrying"));
    }
}

/// <summary>
/// Degraded while statements are undeliverable: an LMS's LRS refused a launch's credentials (an expired session) and
/// no later session has taken its statements yet. They are kept, not retried; the description says how many and why.
/// </summary>
public sealed class UndeliverableHealthCheck(OutboxStore outbox) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        var counts = await outbox.CountsAsync(ct);
        if (counts.Undeliverable == 0) return HealthCheckResult.Healthy("Every LMS destination accepts its statements.");
        var destinations = await outbox.UndeliverableAsync(5, ct);
        return HealthCheckResult.Degraded(
            $"{counts.Undeliverable} statement(s) for {destinations.Count}{(destinations.Count == 5 ? "+" : "")} LMS destination(s) are undeliverable " +
            $"(kept, not retried; see GET /api/admin/tracking): {destinations[0].Reason}");
    }
}
