using Microsoft.Extensions.Options;

namespace ELearning.Api.Lms;

/// <summary>
/// Ends sessions the player never closed (a closed laptop, a lost network: page unload is unreliable, see
/// CMI-5_Spec_Current#714): a session idle for Lms:IdleTimeoutMinutes gets its terminated statement, with the
/// duration up to its last activity.
/// </summary>
public sealed class LaunchIdleSweeper(LaunchStore launches, LaunchTracking tracking, IOptionsMonitor<LmsOptions> options, TimeProvider clock,
    ILogger<LaunchIdleSweeper> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            var timeout = TimeSpan.FromMinutes(options.CurrentValue.IdleTimeoutMinutes);
            try
            {
                foreach (var launch in await launches.IdleSinceAsync(clock.GetUtcNow() - timeout, stop))
                    await tracking.TerminateAsync(launch, launch.LastActivityAt, stop);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested) { return; }
            catch (Exception e) { log.LogError(e, "Ending idle LMS sessions failed"); }
            // Often enough that a session ends within a quarter of the timeout after it, never busier than 4 times a second.
            var every = TimeSpan.FromTicks(Math.Clamp(timeout.Ticks / 4, TimeSpan.FromMilliseconds(250).Ticks, TimeSpan.FromMinutes(1).Ticks));
            try { await Task.Delay(every, clock, stop); }
            catch (OperationCanceledException) { return; }
        }
    }
}
