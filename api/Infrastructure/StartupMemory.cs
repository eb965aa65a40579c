using Microsoft.Extensions.Options;

namespace ELearning.Api.Infrastructure;

/// <summary>
/// Hands back the memory the start used. Validating the content, migrating, building the routes and answering the first
/// requests leave the GC holding about 12 MiB for some 4 MiB of live objects (bench/startup.sh), and a workstation GC
/// keeps what it has committed until allocation makes it collect again, which an idle service never does.
/// App:ReleaseStartupMemoryAfterSeconds after the start, one blocking, compacting collection that also decommits the
/// free space (<see cref="GCCollectionMode.Aggressive"/>): a few milliseconds on a heap this size, once. Load that
/// comes later grows the heap again as it needs. 0 turns it off (the tests do: their apps share one process).
/// </summary>
public sealed class StartupMemoryRelease(IHostApplicationLifetime lifetime, IOptions<AppOptions> options, TimeProvider time) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var after = options.Value.ReleaseStartupMemoryAfterSeconds;
        if (after <= 0) return;
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
            await started.Task.WaitAsync(stoppingToken);
        await Task.Delay(TimeSpan.FromSeconds(after), time, stoppingToken);
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
    }
}
