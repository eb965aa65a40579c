using ELearning.Api.Data;

namespace ELearning.Tests.Data;

/// <summary>Holds SQLite's one writer inside a change of its own (so it holds the write lock) until released.</summary>
public static class WriterHold
{
    /// <summary>Returns once the writer is inside the held change; what is queued from then on waits behind it.</summary>
    public static async Task<Func<Task>> TakeAsync(SqliteGroupCommit writer)
    {
        var gate = new TaskCompletionSource();
        var taken = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var holding = writer.WriteAsync(async (_, _) => { taken.SetResult(); await gate.Task; return true; }, default);
        // Only once the writer is inside the held change is it alone in its transaction; what comes next queues behind it.
        await taken.Task;
        return async () => { gate.SetResult(); await holding; };
    }
}
