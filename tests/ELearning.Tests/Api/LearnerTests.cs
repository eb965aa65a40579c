using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using ELearning.Tests.Support;
using Microsoft.Data.Sqlite;

namespace ELearning.Tests.Api;

public sealed class LearnerTests : IAsyncLifetime
{
    readonly ELearningApp app = new();
    public Task InitializeAsync() => Task.CompletedTask;
    public Task DisposeAsync() => app.DisposeAsync().AsTask();

    [Fact]
    public async Task Signing_in_returns_a_learner_id_and_a_token_of_which_only_the_hash_is_stored()
    {
        var response = await app.CreateClient().PostAsJsonAsync("/api/learners",
            new { name = "Asha Patel", email = "asha@example.nhs.uk", registrationNumber = "ph123456", profession = "Physiotherapist" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var token = body.GetProperty("token").GetString()!;
        Assert.True(token.Length >= 40);
        await using var db = new SqliteConnection($"Data Source={app.DatabasePath}");
        var stored = await db.QuerySingleAsync<string>("SELECT token_hash FROM learner_tokens");
        Assert.NotEqual(token, stored);
        Assert.DoesNotContain(token, stored);
        Assert.Equal(64, stored.Length);
    }

    [Fact]
    public async Task The_signed_in_delegate_sees_their_details_and_every_module_not_started()
    {
        var asha = await app.SignInAsync("Asha Patel", "PH123456");

        var me = await asha.GetJsonAsync("/api/learners/me");

        Assert.Equal("Asha Patel", me.GetProperty("name").GetString());
        Assert.Equal("PH123456", me.GetProperty("registrationNumber").GetString());
        Assert.All(me.GetProperty("modules").EnumerateArray(), m => Assert.Equal("not-started", m.GetProperty("status").GetString()));
    }

    [Theory]
    [InlineData("""{"name": ""}""", "name")]
    [InlineData("""{"name": "Asha", "email": "not-an-email"}""", "email")]
    [InlineData("""{"name": "Asha", "registrationNumber": "12345678901"}""", "registrationNumber")]
    [InlineData("""{"email": "asha@example.nhs.uk"}""", "name")]
    public async Task Sign_in_details_are_validated_field_by_field(string body, string field)
    {
        var response = await app.CreateClient().PostAsync("/api/learners", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), await response.Content.ReadAsStringAsync());
        await using var db = new SqliteConnection($"Data Source={app.DatabasePath}");
        Assert.Equal(0, await db.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM learners"));
    }

    [Fact]
    public async Task A_learner_call_without_a_token_is_unauthorised()
    {
        var response = await app.CreateClient().GetAsync("/api/learners/me");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_made_up_token_is_unauthorised()
    {
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", "made-up-token");

        var response = await client.GetAsync("/api/learners/me");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
