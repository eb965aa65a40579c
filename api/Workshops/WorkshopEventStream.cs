using System.Security.Claims;
using System.Text.Json;
using ELearning.Api.Content;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace ELearning.Api.Workshops;

/// <summary>
/// GET /api/workshops/{id}/events: the room's distribution as server-sent events. Each event's id is the workshop's
/// version (stored, so it carries on across restarts); a reconnect with Last-Event-ID gets the current distribution
/// at once only if it has changed since, and then every change as it happens.
/// </summary>
public static class WorkshopEventStream
{
    static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(15);

    public static async Task StreamAsync(
        Guid workshopId, HttpContext http, ClaimsPrincipal user, Catalog catalog, WorkshopStore workshops, IWorkshopNotifier notifier,
        IOptions<JsonOptions> json, CancellationToken ct)
    {
        if (await WorkshopEndpoints.OwnAsync(workshopId, user, workshops, ct) is not { } workshop)
        {
            await WorkshopEndpoints.NoSuchWorkshop(workshopId).ExecuteAsync(http);
            return;
        }
        long? lastSent = long.TryParse(http.Request.Headers["Last-Event-ID"].ToString(), out var last) && last >= 0 ? last : null;

        http.Response.ContentType = "text/event-stream";
        http.Response.Headers.CacheControl = "no-cache";
        http.Response.Headers["X-Accel-Buffering"] = "no";
        http.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        await http.Response.WriteAsync("retry: 2000\n\n", ct);
        await http.Response.Body.FlushAsync(ct);

        // Subscribe before the first read, so a change between the two is not missed.
        using var subscription = notifier.Subscribe(workshop.Id);
        var modules = WorkshopEndpoints.Modules(catalog, workshop).ToList();
        try
        {
            while (!ct.IsCancellationRequested)
            {
                if (await workshops.CountsAsync(workshop.Id, ct) is not { } counts) return;
                if (counts.Version != lastSent)
                {
                    var data = JsonSerializer.Serialize(Distribution.Build(modules, counts), json.Value.SerializerOptions);
                    await http.Response.WriteAsync($"id: {counts.Version}\nevent: distribution\ndata: {data}\n\n", ct);
                    await http.Response.Body.FlushAsync(ct);
                    lastSent = counts.Version;
                }
                if (!await subscription.WaitAsync(KeepAlive, ct))
                {
                    await http.Response.WriteAsync(": keep-alive\n\n", ct);
                    await http.Response.Body.FlushAsync(ct);
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested) { } // the facilitator closed the page
    }
}
