using ELearning.Api.Tracking.Xapi;
using Microsoft.Extensions.Options;

namespace ELearning.Api.Tracking;

/// <summary>
/// Sends the outbox to the LRS: claims a batch under a lease, POSTs it as one array (C 2.1.2), and settles each
/// row: delivered, or rejected with the LRS's reason. Transient failures release the claim until a retry time
/// (exponential backoff with jitter, or the LRS's Retry-After), so every instance waits, not just this one.
/// </summary>
public sealed class OutboxDispatcher(
    OutboxStore outbox, IHttpClientFactory httpClients, IOptionsMonitor<LrsOptions> options, LrsStatus status,
    TimeProvider clock, ILogger<OutboxDispatcher> log) : BackgroundService
{
    readonly string instance = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";
    long claims;
    int failures;

    protected override async Task ExecuteAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            TimeSpan wait;
            try { wait = await DispatchOnceAsync(stop); }
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
    /// trying again. The next batch is claimed while the current one is on the wire, and sent only once the
    /// current one is settled, so statements still reach the LRS in the order they were written.
    /// </summary>
    public async Task<TimeSpan> DispatchOnceAsync(CancellationToken ct)
    {
        var o = options.CurrentValue;
        if (!o.IsConfigured) return o.PollInterval;
        var current = await ClaimAsync(o, ct);
        if (current.Batch.Count == 0) return o.PollInterval;
        var lrs = new LrsClient(httpClients.CreateClient(LrsClient.HttpClientName));

        while (true)
        {
            var sending = DeliverAsync(lrs, current.Owner, current.Batch, whole: true, ct);
            Claim? next = null;
            Failure? failure;
            try
            {
                next = await ClaimAsync(o, ct);
            }
            finally
            {
                try { failure = await Settled(sending, current.Owner); }
                catch (OperationCanceledException) when (next is not null)
                {
                    await outbox.ReleaseAsync(next.Owner, clock.GetUtcNow(), "dispatcher stopped", CancellationToken.None);
                    throw;
                }
            }
            if (failure is not null)
                return await FailedAsync(o, [current.Owner, next.Owner], failure, ct);
            failures = 0;
            status.Succeeded(clock.GetUtcNow());
            if (next.Batch.Count == 0) return o.PollInterval;
            current = next;
        }
    }

    sealed record Claim(string Owner, IReadOnlyList<ClaimedStatement> Batch);

    sealed record Failure(string Reason, TimeSpan? RetryAfter);

    async Task<Claim> ClaimAsync(LrsOptions o, CancellationToken ct)
    {
        var owner = $"{instance}:{Interlocked.Increment(ref claims)}";
        return new(owner, await outbox.ClaimAsync(owner, o.BatchSize, clock.GetUtcNow(), o.LeaseDuration, ct));
    }

    /// <summary>Awaits a send; if we are stopping, hands its rows back now rather than make the next start wait for the lease.</summary>
    async Task<Failure?> Settled(Task<Failure?> sending, string owner)
    {
        try { return await sending; }
        catch (OperationCanceledException)
        {
            await outbox.ReleaseAsync(owner, clock.GetUtcNow(), "dispatcher stopped", CancellationToken.None);
            throw;
        }
    }

    /// <summary>Hands back the failed batch and the one claimed behind it, both until the retry time.</summary>
    async Task<TimeSpan> FailedAsync(LrsOptions o, string[] owners, Failure failure, CancellationToken ct)
    {
        failures++;
        var now = clock.GetUtcNow();
        var delay = RetryDelay(o, failures, failure.RetryAfter, Random.Shared.NextDouble());
        foreach (var owner in owners) await outbox.ReleaseAsync(owner, now + delay, failure.Reason, ct);
        status.Failed(now, failure.Reason);
        log.LogWarning("xAPI delivery failed ({Failures} in a row), retrying in {Delay}: {Reason}", failures, delay, failure.Reason);
        return delay;
    }

    async Task<Failure?> DeliverAsync(LrsClient lrs, string owner, IReadOnlyList<ClaimedStatement> batch, bool whole, CancellationToken ct)
    {
        LrsResponse response;
        try
        {
            response = await lrs.PostStatementsJsonAsync("[" + string.Join(",", batch.Select(b => b.Json)) + "]", ct);
        }
        catch (HttpRequestException e) { return new Failure("LRS unreachable: " + e.Message, null); }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested) { return new Failure("LRS did not answer in time", null); }

        var code = (int)response.Status;
        if (response.IsSuccess)
        {
            if (whole) await outbox.MarkAllDeliveredAsync(owner, clock.GetUtcNow(), ct);
            else await outbox.MarkDeliveredAsync(owner, batch.Select(b => b.Seq), clock.GetUtcNow(), ct);
            return null;
        }
        // The LRS refuses a whole batch for one bad or conflicting statement (C 2.1.2): halve it to find which.
        if (code is 400 or 409 or 413 && batch.Count > 1)
        {
            var half = batch.Count / 2;
            return await DeliverAsync(lrs, owner, batch.Take(half).ToList(), whole: false, ct)
                ?? await DeliverAsync(lrs, owner, batch.Skip(half).ToList(), whole: false, ct);
        }
        if (code == 409)
        {
            // C 2.1.1: the LRS already holds a statement with this id. Ids are ours and fixed at creation, so it is
            // this statement from an earlier send whose reply was lost; sending again can never change the outcome.
            log.LogInformation("LRS already holds statement {StatementId}; counted as delivered", batch[0].StatementId);
            await outbox.MarkDeliveredAsync(owner, [batch[0].Seq], clock.GetUtcNow(), ct);
            return null;
        }
        if (code is 400 or 413)
        {
            // Never dropped silently: set aside with the LRS's words, for the admin report.
            var reason = $"{code}: {Truncate(response.Body, 2000)}";
            log.LogWarning("LRS rejected statement {StatementId}: {Reason}", batch[0].StatementId, reason);
            await outbox.MarkRejectedAsync(owner, batch[0].Seq, reason, clock.GetUtcNow(), ct);
            return null;
        }
        // 429 and 503 may say when to come back (RFC 9110 10.2.3); anything else is backed off.
        return new Failure($"LRS answered {code}: {Truncate(response.Body, 500)}", code is 429 or 503 ? response.RetryAfter : null);
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
