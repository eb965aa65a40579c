using System.Net;
using System.Text;
using Dapper;
using Microsoft.Data.Sqlite;

namespace ELearning.Tests.Api;

/// <summary>Every settings section is checked when the API starts: a wrong value stops it with a message naming the setting.</summary>
public sealed class SettingsTests
{
    [Theory]
    [InlineData("App:PublicBaseUrl", "elearning.example.nhs.uk")]
    [InlineData("Admin:ApiKey", "short")]
    [InlineData("Database:Provider", "SqlServer")]
    [InlineData("Lms:IdleTimeoutMinutes", "0")]
    [InlineData("Lms:AllowedOrigins:0", "lms.example.ac.uk")]
    [InlineData("Lms:LaunchEndpoints:0", "ftp://lrs.example.nhs.uk/")]
    [InlineData("Player:FrameAncestors", "* ; script-src *")]
    [InlineData("Lrs:Endpoint", "not a url")]
    [InlineData("Xapi:Actor", "email")]
    [InlineData("Certificates:IssuerName", "")]
    public async Task A_wrong_setting_stops_the_api_at_start_up_naming_it(string key, string value)
    {
        await using var misconfigured = new ELearningApp(settings: new Dictionary<string, string?> { [key] = value });

        var failure = Record.Exception(() => misconfigured.CreateClient());

        var section = key.Split(':')[0] + ":" + key.Split(':')[1];
        Assert.Contains(section, failure?.ToString());
    }
}

/// <summary>
/// Outside Development a body that is not JSON does not throw: the framework answers 400 itself. With AddValidation's
/// endpoint filter in the pipeline the handler must still not run (dotnet/aspnetcore#64341).
/// </summary>
public sealed class ProductionBodyTests : IAsyncLifetime
{
    readonly ELearningApp app = new(settings: new Dictionary<string, string?> { ["environment"] = "Production" });
    public Task InitializeAsync() => Task.CompletedTask;
    public Task DisposeAsync() => app.DisposeAsync().AsTask();

    [Theory]
    [InlineData("{not json")]
    [InlineData("""{"name": 42}""")]
    [InlineData("")]
    public async Task A_sign_in_body_that_cannot_be_read_is_a_bad_request_and_creates_no_delegate(string body)
    {
        var reply = await app.CreateClient().PostAsync("/api/learners", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, reply.StatusCode);
        await using var db = new SqliteConnection($"Data Source={app.DatabasePath}");
        Assert.Equal(0, await db.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM learners"));
    }

    [Fact]
    public async Task An_answer_body_that_cannot_be_read_is_a_bad_request_and_records_nothing()
    {
        var asha = await app.SignInAsync();
        var attempt = await asha.StartAsync("confidentiality");

        var reply = await asha.Http.PostAsync($"/api/attempts/{attempt.AttemptId}/answers",
            new StringContent("""{"caseId": "fixture-ward-photo", "nodeId": "n1", "response": {"choices": ["a"]}""", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, reply.StatusCode);
        await using var db = new SqliteConnection($"Data Source={app.DatabasePath}");
        Assert.Equal(0, await db.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM answers"));
    }
}
