using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using ELearning.Tests.Certificates;
using ELearning.Tests.Support;

namespace ELearning.Tests.Data;

/// <summary>
/// The main HTTP journeys, one body on every provider: the API on a fresh database of the subclass's provider, through
/// its real pipeline. The oracle is what the delegate and the administrator see, and what the outbox holds for the LRS.
/// </summary>
public abstract class JourneyContract : IAsyncLifetime
{
    protected TestDatabase Db { get; private set; } = null!;
    protected ELearningApp App { get; private set; } = null!;
    protected abstract Task<TestDatabase> CreateDatabaseAsync();

    public async Task InitializeAsync()
    {
        Db = await CreateDatabaseAsync();
        App = new ELearningApp(settings: Db.Settings);
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        await Db.DisposeAsync();
    }

    [DatabaseFact]
    public async Task A_delegate_passes_every_module_and_gets_one_certificate_and_every_statement_is_in_the_outbox()
    {
        var asha = await CertificateWalk.RegisterAsync(App);

        await CertificateWalk.PassAllModulesAsync(asha);
        var certificate = await asha.GetJsonAsync("/api/learners/me/certificate");
        var again = await asha.GetJsonAsync("/api/learners/me/certificate");

        Assert.Equal("valid", certificate.GetProperty("status").GetString());
        Assert.Equal(certificate.GetProperty("id").GetString(), again.GetProperty("id").GetString());
        var verified = await App.CreateClient().GetFromJsonAsync<JsonElement>($"/api/verify/{certificate.GetProperty("id").GetString()}");
        Assert.Equal(("valid", "Asha Patel"), (verified.GetProperty("status").GetString(), verified.GetProperty("name").GetString()));
        await using var connection = await Db.Connections.OpenAsync();
        Assert.Equal(1, await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM certificates"));
        // started (2) per attempt, answered/experienced per node, case completions and completed/passed/terminated per module.
        var verbs = (await connection.QueryAsync<string>("SELECT verb FROM xapi_outbox")).ToList();
        Assert.Equal(4, verbs.Count(v => v.EndsWith("/passed")));
        Assert.Equal(4, verbs.Count(v => v.EndsWith("/terminated")));
    }

    [DatabaseFact]
    public async Task A_certified_delegate_downloads_their_data_and_erases_it_and_the_outbox_and_certificate_keep_no_name()
    {
        var asha = await CertificateWalk.RegisterAsync(App);
        await CertificateWalk.PassAllModulesAsync(asha);
        var certificate = await asha.GetJsonAsync("/api/learners/me/certificate");
        var data = await asha.GetJsonAsync("/api/learners/me/data");
        Assert.Equal("Asha Patel", data.GetProperty("profile").GetProperty("name").GetString());
        Assert.Equal(4, data.GetProperty("assessment").GetProperty("attempts").GetArrayLength());

        Assert.Equal(HttpStatusCode.NoContent, (await asha.Http.DeleteAsync("/api/learners/me")).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await asha.Http.GetAsync("/api/learners/me/data")).StatusCode);
        var verified = await App.CreateClient().GetFromJsonAsync<JsonElement>($"/api/verify/{certificate.GetProperty("id").GetString()}");
        Assert.Equal(("withdrawn", ""), (verified.GetProperty("status").GetString(), verified.GetProperty("name").GetString()));
        await using var connection = await Db.Connections.OpenAsync();
        Assert.Equal(0, await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM attempts"));
        Assert.Equal(0, await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM xapi_outbox WHERE learner_id = @id", new { id = asha.LearnerId.ToString() }));
        Assert.All(await connection.QueryAsync<string>("SELECT statement FROM xapi_outbox"), s => Assert.DoesNotContain(asha.LearnerId.ToString(), s));
        Assert.Equal("", await connection.ExecuteScalarAsync<string>("SELECT name FROM learners WHERE id = @id", new { id = asha.LearnerId.ToString() }));
    }

    [DatabaseFact]
    public async Task Answering_again_with_the_same_response_returns_the_recorded_outcome_and_differently_is_a_conflict()
    {
        var asha = await App.SignInAsync();
        var attempt = await asha.StartAsync("confidentiality");
        var first = await asha.AnswerAsync(attempt.AttemptId, "fixture-ward-photo", "n1", new { choices = new[] { "a" } });

        var retry = await asha.AnswerAsync(attempt.AttemptId, "fixture-ward-photo", "n1", new { choices = new[] { "a" } });
        var different = await asha.AnswerAsync(attempt.AttemptId, "fixture-ward-photo", "n1", new { choices = new[] { "b" } });

        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await retry.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Conflict, different.StatusCode);
        var progress = await asha.GetJsonAsync($"/api/attempts/{attempt.AttemptId}");
        Assert.Equal(1, progress.GetProperty("answers").GetArrayLength());
        Assert.Equal(2, progress.GetProperty("score").GetProperty("raw").GetInt32());
    }

    [DatabaseFact]
    public async Task Concurrent_answers_to_one_node_record_one_answer()
    {
        var asha = await App.SignInAsync();
        var attempt = await asha.StartAsync("confidentiality");

        var replies = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            asha.AnswerAsync(attempt.AttemptId, "fixture-ward-photo", "n1", new { choices = new[] { i % 2 == 0 ? "a" : "b" } })));

