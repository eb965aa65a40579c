using ELearning.Api.Identity;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace ELearning.Api.Tracking;

/// <summary>How xAPI delivery is going, for administrators.</summary>
public sealed record TrackingReport(
    bool LrsConfigured, string? LrsEndpoint, int Pending, int Delivered, int Rejected,
    DateTimeOffset? OldestPendingAt, double? OldestPendingAgeSeconds,
    DateTimeOffset? LastDeliveryAt, DateTimeOffset? FailingSince, string? LastError,
    IReadOnlyList<RejectedStatement> RecentRejections, int Undeliverable, IReadOnlyList<UndeliverableDestination> UndeliverableDestinations);

public static class TrackingEndpoints
{
    public static IEndpointRouteBuilder MapTrackingRoutes(this IEndpointRouteBuilder app)
    {
        var admin = app.MapAdminGroup("/api/admin");
        admin.MapGet("/tracking", Report).WithName("AdminTracking")
            .WithSummary("xAPI delivery: pending, delivered and rejected statements, the oldest pending one's age, the LRS's state");
        return app;
    }

    static async Task<Ok<TrackingReport>> Report(
        OutboxStore outbox, LrsStatus status, IOptionsMonitor<LrsOptions> options, TimeProvider clock, CancellationToken ct)
    {
        var counts = await outbox.CountsAsync(ct);
        var rejections = counts.Rejected > 0 ? await outbox.RecentRejectionsAsync(20, ct) : [];
        var undeliverable = counts.Undeliverable > 0 ? await outbox.UndeliverableAsync(20, ct) : [];
        var o = options.CurrentValue;
        return TypedResults.Ok(new TrackingReport(
            o.IsConfigured, o.IsConfigured ? new UriBuilder(o.EndpointUri()) { UserName = "", Password = "" }.Uri.AbsoluteUri : null, // never credentials
            counts.Pending, counts.Delivered, counts.Rejected,
            counts.OldestPendingAt, counts.OldestPendingAt is { } at ? Math.Round((clock.GetUtcNow() - at).TotalSeconds, 1) : null,
            status.LastDeliveryAt, status.FailingSince, status.LastError, rejections, counts.Undeliverable, undeliverable));
    }
}
