using System.Diagnostics;

namespace ELearning.Tests.Support;

public static class Eventually
{
    /// <summary>Polls until the condition holds; fails, naming what it waited for, at the deadline. No sleeps-and-hope.</summary>
    public static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan deadline, string what)
    {
        var stopwatch = Stopwatch.StartNew();
        while (!await condition())
        {
            if (stopwatch.Elapsed > deadline) throw new TimeoutException($"Gave up waiting {deadline.TotalSeconds:0} s for {what}.");
            await Task.Delay(50);
        }
    }
}
