using Microsoft.Extensions.Options;

namespace ELearning.Api.Lms;

/// <summary>
/// Ends sessions the player never closed (a closed laptop, a lost network: page unload is unreliable, see
/// CMI-5_Spec_Current#714): a session idle for Lms:IdleTimeoutMinutes gets its terminated statement, with the
/// duration up to its last activity; one whose page went away (the pagehide beacon) and did not come back within
/// Lms:CloseGraceSeconds (a reload comes back at once) gets it with the duration up to when it went.
/// </summary>
public sealed class LaunchIdleSweeper(LaunchStore launches, LaunchTracking tracking, IOptionsMonitor<LmsOptions> options, TimeProvider clock,
    ILogger<LaunchIdleSweeper> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            var timeout = TimeSpan.FromMinutes(options.CurrentValue.IdleTimeoutMinutes);
            var grace = TimeSpan.FromSeconds(options.CurrentValue.CloseGraceSeconds);
            try
            {
                var now = clock.GetUtcNow();
                foreach (var launch in await launches.LeftSinceAsync(now - grace, stop))
                    await tracking.TerminateAsync(launch, launch.LeftAt!.Value, EndReasons.Closed, stop);
                foreach (var launch in await launches.IdleSinceAsync(now - timeout, stop))
                    await tracking.TerminateAsync(launch, launch.LastActivityAt, EndReasons.Idle, stop);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested) { return; }
            catch (Exception e) { log.LogError(e, "Ending idle LMS sessions failed"); }
            // Often enough that a session ends within a quarter of the timeout (or grace) after it, never busier than 4 times a second.
            var shortest = timeout < grace ? timeout : grace;
            var every = TimeSpan.FromTicks(Math.Clamp(shortest.Ticks / 4, TimeSpan.FromMilliseconds(250).Ticks, TimeSpan.FromMinutes(1).Ticks));
            try { await Task.Delay(every, clock, stop); }
            catch (OperationCanceledException) { return; }
        }
    }
}
