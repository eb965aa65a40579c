using Microsoft.Extensions.Options;

namespace ELearning.Api.Identity;

/// <summary>
/// Privacy:RetentionDays in practice: every Privacy:PurgeIntervalMinutes, the delegates not seen for longer are erased
/// through the same path as a delegate's own erasure (the interval is read at start-up). Several nodes may purge at once:
/// erasure is idempotent.
/// </summary>
public sealed class RetentionPurge(LearnerStore learners, LearnerErasure erasure, IOptionsMonitor<PrivacyOptions> options, TimeProvider clock,
    ILogger<RetentionPurge> log) : BackgroundService
{
    const int Batch = 100;

    /// <summary>One pass: erases up to a batch of delegates past retention; returns how many.</summary>
    public async Task<int> PurgeOnceAsync(CancellationToken ct)
    {
        var days = options.CurrentValue.RetentionDays;
        if (days <= 0) return 0;
        var now = clock.GetUtcNow();
        var erased = 0;
        foreach (var learnerId in await learners.UnseenSinceAsync(now.AddDays(-days), Batch, ct))
            if (await erasure.EraseAsync(learnerId, now, "retention", ct)) erased++;
        return erased;
    }

    protected override async Task ExecuteAsync(CancellationToken stop)
    {
        // A periodic timer, not a delay per pass: a tick that falls due while a pass runs is not lost.
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(options.CurrentValue.PurgeIntervalMinutes), clock);
        do
        {
            try
            {
                while (await PurgeOnceAsync(stop) == Batch) { }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested) { return; }
            catch (Exception e) { log.LogError(e, "The retention purge failed; it runs again at the next interval"); }
        }
        while (await WaitAsync(timer, stop));
    }

    static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stop)
    {
        try { return await timer.WaitForNextTickAsync(stop); }
        catch (OperationCanceledException) { return false; }
    }
}
