using System.Collections.Concurrent;
using ELearning.Api.Tracking.Xapi;
using Microsoft.Extensions.Options;

namespace ELearning.Api.Tracking;

/// <summary>
/// Sends the outbox to the LRS: claims a batch under a lease, POSTs it as one array (C 2.1.2), and settles each
/// row: delivered, or rejected with the LRS's reason. Transient failures release the claim until a retry time
/// (exponential backoff with jitter, or the LRS's Retry-After), so every instance waits, not just this one.
/// Statements with a destination (a cmi5 launch: the LMS's own LRS) are sent by a second loop, each destination
/// with its own claim and backoff, so one LMS's LRS being down never holds up the configured LRS or another LMS.
/// </summary>
public sealed class OutboxDispatcher(
    OutboxStore outbox, IHttpClientFactory httpClients, IOptionsMonitor<LrsOptions> options, LrsStatus status,
    TimeProvider clock, ILogger<OutboxDispatcher> log, IOutboxDestinations? destinations = null) : BackgroundService
{
    const string Main = "";
    readonly string instance = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";
    long claims;
    readonly ConcurrentDictionary<string, int> failures = new();

    protected override Task ExecuteAsync(CancellationToken stop) =>
        Task.WhenAll(LoopAsync(DispatchOnceAsync, stop), LoopAsync(DispatchDestinationsOnceAsync, stop));

    async Task LoopAsync(Func<CancellationToken, Task<TimeSpan>> dispatch, CancellationToken stop)
    {
        await Task.Yield();
        while (!stop.IsCancellationRequested)
        {
            TimeSpan wait;
            try { wait = await dispatch(stop); }
            catch (OperationCanceledException) when (stop.IsCancellationRequested) { return; }
            catch (Exception e)
            {
                // The database, most likely (busy, or gone for a moment): try again after a pause.
                log.LogError(e, "xAPI dispatch failed");
                wait = options.CurrentValue.PollInterval;
            }
            if (wait <= TimeSpan.Zero) continue;
            try { await Task.Delay(wait, clock, stop); }
            catch (OperationCanceledException) { return; }
        }
    }

    /// <summary>
    /// Claims and sends batches until the outbox is empty or the LRS fails; returns how long to wait before
    /// trying again. While a batch is on the wire, the previous one is marked delivered and the next one is
    /// claimed, so the database adds little to the LRS's own time. Those two writes run one after the other:
    /// SQLite has one writer (TransactionWriter), and a second one would only queue behind the first. Batches are
    /// still sent one after
    /// another, so statements reach the LRS in the order they were written.
    /// </summary>
    public async Task<TimeSpan> DispatchOnceAsync(CancellationToken ct)
    {
        var o = options.CurrentValue;
        if (!o.IsConfigured) return o.PollInterval;
        return await DispatchAsync(o, null, () => Task.FromResult<LrsClient?>(new LrsClient(httpClients.CreateClient(LrsClient.HttpClientName))), ct);
    }

    /// <summary>
    /// One round over the destinations with statements ready (those backing off are not ready), all at once:
    /// a slow LMS LRS delays only its own statements.
    /// </summary>
    public async Task<TimeSpan> DispatchDestinationsOnceAsync(CancellationToken ct)
    {
        var o = options.CurrentValue;
        if (destinations is null) return o.PollInterval;
        var ready = await outbox.ReadyDestinationsAsync(clock.GetUtcNow(), ct);
        await Task.WhenAll(ready.Select(d => DispatchAsync(o, d, () => destinations.ClientAsync(d, ct), ct)));
        return o.PollInterval;
    }

    async Task<TimeSpan> DispatchAsync(LrsOptions o, string? destination, Func<Task<LrsClient?>> client, CancellationToken ct)
    {
        var current = await ClaimAsync(o, destination, ct);
        if (current.Batch.Count == 0) return o.PollInterval;
        if (await client() is not { } lrs)
        {
            // A destination that names no launch can never be sent: set aside, not retried for ever.
            await outbox.ReleaseAsync(current.Owner, clock.GetUtcNow(), "no LRS for this destination", CancellationToken.None);
            await outbox.MarkDestinationUndeliverableAsync(destination!, $"No LRS is known for destination {destination}.", clock.GetUtcNow(), ct);
            log.LogWarning("xAPI destination {Destination} names no LRS; its statements are marked undeliverable", destination);
            return o.PollInterval;
        }
        string? toMark = null; // a batch the LRS accepted whole, still to be marked delivered

        while (true)
        {
            var sending = DeliverAsync(lrs, current.Owner, current.Batch, whole: true, ct);
            Claim? next = null;
            Delivery delivery;
            try
            {
                next = await MarkThenClaimAsync(toMark, o, destination, ct);
                toMark = null;
            }
            finally
            {
                try { delivery = await Settled(sending, current.Owner); }
                catch (OperationCanceledException) when (next is not null)
                {
                    await outbox.ReleaseAsync(next.Owner, clock.GetUtcNow(), "dispatcher stopped", CancellationToken.None);
                    throw;
                }
            }
            if (delivery.Failure is { CredentialsRefused: true } refused && destination is not null && destinations is not null)
                return await RefusedAsync(o, destination, [current.Owner, next.Owner], refused, ct);
            if (delivery.Failure is { } failure)
                return await FailedAsync(o, destination, [current.Owner, next.Owner], failure, ct);

            failures[destination ?? Main] = 0;
            if (destination is null) status.Succeeded(clock.GetUtcNow());
            toMark = delivery.Settled ? null : current.Owner;
            if (next.Batch.Count == 0)
            {
                if (toMark is not null) await outbox.MarkAllDeliveredAsync(toMark, clock.GetUtcNow(), CancellationToken.None);
                return o.PollInterval;
            }
            current = next;
        }
    }

    async Task<Claim> MarkThenClaimAsync(string? toMark, LrsOptions o, string? destination, CancellationToken ct)
    {
        // Not cancellable: a batch the LRS has taken should be recorded as delivered even while stopping.
        if (toMark is not null) await outbox.MarkAllDeliveredAsync(toMark, clock.GetUtcNow(), CancellationToken.None);
        return await ClaimAsync(o, destination, ct);
    }

    sealed record Claim(string Owner, IReadOnlyList<ClaimedStatement> Batch);

    /// <summary>CredentialsRefused: the LRS answered 401 or 403 (for an LMS's LRS: the session's token has expired).</summary>
    sealed record Failure(string Reason, TimeSpan? RetryAfter, bool CredentialsRefused = false);

    /// <summary>How a batch went: failed (to be retried), or done; Settled false means accepted whole and still to be marked.</summary>
    sealed record Delivery(Failure? Failure, bool Settled)
    {
        public static readonly Delivery Done = new(null, true);
        public static readonly Delivery AcceptedWhole = new(null, false);
    }

    async Task<Claim> ClaimAsync(LrsOptions o, string? destination, CancellationToken ct)
    {
        var owner = $"{instance}:{Interlocked.Increment(ref claims)}";
        return new(owner, await outbox.ClaimAsync(owner, o.BatchSize, clock.GetUtcNow(), o.LeaseDuration, ct, destination));
    }

    /// <summary>Awaits a send; if we are stopping, hands its rows back now rather than make the next start wait for the lease.</summary>
    async Task<Delivery> Settled(Task<Delivery> sending, string owner)
    {
        try { return await sending; }
        catch (OperationCanceledException)
        {
            await outbox.ReleaseAsync(owner, clock.GetUtcNow(), "dispatcher stopped", CancellationToken.None);
            throw;
        }
    }

    /// <summary>Hands back the failed batch and the one claimed behind it, both until the retry time.</summary>
    async Task<TimeSpan> FailedAsync(LrsOptions o, string? destination, string[] owners, Failure failure, CancellationToken ct)
    {
        var inARow = failures.AddOrUpdate(destination ?? Main, 1, (_, n) => n + 1);
        var now = clock.GetUtcNow();
        var delay = RetryDelay(o, inARow, failure.RetryAfter, Random.Shared.NextDouble());
        foreach (var owner in owners) await outbox.ReleaseAsync(owner, now + delay, failure.Reason, ct);
        if (destination is null) status.Failed(now, failure.Reason);
        log.LogWarning("xAPI delivery to {Destination} failed ({Failures} in a row), retrying in {Delay}: {Reason}",
            destination ?? "the LRS", inARow, delay, failure.Reason);
        return delay;
    }

    /// <summary>
    /// An LMS's LRS refused a launch's credentials (cmi5 8.2.1: the token lasts the session). Retrying cannot help:
    /// the claims are handed back and the LMS feature marks the launch and moves its statements to the delegate's
    /// next session in the registration, or marks them undeliverable until there is one.
    /// </summary>
    async Task<TimeSpan> RefusedAsync(LrsOptions o, string destination, string[] owners, Failure failure, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        foreach (var owner in owners) await outbox.ReleaseAsync(owner, now, failure.Reason, CancellationToken.None);
        failures[destination] = 0;
        await destinations!.CredentialsRefusedAsync(destination, failure.Reason, ct);
        log.LogWarning("xAPI destination {Destination} refused its credentials; not retried: {Reason}", destination, failure.Reason);
        return o.PollInterval;
    }

    async Task<Delivery> DeliverAsync(LrsClient lrs, string owner, IReadOnlyList<ClaimedStatement> batch, bool whole, CancellationToken ct)
    {
        LrsResponse response;
        try
        {
            response = await lrs.PostStatementsJsonAsync("[" + string.Join(",", batch.Select(b => b.Json)) + "]", ct);
        }
        catch (HttpRequestException e) { return new(new Failure("LRS unreachable: " + e.Message, null), false); }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested) { return new(new Failure("LRS did not answer in time", null), false); }

        var code = (int)response.Status;
        if (response.IsSuccess)
        {
            if (whole) return Delivery.AcceptedWhole; // the caller marks it while the next batch is on the wire
            await outbox.MarkDeliveredAsync(owner, batch.Select(b => b.Seq), clock.GetUtcNow(), ct);
            return Delivery.Done;
        }
        // The LRS refuses a whole batch for one bad or conflicting statement (C 2.1.2): halve it to find which.
        if (code is 400 or 409 or 413 && batch.Count > 1)
        {
            var half = batch.Count / 2;
            var first = await DeliverAsync(lrs, owner, batch.Take(half).ToList(), whole: false, ct);
            return first.Failure is not null ? first : await DeliverAsync(lrs, owner, batch.Skip(half).ToList(), whole: false, ct);
        }
        if (code == 409)
        {
            // C 2.1.1: the LRS already holds a statement with this id. Ids are ours and fixed at creation, so it is
            // this statement from an earlier send whose reply was lost; sending again can never change the outcome.
            log.LogInformation("LRS already holds statement {StatementId}; counted as delivered", batch[0].StatementId);
            await outbox.MarkDeliveredAsync(owner, [batch[0].Seq], clock.GetUtcNow(), ct);
            return Delivery.Done;
        }
        if (code is 400 or 413)
        {
            // Never dropped silently: set aside with the LRS's words, for the admin report.
            var reason = $"{code}: {Truncate(response.Body, 2000)}";
            log.LogWarning("LRS rejected statement {StatementId}: {Reason}", batch[0].StatementId, reason);
            await outbox.MarkRejectedAsync(owner, batch[0].Seq, reason, clock.GetUtcNow(), ct);
            return Delivery.Done;
        }
        // 429 and 503 may say when to come back (RFC 9110 10.2.3); anything else is backed off.
        return new(new Failure($"LRS answered {code}: {Truncate(response.Body, 500)}", code is 429 or 503 ? response.RetryAfter : null, code is 401 or 403), false);
    }

    /// <summary>
    /// Retry-After when the LRS gave one (up to Lrs:MaxRetryAfter); otherwise InitialBackoff doubled per
    /// consecutive failure up to MaxBackoff, with "equal jitter" (half fixed, half random in [0, 1)) so that many
    /// instances coming back from the same outage spread out.
    /// </summary>
    public static TimeSpan RetryDelay(LrsOptions o, int failures, TimeSpan? retryAfter, double random)
    {
        if (retryAfter is { } asked && asked > TimeSpan.Zero)
            return asked < o.MaxRetryAfter ? asked : o.MaxRetryAfter;
        var exponential = o.InitialBackoff * Math.Pow(2, Math.Min(failures - 1, 30));
        var capped = exponential < o.MaxBackoff ? exponential : o.MaxBackoff;
        return capped / 2 + capped / 2 * random;
    }

    static string Truncate(string text, int length) => text.Length <= length ? text : text[..length] + "…";
}
