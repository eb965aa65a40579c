using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ELearning.Api.Tracking;
using ELearning.Api.Tracking.Xapi;
using ELearning.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using static ELearning.Tests.Tracking.TrackingTestKit;

namespace ELearning.Tests.Tracking;

/// <summary>How the attempt path writes statements: in its own transaction, kept for the learner, as configured. No LRS needed.</summary>
public sealed class OutboxWritingTests
{
    [Fact]
    public async Task An_answer_and_its_statements_commit_together_or_not_at_all()
    {
        var database = Path.Combine(Directory.CreateTempSubdirectory("elearning-atomic-").FullName, "db.sqlite");
        await using var app = App(null, database);
        var asha = await app.SignInAsync();
        var attempt = await asha.StartAsync("confidentiality");
        await Execute(database, "CREATE TRIGGER outbox_down BEFORE INSERT ON xapi_outbox BEGIN SELECT RAISE(ABORT, 'outbox unavailable'); END");

        var failed = await asha.AnswerAsync(attempt.AttemptId, attempt.CaseId, attempt.NodeId, new { choices = new[] { "a" } });
        var afterFailure = await asha.GetJsonAsync($"/api/attempts/{attempt.AttemptId}");
        await Execute(database, "DROP TRIGGER outbox_down");
        var retried = await asha.AnswerAsync(attempt.AttemptId, attempt.CaseId, attempt.NodeId, new { choices = new[] { "a" } });

        Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
        Assert.Equal(0, afterFailure.GetProperty("answers").GetArrayLength());
        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        Assert.Equal(["initialized", "attempted", "answered"], (await OutboxAsync(database)).Select(r => VerbName(r.Verb)));
    }

    [Fact]
    public async Task Starting_an_attempt_writes_the_attempt_and_its_statements_atomically()
    {
        var database = Path.Combine(Directory.CreateTempSubdirectory("elearning-atomic-").FullName, "db.sqlite");
        await using var app = App(null, database);
        var asha = await app.SignInAsync();
        await Execute(database, "CREATE TRIGGER outbox_down BEFORE INSERT ON xapi_outbox BEGIN SELECT RAISE(ABORT, 'outbox unavailable'); END");

        var failed = await asha.Http.PostAsJsonAsync("/api/attempts", new { moduleId = "confidentiality" });
        var me = await asha.GetJsonAsync("/api/learners/me");

        Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
        Assert.Equal(0, await Scalar(database, "SELECT COUNT(*) FROM attempts"));
        Assert.DoesNotContain("in-progress", me.ToString());
    }

    [Fact]
    public async Task A_learners_statements_are_kept_after_delivery_in_order_and_only_theirs()
    {
        await using var app = App(null);
        var asha = await app.SignInAsync("Asha Patel");
        var ben = await app.SignInAsync("Ben Okoro");
        var ashas = await WalkAsync(asha, FixtureWalk.BestConfidentiality);
        await WalkAsync(ben, FixtureWalk.PoorConfidentiality);

        var kept = await app.Services.GetRequiredService<OutboxStore>().StatementsForLearnerAsync(asha.LearnerId, CancellationToken.None);

        Assert.Equal(14, kept.Count);
        Assert.All(kept, s => Assert.Equal(ashas, s.Registration));
        var statements = kept.Select(s => XapiJson.Deserialize(s.Json)).ToList();
        Assert.Equal(kept.Select(s => s.StatementId), statements.Select(s => s.Id));
        Assert.Equal("initialized", VerbName(statements[0].Verb.Id));
        Assert.Equal("terminated", VerbName(statements[^1].Verb.Id));
        Assert.All(statements, s => Assert.Equal(asha.LearnerId.ToString(), s.Actor.Account!.Name));
    }

    [Fact]
    public async Task With_Xapi_Actor_mbox_a_delegate_who_gave_an_email_is_identified_by_it()
    {
        var database = Path.Combine(Directory.CreateTempSubdirectory("elearning-mbox-").FullName, "db.sqlite");
        await using var app = App(null, database, s => s["Xapi:Actor"] = "mbox");
        var reply = await app.CreateClient().PostAsJsonAsync("/api/learners", new { name = "Asha Patel", email = "asha.patel@example.org" });
        var token = (await reply.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString();
        var http = app.CreateClient();
        http.DefaultRequestHeaders.Authorization = new("Bearer", token);
        var withEmail = new DelegateClient(http, Guid.Empty);
        var withoutEmail = await app.SignInAsync("Ben Okoro");

        await withEmail.StartAsync("confidentiality");
        await withoutEmail.StartAsync("confidentiality");

        var actors = (await OutboxAsync(database)).Select(r => XapiJson.Deserialize(r.Statement).Actor).ToList();
        Assert.Equal("mailto:asha.patel@example.org", actors[0].Mbox);
        Assert.Null(actors[0].Account);
        Assert.Equal(withoutEmail.LearnerId.ToString(), actors[2].Account!.Name);
    }

    [Fact]
    public async Task A_bad_LRS_endpoint_stops_the_API_at_start_with_a_message_naming_the_key()
    {
        await using var app = App(null, tweak: s => s["Lrs:Endpoint"] = "lrs.example/xAPI");

        var error = Record.Exception(() => app.CreateClient());

        Assert.NotNull(error);
        var validation = Assert.IsType<OptionsValidationException>(error.GetBaseException() as OptionsValidationException ?? error.InnerException);
        Assert.Contains("Lrs:Endpoint must be an absolute http(s) URL", validation.Message);
    }

    static async Task Execute(string database, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={database};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    static async Task<long> Scalar(string database, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={database};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
