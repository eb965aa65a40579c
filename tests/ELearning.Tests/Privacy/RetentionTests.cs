using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ELearning.Tests.Certificates;
using ELearning.Tests.Support;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace ELearning.Tests.Privacy;

/// <summary>Privacy:RetentionDays: a delegate not seen for longer is erased by the background purge, through the same path as their own erasure.</summary>
public sealed class RetentionTests : IAsyncLifetime
{
    readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 1, 5, 9, 0, 0, TimeSpan.Zero));
    readonly ELearningApp app = new(settings: new Dictionary<string, string?> { ["Privacy:RetentionDays"] = "30", ["Privacy:PurgeIntervalMinutes"] = "60" });
    public Task InitializeAsync() => Task.CompletedTask;
    public Task DisposeAsync() => app.DisposeAsync().AsTask();

    [Fact]
    public async Task A_delegate_unseen_past_the_retention_is_erased_and_one_seen_within_it_is_kept()
    {
        using var dated = app.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(clock)));
        var (asha, certificate) = await CertificateWalk.CertifiedAsync(dated);
        var ben = await CertificateWalk.RegisterAsync(dated, "Ben Okafor", email: "ben.okafor@example.nhs.uk");

        clock.Advance(TimeSpan.FromDays(20));
        Assert.Equal(HttpStatusCode.OK, (await ben.Http.GetAsync("/api/learners/me")).StatusCode); // Ben comes back; Asha does not

        clock.Advance(TimeSpan.FromDays(11)); // Asha: 31 days unseen; Ben: 11

        var verify = dated.CreateClient();
        var id = certificate.GetProperty("id").GetString();
        await Eventually.UntilAsync(async () =>
            (await verify.GetFromJsonAsync<JsonElement>($"/api/verify/{id}")).GetProperty("status").GetString() == "withdrawn",
            TimeSpan.FromSeconds(20), "the purge to withdraw Asha's certificate");
        Assert.Equal(HttpStatusCode.Unauthorized, (await asha.Http.GetAsync("/api/learners/me/data")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await ben.Http.GetAsync("/api/learners/me/data")).StatusCode);
    }

    [Fact]
    public async Task Without_a_retention_nobody_is_purged()
    {
        // A sign-in that lasts as long as the wait, so only the purge could end it.
        await using var keeping = new ELearningApp(settings: new Dictionary<string, string?> { ["Tokens:DelegateLifetime"] = "3650.00:00:00" });
        using var dated = keeping.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(clock)));
        var asha = await CertificateWalk.RegisterAsync(dated);

        clock.Advance(TimeSpan.FromDays(3000));

        var purge = dated.Services.GetRequiredService<ELearning.Api.Identity.RetentionPurge>();
        Assert.Equal(0, await purge.PurgeOnceAsync(CancellationToken.None));
        Assert.Equal(HttpStatusCode.OK, (await asha.Http.GetAsync("/api/learners/me/data")).StatusCode);
    }

    [Fact]
    public async Task A_retention_that_is_not_a_number_of_days_stops_the_api_at_start_up()
    {
        await using var misconfigured = new ELearningApp(settings: new Dictionary<string, string?> { ["Privacy:RetentionDays"] = "-1" });

        var failure = Record.Exception(() => misconfigured.CreateClient());

        Assert.Contains("Privacy:RetentionDays", failure?.ToString());
    }
}
