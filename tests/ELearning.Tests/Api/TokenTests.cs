using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using ELearning.Tests.Support;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace ELearning.Tests.Api;

/// <summary>Tokens end: after a stretch unused (sliding), on logout, and when removed, at once on every node.</summary>
public sealed class TokenTests
{
    static async Task<JsonElement> AssertUnauthorisedAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    [Fact]
    public async Task Logging_out_on_one_node_refuses_the_token_on_another_node_sharing_the_database_at_once()
    {
        await using var first = new ELearningApp();
        first.CreateClient().Dispose(); // starts it, so the database is migrated before the second node opens it
        await using var second = new ELearningApp(settings: new Dictionary<string, string?> { ["ConnectionStrings:ELearning"] = $"Data Source={first.DatabasePath}" });
        var asha = await first.SignInAsync();
        var token = asha.Http.DefaultRequestHeaders.Authorization!.Parameter!;
        var onSecond = second.CreateClient().WithBearer(token);
        Assert.Equal(HttpStatusCode.OK, (await onSecond.GetAsync("/api/learners/me")).StatusCode); // the second node has seen it

        Assert.Equal(HttpStatusCode.NoContent, (await asha.Http.PostAsync("/api/learners/me/logout", null)).StatusCode);

        await AssertUnauthorisedAsync(await onSecond.GetAsync("/api/learners/me"));
        await AssertUnauthorisedAsync(await asha.Http.GetAsync("/api/learners/me"));
        await AssertUnauthorisedAsync(await asha.Http.PostAsync("/api/learners/me/logout", null));
    }

    [Fact]
    public async Task Logging_out_ends_only_the_token_presented_so_the_delegate_s_other_devices_stay_signed_in()
    {
        await using var app = new ELearningApp();
        var phone = await app.SignInAsync();
        const string laptopToken = "laptop-token-0123456789abcdefghijklmnopqrstu";
        await using (var db = new SqliteConnection($"Data Source={app.DatabasePath}"))
            await db.ExecuteAsync("INSERT INTO learner_tokens (token_hash, learner_id, created_at) VALUES (@hash, @id, @now)", new
            {
                hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(laptopToken))),
                id = phone.LearnerId.ToString(), now = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", System.Globalization.CultureInfo.InvariantCulture),
            });
        var laptop = app.CreateClient().WithBearer(laptopToken);

        Assert.Equal(HttpStatusCode.NoContent, (await phone.Http.PostAsync("/api/learners/me/logout", null)).StatusCode);

        await AssertUnauthorisedAsync(await phone.Http.GetAsync("/api/learners/me"));
        Assert.Equal(HttpStatusCode.OK, (await laptop.GetAsync("/api/learners/me")).StatusCode);
    }

    [Fact]
    public async Task A_token_removed_from_the_database_stops_working_on_its_next_request_though_it_was_just_used()
    {
        await using var app = new ELearningApp();
        var asha = await app.SignInAsync();
        Assert.Equal(HttpStatusCode.OK, (await asha.Http.GetAsync("/api/learners/me")).StatusCode);

        await using (var db = new SqliteConnection($"Data Source={app.DatabasePath}"))
            await db.ExecuteAsync("DELETE FROM learner_tokens WHERE learner_id = @id", new { id = asha.LearnerId.ToString() });

        await AssertUnauthorisedAsync(await asha.Http.GetAsync("/api/learners/me"));
    }

    [Fact]
    public async Task A_delegate_token_lasts_while_it_is_used_and_expires_after_its_lifetime_unused_with_a_401_saying_so()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));
        await using var app = new ELearningApp(settings: new Dictionary<string, string?> { ["Tokens:DelegateLifetime"] = "1.00:00:00" });
        using var timed = app.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(clock)));
        var asha = await DelegateClient.SignUpAsync(timed.CreateClient, "Asha Patel");

        foreach (var _ in Enumerable.Range(0, 3))
        {
            clock.Advance(TimeSpan.FromHours(23)); // used within each day: still signed in after more than two days in all
            Assert.Equal(HttpStatusCode.OK, (await asha.Http.GetAsync("/api/learners/me")).StatusCode);
        }
        clock.Advance(TimeSpan.FromHours(24));

        var problem = await AssertUnauthorisedAsync(await asha.Http.GetAsync("/api/learners/me"));
        Assert.Equal("Sign-in expired", problem.GetProperty("title").GetString());
        Assert.Contains("Sign in again", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_facilitator_token_expires_after_its_own_lifetime_unused()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));
        await using var app = new ELearningApp(settings: new Dictionary<string, string?> { ["Tokens:FacilitatorLifetime"] = "08:00:00" });
        using var timed = app.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(clock)));
        var sam = await FacilitatorClient.CreateAsync(timed.CreateClient().WithBearer(ELearningApp.AdminKey), timed.CreateClient);
        Assert.Equal(HttpStatusCode.OK, (await sam.Http.GetAsync("/api/workshops")).StatusCode);

        clock.Advance(TimeSpan.FromHours(8));

        await AssertUnauthorisedAsync(await sam.Http.GetAsync("/api/workshops"));
    }

    [Theory]
    [InlineData("Tokens:DelegateLifetime", "00:00:01")]
    [InlineData("Tokens:FacilitatorLifetime", "-1.00:00:00")]
    public async Task A_lifetime_out_of_range_stops_the_api_starting_with_the_setting_named(string key, string value)
    {
        await using var bad = new ELearningApp(settings: new Dictionary<string, string?> { [key] = value });

        var failure = Record.Exception(() => bad.CreateClient());

        Assert.NotNull(failure);
        Assert.Contains(key, failure.ToString());
    }
}
