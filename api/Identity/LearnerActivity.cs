namespace ELearning.Api.Identity;

/// <summary>
/// When each delegate was last seen, written to their record at most once an hour per node (not on every request of a
/// workshop's burst): Privacy:RetentionDays counts days, so an hour's lag changes nothing.
/// </summary>
public sealed class LearnerActivity(LearnerStore learners, TimeProvider clock)
{
    static readonly TimeSpan Every = TimeSpan.FromHours(1);
    readonly System.Collections.Concurrent.ConcurrentDictionary<Guid, DateTimeOffset> written = new();

    public async Task SeenAsync(Guid learnerId, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (written.TryGetValue(learnerId, out var last) && now - last < Every) return;
        written[learnerId] = now;
        if (written.Count > 100_000) written.Clear();
        // Being seen is bookkeeping: a database that cannot take the write (read-only, say) must not refuse the sign-in.
        try { await learners.TouchAsync(learnerId, now, ct); }
        catch (System.Data.Common.DbException) { written.TryRemove(learnerId, out _); }
    }
}

public static class LearnerActivityMiddleware
{
    /// <summary>After authentication: a request made with a delegate's token counts as the delegate being seen.</summary>
    public static IApplicationBuilder UseLearnerActivity(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        if (http.User.LearnerIdOrNull() is { } learnerId)
            await http.RequestServices.GetRequiredService<LearnerActivity>().SeenAsync(learnerId, http.RequestAborted);
        await next(http);
    });
}