        Assert.All(replies, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.Conflict }));
        var progress = await asha.GetJsonAsync($"/api/attempts/{attempt.AttemptId}");
        Assert.Equal(1, progress.GetProperty("answers").GetArrayLength());
    }

    [DatabaseFact]
    public async Task The_admin_summary_counts_delegates_and_attempts_per_module()
    {
        var asha = await App.SignInAsync();
        await App.SignInAsync("Ben Okafor");
        await CertificateWalk.PassOneQuestionModuleAsync(asha, "boundaries");
        await CertificateWalk.FailOneQuestionModuleAsync(asha, "discrimination");

        var summary = await App.AdminClient().GetFromJsonAsync<JsonElement>("/api/admin/summary");

        Assert.Equal(2, summary.GetProperty("learners").GetInt32());
        var modules = summary.GetProperty("modules").EnumerateArray().ToDictionary(m => m.GetProperty("moduleId").GetString()!);
        Assert.Equal((1, 1, 1), (modules["boundaries"].GetProperty("started").GetInt32(), modules["boundaries"].GetProperty("completed").GetInt32(), modules["boundaries"].GetProperty("passed").GetInt32()));
        Assert.Equal(0, modules["discrimination"].GetProperty("passed").GetInt32());
        Assert.Equal(0, modules["confidentiality"].GetProperty("started").GetInt32());
    }

    [DatabaseFact]
    public async Task A_workshop_runs_end_to_end_join_answer_count_reveal_follow_attend_and_close()
    {
        var sam = await FacilitatorClient.CreateAsync(App.AdminClient(), App.CreateClient);
        var workshop = await sam.CreateWorkshopAsync("Ward 7 supervisors", "confidentiality");
        Assert.Equal(HttpStatusCode.OK, (await sam.OpenCaseAsync(workshop.Id, "fixture-ward-photo")).StatusCode);
        DelegateClient? last = null;
        var lastAttempt = Guid.Empty;
        foreach (var (choice, i) in new[] { "a", "a", "b" }.Select((c, i) => (c, i)))
        {
            var delegate_ = await WorkshopJoining.JoinAsNewAsync(App.CreateClient, workshop.JoinCode, $"Delegate Number{i}");
            var started = await delegate_.StartAsync("confidentiality");
            await delegate_.AnswerOkAsync(started.AttemptId, started.CaseId, started.NodeId, new { choices = new[] { choice } });
            (last, lastAttempt) = (delegate_, started.AttemptId);
        }

        var distribution = await sam.Http.GetFromJsonAsync<JsonElement>($"/api/workshops/{workshop.Id}/distribution");
        var n1 = distribution.GetProperty("cases").EnumerateArray().Single(c => c.GetProperty("caseId").GetString() == "fixture-ward-photo")
            .GetProperty("nodes").EnumerateArray().Single(n => n.GetProperty("nodeId").GetString() == "n1");
        Assert.Equal(3, n1.GetProperty("answered").GetInt32());
        Assert.Equal(HttpStatusCode.OK, (await sam.Http.PostAsJsonAsync($"/api/workshops/{workshop.Id}/reveal", new { caseId = "fixture-ward-photo", nodeId = "n1" })).StatusCode);
        var room = await last!.GetJsonAsync($"/api/workshops/{workshop.Id}/room");
        Assert.Equal(3, Assert.Single(room.GetProperty("revealed").EnumerateArray()).GetProperty("answered").GetInt32());
        Assert.Equal(HttpStatusCode.OK, (await sam.OpenCaseAsync(workshop.Id, "fixture-second")).StatusCode);
        var moved = await last.Http.PostAsJsonAsync($"/api/attempts/{lastAttempt}/case", new { caseId = "fixture-second" });
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        var csv = await sam.Http.GetStringAsync($"/api/workshops/{workshop.Id}/attendance.csv");
        Assert.Equal(3, csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Count(line => line.Contains("Delegate Number")));
        Assert.Equal(HttpStatusCode.OK, (await sam.Http.PostAsync($"/api/workshops/{workshop.Id}/close", null)).StatusCode);
        var late = await App.CreateClient().PostAsJsonAsync("/api/workshops/join", new { code = workshop.JoinCode, name = "Late Comer" });
        Assert.Equal(HttpStatusCode.Gone, late.StatusCode);
    }

    [DatabaseFact]
    public async Task Health_reports_the_database_and_its_provider()
    {
        var health = await App.CreateClient().GetFromJsonAsync<JsonElement>("/health");

        var database = health.GetProperty("checks").GetProperty("database");
        Assert.Equal("Healthy", database.GetProperty("status").GetString());
        Assert.Contains(Db.Provider.ToString(), database.GetProperty("description").GetString());
    }
}

public sealed class SqliteJourneys : JourneyContract
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Task.FromResult<TestDatabase>(new SqliteTestDatabase());
}

[Collection(PostgresCollection.Name)]
public sealed class PostgreSqlJourneys(PostgresServer server) : JourneyContract
{
    protected override async Task<TestDatabase> CreateDatabaseAsync() => await PostgresTestDatabase.CreateAsync(server);
}

[SqlServerTests]
public sealed class SqlServerJourneys : JourneyContract
{
    protected override async Task<TestDatabase> CreateDatabaseAsync() => await SqlServerTestDatabase.CreateAsync();
}
