using Microsoft.Data.Sqlite;
using static ELearning.Tests.Tracking.TrackingTestKit;

namespace ELearning.Tests.Tracking;

[Collection(LrsCollection.Name)]
public sealed class ApiRestartTests(LrsFixture lrs, Xunit.Abstractions.ITestOutputHelper output)
{
    [Fact]
    public async Task Killing_the_API_mid_delivery_loses_nothing_and_duplicates_nothing()
    {
        var database = Path.Combine(Directory.CreateTempSubdirectory("elearning-kill-").FullName, "db.sqlite");
        // The proxy passes each batch to the LRS and then sits on the reply: the LRS has stored statements the
        // API never hears about, the case a crash mid-delivery leaves behind.
        await using var proxy = new FaultProxy(lrs.Endpoint) { Mode = FaultProxy.Behaviour.ForwardThenHold, Hold = TimeSpan.FromSeconds(30) };
        await proxy.StartAsync();
        var settings = LrsSettings(proxy.Endpoint, database);
        settings["Lrs:LeaseDuration"] = "00:00:03";
        settings["Lrs:RequestTimeout"] = "00:00:01";

        var registrations = new List<Guid>();
        await using (var first = await ApiProcess.StartAsync(settings))
        {
            for (var i = 0; i < 10; i++)
                registrations.Add(await WalkAsync(await first.SignInAsync($"Delegate {i}"), ELearning.Tests.Support.FixtureWalk.BestConfidentiality));
            await Eventually.UntilAsync(() => Task.FromResult(proxy.StatementPosts.Any(r => r.Status == 200)), TimeSpan.FromSeconds(30),
                "a batch to reach the LRS");
            await first.KillAsync();
        }
        var afterKill = await OutboxAsync(database);
        Assert.Equal(10 * 14, afterKill.Count); // every accepted answer's statements were committed
        Assert.Contains(afterKill, row => row.DeliveredAt is null);

        proxy.Mode = FaultProxy.Behaviour.Forward;
        await using (var second = await ApiProcess.StartAsync(settings))
            await UntilDrainedAsync(second.Client(ELearning.Tests.Support.ELearningApp.AdminKey), TimeSpan.FromSeconds(60));
        SqliteConnection.ClearAllPools();

        var outbox = await OutboxAsync(database);
        Assert.All(outbox, row => Assert.NotNull(row.DeliveredAt));
        var held = new List<ELearning.Api.Tracking.Xapi.Statement>();
        foreach (var registration in registrations) held.AddRange(await lrs.StatementsAsync(registration));
        Assert.Equal(outbox.Count, held.Count);
        Assert.Equal(outbox.Select(r => Guid.Parse(r.StatementId)).Order(), held.Select(s => s.Id).Order());
        var posted = proxy.PostedStatementIds;
        Assert.True(posted.Count > posted.Distinct().Count(), "some statements were sent more than once (and the LRS kept one of each)");
        output.WriteLine($"outbox rows {outbox.Count}, pending at the kill {afterKill.Count(r => r.DeliveredAt is null)}, statements posted " +
            $"{posted.Count} ({posted.Count - posted.Distinct().Count()} resends), held by the LRS {held.Count}, distinct {held.Select(s => s.Id).Distinct().Count()}");
    }
}
