using System.Text;
using Dapper;
using ELearning.Api.Data;
using ELearning.Api.Lms;
using ELearning.Api.Tracking;
using ELearning.Api.Tracking.Xapi;
using ELearning.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using static ELearning.Tests.Tracking.TrackingTestKit;

namespace ELearning.Tests.Tracking;

/// <summary>
/// Statements of LMS launches go to each LMS's own LRS (outbox destination = the launch): one LMS's LRS being down
/// holds up neither the configured LRS nor another LMS's.
/// </summary>
[Collection(LrsCollection.Name)]
public sealed class OutboxDestinationTests(LrsFixture lrs)
{
    static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    static Statement Experienced(Guid registration) => new()
    {
        Id = Guid.NewGuid(), Actor = Agent.WithAccount("https://lms.example", "learner-9"), Verb = Verbs.Experienced,
        Target = new Activity { Id = "https://lms.example/au/9" }, Context = new Context { Registration = registration }, Timestamp = DateTimeOffset.UtcNow,
    };

    static async Task<Guid> LaunchWithStatementAsync(IDbConnectionFactory connections, Uri endpoint, string authorization, Guid registration)
    {
        var now = DateTimeOffset.UtcNow;
        var launch = new LmsLaunch(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), LaunchKinds.TinCan, endpoint, authorization,
            Agent.WithAccount("https://lms.example", "learner-9"), registration, "", null, "s", LaunchModes.Normal, null, null, now, now, null);
        await using var connection = await connections.OpenAsync(CancellationToken.None);
        await using var tx = await connection.BeginTransactionAsync();
        await LaunchStore.InsertAsync(connection, tx, launch, null);
        await OutboxStore.AppendAsync(connection, tx, launch.LearnerId, [Experienced(registration)], now, launch.Id.ToString("D"));
        await tx.CommitAsync();
        return launch.Id;
    }

    [Fact]
    public async Task An_lms_lrs_that_is_down_holds_up_neither_the_configured_lrs_nor_another_lms()
    {
        var deadLrs = new Uri($"http://127.0.0.1:{FreePort.Next()}/xAPI/");
        // Both LMS LRSs are on 127.0.0.1, which the LMS clients refuse unless Lms:LaunchEndpoints lists them (OutboundGuard).
        await using var app = App(lrs.Endpoint, tweak: s => { s["Lms:LaunchEndpoints:0"] = lrs.Endpoint.AbsoluteUri; s["Lms:LaunchEndpoints:1"] = deadLrs.AbsoluteUri; });
        var asha = await app.SignInAsync();
        var connections = app.Services.GetRequiredService<IDbConnectionFactory>();
        var (down, up) = (Guid.NewGuid(), Guid.NewGuid());
        var dead = await LaunchWithStatementAsync(connections, deadLrs, "Basic eDp5", down);
        await LaunchWithStatementAsync(connections, lrs.Endpoint, "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("test-key:test-secret")), up);

        var registration = await WalkAsync(asha, FixtureWalk.BestConfidentiality);

        await Eventually.UntilAsync(async () => (await lrs.StatementsAsync(registration)).Any(s => s.Verb.Id == Verbs.Terminated.Id)
            && (await lrs.StatementsAsync(up)).Count == 1, Deadline, "the configured LRS and the working LMS's LRS to get their statements");
        // The dead LRS's row is tried on its own schedule: wait for its first failed try, then look.
        (long Sends, string? Error, string? Delivered) stuck = default;
        await Eventually.UntilAsync(async () =>
        {
            await using var connection = await connections.OpenAsync(CancellationToken.None);
            stuck = await connection.QuerySingleAsync<(long Sends, string? Error, string? Delivered)>(
                "SELECT send_count, last_error, delivered_at FROM xapi_outbox WHERE destination = @dead", new { dead = dead.ToString("D") });
            return stuck.Error is not null;
        }, Deadline, "the unreachable LMS LRS to be tried");
        Assert.Null(stuck.Delivered);
        Assert.True(stuck.Sends >= 1);
        Assert.Contains("unreachable", stuck.Error);
        Assert.Empty(await lrs.StatementsAsync(down));
    }
}
