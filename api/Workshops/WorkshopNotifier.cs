using System.Threading.Channels;

namespace ELearning.Api.Workshops;

/// <summary>
/// Tells open event streams that a workshop changed; the stream then reads the change from the database. It carries
/// no data, only "look again", so the notifier for several API nodes (PostgreSQL LISTEN/NOTIFY, or polling
/// workshops.version on SQL Server: <see cref="WorkshopNotifiers"/>) replaces the in-process one without touching the streams.
/// </summary>
public interface IWorkshopNotifier
{
    /// <summary>After a change has committed: every stream of the workshop, on every node this notifier reaches, looks again.</summary>
    Task ChangedAsync(Guid workshopId, CancellationToken ct = default);

    /// <summary>Until disposed, <see cref="WorkshopSubscription.WaitAsync"/> returns once a change has happened since the last wait.</summary>
    WorkshopSubscription Subscribe(Guid workshopId);
}

public sealed class WorkshopSubscription : IDisposable
{
    // Capacity one, newest dropped: a burst of 300 answers wakes the stream once, and it reads them all.
    readonly Channel<bool> signal = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    readonly Action<WorkshopSubscription> unsubscribe;

    internal WorkshopSubscription(Action<WorkshopSubscription> unsubscribe) => this.unsubscribe = unsubscribe;

    internal void Signal() => signal.Writer.TryWrite(true);

    /// <summary>True if something changed, false if <paramref name="timeout"/> passed first.</summary>
    public async Task<bool> WaitAsync(TimeSpan timeout, CancellationToken ct)
    {
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timer.CancelAfter(timeout);
        try { return await signal.Reader.ReadAsync(timer.Token) ; }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested) { return false; }
    }

    public void Dispose() => unsubscribe(this);
}

/// <summary>One API process: the streams open on this node hear the answers recorded on this node.</summary>
public sealed class InProcessWorkshopNotifier : IWorkshopNotifier
{
    readonly Dictionary<Guid, HashSet<WorkshopSubscription>> subscribers = [];
    readonly Lock gate = new();

    public Task ChangedAsync(Guid workshopId, CancellationToken ct = default)
    {
        Changed(workshopId);
        return Task.CompletedTask;
    }

    /// <summary>The workshops that have a stream open on this node.</summary>
    public IReadOnlyList<Guid> Watched()
    {
        lock (gate) return [.. subscribers.Keys];
    }

    /// <summary>Every stream on this node looks again (after the node may have missed changes: a listener reconnected).</summary>
    public void ChangedAll()
    {
        lock (gate)
            foreach (var set in subscribers.Values)
                foreach (var subscription in set) subscription.Signal();
    }

    public void Changed(Guid workshopId)
    {
        lock (gate)
        {
            if (!subscribers.TryGetValue(workshopId, out var set)) return;
            foreach (var subscription in set) subscription.Signal();
        }
    }

    public WorkshopSubscription Subscribe(Guid workshopId)
    {
        var subscription = new WorkshopSubscription(s =>
        {
            lock (gate)
            {
                if (subscribers.TryGetValue(workshopId, out var set) && set.Remove(s) && set.Count == 0) subscribers.Remove(workshopId);
            }
        });
        lock (gate)
        {
            if (!subscribers.TryGetValue(workshopId, out var set)) subscribers[workshopId] = set = [];
            set.Add(subscription);
        }
        return subscription;
    }
}
