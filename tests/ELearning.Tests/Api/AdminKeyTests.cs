using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ELearning.Tests.Support;

namespace ELearning.Tests.Api;

/// <summary>Each administrator has their own named key: any of them opens the admin routes, one can be revoked alone, weak ones never start.</summary>
public sealed class AdminKeyTests
{
    const string AliceKey = "alice-Zq8vN3rT6yB1mK4wP7sD0fH2jL5xC9gA";
    const string BobKey = "bob-Rk2mW9qX5tV8nB3zL6pF1hJ4sD7gC0yE";

    static Dictionary<string, string?> Keys(params (string Name, string? Key)[] keys)
    {
        var settings = new Dictionary<string, string?> { ["Admin:ApiKey"] = "" };
        foreach (var (name, key) in keys) settings[$"Admin:Keys:{name}"] = key;
        return settings;
    }

    [Fact]
    public async Task Every_named_key_opens_the_admin_routes_and_a_revoked_one_does_not()
    {
        await using var app = new ELearningApp(settings: Keys(("alice", AliceKey), ("bob", BobKey), ("carol", "")));

        Assert.Equal(HttpStatusCode.OK, (await app.CreateClient().WithBearer(AliceKey).GetAsync("/api/admin/summary")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.CreateClient().WithBearer(BobKey).GetAsync("/api/admin/summary")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateClient().WithBearer(TestSettings.AdminKey).GetAsync("/api/admin/summary")).StatusCode);
    }

    [Fact]
    public async Task Revoking_one_administrator_s_key_leaves_the_others_working()
    {
        await using var app = new ELearningApp(settings: Keys(("alice", AliceKey), ("bob", "")));

        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateClient().WithBearer(BobKey).GetAsync("/api/admin/summary")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.CreateClient().WithBearer(AliceKey).GetAsync("/api/admin/summary")).StatusCode);
    }

    [Fact]
    public async Task The_older_single_key_still_works_and_is_named_admin_in_the_audit_log()
    {
        await using var app = new ELearningApp();

        await app.AdminClient().PostAsJsonAsync("/api/admin/facilitators", new { name = "Sam Okafor", email = "sam@example.nhs.uk" });

        var page = await app.AdminClient().GetFromJsonAsync<JsonElement>("/api/admin/audit");
        Assert.Equal("admin", page.GetProperty("entries")[0].GetProperty("actor").GetString());
    }

    [Theory]
    [InlineData("Admin:Keys:carol", "short-key")]
    [InlineData("Admin:Keys:carol", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    [InlineData("Admin:Keys:carol", "0123456789abcdef")] // 16 characters: accepted before, too weak now
    [InlineData("Admin:ApiKey", "0123456789abcdef")]
    [InlineData("Admin:Keys:car ol", AliceKey)]
    public async Task A_weak_key_or_a_bad_name_stops_the_api_starting_with_the_setting_named(string key, string value)
    {
        await using var bad = new ELearningApp(settings: new Dictionary<string, string?> { [key] = value });

        var failure = Record.Exception(() => bad.CreateClient());

        Assert.NotNull(failure);
        Assert.Contains(key, failure.ToString());
    }

    [Fact]
    public async Task Two_administrators_may_not_share_one_key()
    {
        await using var bad = new ELearningApp(settings: Keys(("alice", AliceKey), ("bob", AliceKey)));

        var failure = Record.Exception(() => bad.CreateClient());

        Assert.NotNull(failure);
        Assert.Contains("alice and bob are the same", failure.ToString());
    }
}
