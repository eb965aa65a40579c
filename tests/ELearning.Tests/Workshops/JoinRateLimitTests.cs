using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ELearning.Tests.Support;

namespace ELearning.Tests.Workshops;

public sealed class JoinRateLimitTests : IAsyncLifetime
{
    readonly ELearningApp app = new(settings: new Dictionary<string, string?> { ["RateLimits:JoinsPerMinute"] = "3" });
    public Task InitializeAsync() => Task.CompletedTask;
    public Task DisposeAsync() => app.DisposeAsync().AsTask();

    [Fact]
    public async Task Guessing_codes_is_stopped_with_429_and_Retry_After_and_joining_other_routes_is_unaffected()
    {
        var sam = await FacilitatorClient.CreateAsync(app.AdminClient(), app.CreateClient);
        var workshop = await sam.CreateWorkshopAsync();
        for (var i = 0; i < 3; i++)
            Assert.Equal(HttpStatusCode.NotFound, (await app.CreateClient().PostAsJsonAsync("/api/workshops/join", new { code = "ACDE-FGHJ", name = "Guesser" })).StatusCode);

        var limited = await app.CreateClient().PostAsJsonAsync("/api/workshops/join", new { code = workshop.JoinCode, name = "Guesser" });

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal("application/problem+json", limited.Content.Headers.ContentType?.MediaType);
        var seconds = limited.Headers.RetryAfter?.Delta?.TotalSeconds;
        Assert.InRange(seconds ?? 0, 1, 60);
        Assert.Contains("Try again", (await limited.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.Created, (await app.CreateClient().PostAsJsonAsync("/api/learners", new { name = "Asha" })).StatusCode);
    }

    [Fact]
    public async Task A_join_rate_outside_its_range_stops_the_api_starting_with_the_setting_named()
    {
        await using var bad = new ELearningApp(settings: new Dictionary<string, string?> { ["RateLimits:JoinsPerMinute"] = "0" });

        var failure = Record.Exception(() => bad.CreateClient());

        Assert.NotNull(failure);
        Assert.Contains("RateLimits:JoinsPerMinute", failure.ToString());
    }
}
