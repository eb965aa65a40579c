using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Dapper;
using ELearning.Tests.Support;
using Microsoft.Data.Sqlite;

namespace ELearning.Tests.Api;

public sealed class AttemptTests : IAsyncLifetime
{
    readonly ELearningApp app = new();
    public Task InitializeAsync() => Task.CompletedTask;
    public Task DisposeAsync() => app.DisposeAsync().AsTask();

    [Fact]
    public async Task Starting_an_attempt_returns_a_uuid_and_the_first_node_of_the_first_case()
    {
        var asha = await app.SignInAsync();

        var started = await asha.StartAsync("confidentiality");

        Assert.NotEqual(Guid.Empty, started.AttemptId);
        Assert.Equal(("fixture-ward-photo", "n1"), (started.CaseId, started.NodeId));
    }

    [Fact]
    public async Task Starting_an_unknown_module_is_not_found_and_a_missing_one_is_invalid()
    {
        var asha = await app.SignInAsync();

        var unknown = await asha.Http.PostAsJsonAsync("/api/attempts", new { moduleId = "astrology" });
        var missing = await asha.Http.PostAsJsonAsync("/api/attempts", new { });

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.True((await missing.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("moduleId", out _));
    }

    [Fact]
    public async Task Attempts_need_a_token()
    {
        var response = await app.CreateClient().PostAsJsonAsync("/api/attempts", new { moduleId = "confidentiality" });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_right_answer_is_scored_with_feedback_the_cited_clause_and_the_next_node()
    {
        var asha = await app.SignInAsync();
        var attempt = await asha.StartAsync("confidentiality");

        var outcome = await asha.AnswerOkAsync(attempt.AttemptId, "fixture-ward-photo", "n1", new { choices = new[] { "a" } });

        Assert.True(outcome.GetProperty("correct").GetBoolean());
        Assert.Equal(2, outcome.GetProperty("score").GetInt32());
        Assert.Equal(2, outcome.GetProperty("maxScore").GetInt32());
        Assert.Equal("Right: consent and policy come first.", outcome.GetProperty("feedback").GetString());
        Assert.Equal("You must treat information about service users as confidential.", outcome.GetProperty("citations")[0].GetProperty("quote").GetString());
        Assert.Equal("n2", outcome.GetProperty("next").GetProperty("nodeId").GetString());
    }

    [Fact]
    public async Task A_poor_choice_branches_to_its_consequence()
    {
        var asha = await app.SignInAsync();
        var attempt = await asha.StartAsync("confidentiality");

        var outcome = await asha.AnswerOkAsync(attempt.AttemptId, "fixture-ward-photo", "n1", new { choices = new[] { "b" } });

        Assert.False(outcome.GetProperty("correct").GetBoolean());
        Assert.Equal(0, outcome.GetProperty("score").GetInt32());
        Assert.Equal(2, outcome.GetProperty("citations").GetArrayLength());
        Assert.Equal("c1", outcome.GetProperty("next").GetProperty("nodeId").GetString());
    }

    [Fact]
    public async Task A_multiple_response_answer_scores_right_less_wrong_and_explains_each_option()
    {
        var asha = await app.SignInAsync();
        var attempt = await asha.StartAsync("confidentiality");
        await asha.AnswerOkAsync(attempt.AttemptId, "fixture-ward-photo", "n1", new { choices = new[] { "a" } });

        var outcome = await asha.AnswerOkAsync(attempt.AttemptId, "fixture-ward-photo", "n2", new { choices = new[] { "x", "z", "y" } });

        Assert.Equal(1, outcome.GetProperty("score").GetInt32());
        Assert.Equal(2, outcome.GetProperty("maxScore").GetInt32());
        Assert.False(outcome.GetProperty("correct").GetBoolean());
        var z = outcome.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("id").GetString() == "z");
        Assert.True(z.GetProperty("chosen").GetBoolean());
        Assert.False(z.GetProperty("correct").GetBoolean());
        Assert.Equal("The weather identifies nobody.", z.GetProperty("feedback").GetString());
    }

    [Fact]
    public async Task Each_module_walks_to_a_result_and_the_best_path_scores_full_marks()
    {
        var asha = await app.SignInAsync();
        var attempt = await asha.StartAsync("confidentiality");
        JsonElement last = default;
        foreach (var (caseId, nodeId, response) in FixtureWalk.BestConfidentiality)
            last = await asha.AnswerOkAsync(attempt.AttemptId, caseId, nodeId, response);
        Assert.Equal(JsonValueKind.Null, last.GetProperty("next").ValueKind);

        var result = await (await asha.Http.PostAsync($"/api/attempts/{attempt.AttemptId}/complete", null)).Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(1.0, result.GetProperty("scaled").GetDouble());
        Assert.Equal(8, result.GetProperty("raw").GetInt32());
        Assert.Equal(8, result.GetProperty("max").GetInt32());
        Assert.True(result.GetProperty("passed").GetBoolean());
        foreach (var module in new[] { "boundaries", "promotion-accuracy", "discrimination" })
        {
            var other = await asha.StartAsync(module);
            await asha.AnswerOkAsync(other.AttemptId, other.CaseId, other.NodeId, new { value = true });
            await asha.AnswerOkAsync(other.AttemptId, other.CaseId, "end", new { acknowledged = true });
            var otherResult = await (await asha.Http.PostAsync($"/api/attempts/{other.AttemptId}/complete", null)).Content.ReadFromJsonAsync<JsonElement>();
            Assert.True(otherResult.GetProperty("passed").GetBoolean());
        }
    }

    [Fact]
    public async Task A_poor_branch_is_scored_against_the_best_path_and_fails_below_the_pass_mark()
    {
        var asha = await app.SignInAsync();
        var attempt = await asha.StartAsync("confidentiality");
        foreach (var (caseId, nodeId, response) in FixtureWalk.PoorConfidentiality)
            await asha.AnswerOkAsync(attempt.AttemptId, caseId, nodeId, response);

        var result = await (await asha.Http.PostAsync($"/api/attempts/{attempt.AttemptId}/complete", null)).Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(2, result.GetProperty("raw").GetInt32());
        Assert.Equal(8, result.GetProperty("max").GetInt32());
        Assert.Equal(0.25, result.GetProperty("scaled").GetDouble());
        Assert.False(result.GetProperty("passed").GetBoolean());
    }

    [Fact]
    public async Task Completing_twice_gives_the_same_result_and_answers_after_completion_conflict()
    {
        var asha = await app.SignInAsync();
        var attempt = await asha.StartAsync("boundaries");
        await asha.AnswerOkAsync(attempt.AttemptId, attempt.CaseId, "q1", new { value = false });
        await asha.AnswerOkAsync(attempt.AttemptId, attempt.CaseId, "end", new { });

        var first = await (await asha.Http.PostAsync($"/api/attempts/{attempt.AttemptId}/complete", null)).Content.ReadAsStringAsync();
        var second = await (await asha.Http.PostAsync($"/api/attempts/{attempt.AttemptId}/complete", null)).Content.ReadAsStringAsync();

        Assert.Equal(first, second);
        Assert.Contains("\"passed\":false", first);
    }

    [Fact]
    public async Task Completing_an_unfinished_attempt_is_a_conflict()
    {
        var asha = await app.SignInAsync();
        var attempt = await asha.StartAsync("confidentiality");

        var response = await asha.Http.PostAsync($"/api/attempts/{attempt.AttemptId}/complete", null);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
    }

    [Fact]
    public async Task Progress_shows_the_next_node_the_answers_so_far_and_the_score_so_far()
    {
        var asha = await app.SignInAsync();
        var attempt = await asha.StartAsync("confidentiality");
        await asha.AnswerOkAsync(attempt.AttemptId, "fixture-ward-photo", "n1", new { choices = new[] { "b" } });
        await asha.AnswerOkAsync(attempt.AttemptId, "fixture-ward-photo", "c1", new { });

        var progress = await asha.GetJsonAsync($"/api/attempts/{attempt.AttemptId}");

        Assert.Equal("in-progress", progress.GetProperty("status").GetString());
        Assert.Equal("n2", progress.GetProperty("next").GetProperty("nodeId").GetString());
        Assert.Equal(2, progress.GetProperty("answers").GetArrayLength());
        Assert.Equal("b", progress.GetProperty("answers")[0].GetProperty("response").GetProperty("choices")[0].GetString());
        Assert.Equal(0, progress.GetProperty("score").GetProperty("raw").GetInt32());
        Assert.Equal(2, progress.GetProperty("score").GetProperty("answeredMax").GetInt32());
        Assert.Equal(1, progress.GetProperty("progress").GetProperty("caseNumber").GetInt32());
        Assert.Equal(2, progress.GetProperty("progress").GetProperty("caseCount").GetInt32());
    }

    [Fact]
    public async Task Answering_again_with_the_same_response_returns_the_recorded_outcome()
    {
        var asha = await app.SignInAsync();
        var attempt = await asha.StartAsync("confidentiality");
        var first = await asha.AnswerAsync(attempt.AttemptId, "fixture-ward-photo", "n1", new { choices = new[] { "a" } });

        var retry = await asha.AnswerAsync(attempt.AttemptId, "fixture-ward-photo", "n1", new { choices = new[] { "a" } });

        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await retry.Content.ReadAsStringAsync());
        var progress = await asha.GetJsonAsync($"/api/attempts/{attempt.AttemptId}");
        Assert.Equal(1, progress.GetProperty("answers").GetArrayLength());
        Assert.Equal(2, progress.GetProperty("score").GetProperty("raw").GetInt32());
    }

    [Fact]
    public async Task Answering_a_node_again_differently_is_a_conflict()
    {
        var asha = await app.SignInAsync();
        var attempt = await asha.StartAsync("confidentiality");
        await asha.AnswerOkAsync(attempt.AttemptId, "fixture-ward-photo", "n1", new { choices = new[] { "a" } });

        var again = await asha.AnswerAsync(attempt.AttemptId, "fixture-ward-photo", "n1", new { choices = new[] { "b" } });

        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("application/problem+json", again.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Answering_ahead_of_the_next_node_is_a_conflict()
    {
        var asha = await app.SignInAsync();
        var attempt = await asha.StartAsync("confidentiality");

        var ahead = await asha.AnswerAsync(attempt.AttemptId, "fixture-ward-photo", "n4", new { value = false });

        Assert.Equal(HttpStatusCode.Conflict, ahead.StatusCode);
    }

    [Theory]
    [InlineData("fixture-ward-photo", "n1", """{"choices": ["a", "b"]}""", "response.choices")]
    [InlineData("fixture-ward-photo", "n1", """{"choices": ["nope"]}""", "response.choices")]
    [InlineData("fixture-ward-photo", "n1", """{"value": true}""", "response.value")]
    [InlineData("fixture-ward-photo", "n1", """["a"]""", "response")]
    [InlineData("fixture-ward-photo", "n1", """{"choices": "a"}""", "response.choices")]
    public async Task A_response_of_the_wrong_shape_is_invalid_with_field_errors(string caseId, string nodeId, string response, string field)
    {
        var asha = await app.SignInAsync();
        var attempt = await asha.StartAsync("confidentiality");
        var body = $$"""{"caseId": "{{caseId}}", "nodeId": "{{nodeId}}", "response": {{response}}}""";

        var reply = await asha.Http.PostAsync($"/api/attempts/{attempt.AttemptId}/answers", Json(body));

        Assert.Equal(HttpStatusCode.BadRequest, reply.StatusCode);
        var problem = await reply.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        await AssertNothingRecorded();
    }

    [Fact]
    public async Task Each_node_type_checks_its_own_response_shape()
    {
        var asha = await app.SignInAsync();
        var attempt = await asha.StartAsync("confidentiality");
        await asha.AnswerOkAsync(attempt.AttemptId, "fixture-ward-photo", "n1", new { choices = new[] { "a" } });
        Assert.Equal(HttpStatusCode.BadRequest, (await asha.AnswerAsync(attempt.AttemptId, "fixture-ward-photo", "n2", new { selected = new[] { "x" } })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await asha.AnswerAsync(attempt.AttemptId, "fixture-ward-photo", "n2", new { choices = new[] { "x", "x" } })).StatusCode);
        await asha.AnswerOkAsync(attempt.AttemptId, "fixture-ward-photo", "n2", new { choices = Array.Empty<string>() });
        Assert.Equal(HttpStatusCode.BadRequest, (await asha.AnswerAsync(attempt.AttemptId, "fixture-ward-photo", "n3", new { selected = new[] { "s9" } })).StatusCode);
        await asha.AnswerOkAsync(attempt.AttemptId, "fixture-ward-photo", "n3", new { selected = new[] { "s3" } });
        Assert.Equal(HttpStatusCode.BadRequest, (await asha.AnswerAsync(attempt.AttemptId, "fixture-ward-photo", "n4", new { value = "yes" })).StatusCode);
        await asha.AnswerOkAsync(attempt.AttemptId, "fixture-ward-photo", "n4", new { value = true });
        Assert.Equal(HttpStatusCode.BadRequest, (await asha.AnswerAsync(attempt.AttemptId, "fixture-ward-photo", "n5", new { text = "   " })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await asha.AnswerAsync(attempt.AttemptId, "fixture-ward-photo", "n5", new { text = new string('x', 5001) })).StatusCode);

        var reflection = await asha.AnswerOkAsync(attempt.AttemptId, "fixture-ward-photo", "n5", new { text = "  I will ask first.  " });

        Assert.False(reflection.GetProperty("scored").GetBoolean());
        Assert.Equal(JsonValueKind.Null, reflection.GetProperty("correct").ValueKind);
        Assert.Equal("Ask, check policy, and post nothing that could identify a patient.", reflection.GetProperty("debrief").GetProperty("summary").GetString());
        var progress = await asha.GetJsonAsync($"/api/attempts/{attempt.AttemptId}");
        Assert.Equal("I will ask first.", progress.GetProperty("answers")[4].GetProperty("response").GetProperty("text").GetString());
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("""{"caseId": 12, "nodeId": "n1", "response": {}}""")]
    [InlineData("")]
    public async Task Malformed_json_is_a_bad_request_problem(string body)
    {
        var asha = await app.SignInAsync();
        var attempt = await asha.StartAsync("confidentiality");

        var reply = await asha.Http.PostAsync($"/api/attempts/{attempt.AttemptId}/answers", Json(body));

        Assert.Equal(HttpStatusCode.BadRequest, reply.StatusCode);
        Assert.Equal("application/problem+json", reply.Content.Headers.ContentType?.MediaType);
        await AssertNothingRecorded();
    }

    [Fact]
    public async Task Missing_answer_fields_are_named()
    {
        var asha = await app.SignInAsync();
        var attempt = await asha.StartAsync("confidentiality");

        var reply = await asha.Http.PostAsync($"/api/attempts/{attempt.AttemptId}/answers", Json("{}"));

        Assert.Equal(HttpStatusCode.BadRequest, reply.StatusCode);
        var errors = (await reply.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("caseId", out _) && errors.TryGetProperty("nodeId", out _) && errors.TryGetProperty("response", out _));
    }

    [Theory]
    [InlineData("no-such-case", "n1")]
    [InlineData("fixture-ward-photo", "no-such-node")]
    [InlineData("fixture-boundaries", "q1")]
    public async Task Answers_to_unknown_cases_or_nodes_are_not_found(string caseId, string nodeId)
    {
        var asha = await app.SignInAsync();
        var attempt = await asha.StartAsync("confidentiality");

        var reply = await asha.AnswerAsync(attempt.AttemptId, caseId, nodeId, new { value = true });

        Assert.Equal(HttpStatusCode.NotFound, reply.StatusCode);
    }

    [Fact]
    public async Task Another_delegates_attempt_is_not_found()
    {
        var asha = await app.SignInAsync("Asha Patel");
        var ben = await app.SignInAsync("Ben Clarke");
        var attempt = await asha.StartAsync("confidentiality");

        var read = await ben.Http.GetAsync($"/api/attempts/{attempt.AttemptId}");
        var answer = await ben.AnswerAsync(attempt.AttemptId, "fixture-ward-photo", "n1", new { choices = new[] { "a" } });
        var complete = await ben.Http.PostAsync($"/api/attempts/{attempt.AttemptId}/complete", null);
        var unknown = await asha.Http.GetAsync($"/api/attempts/{Guid.NewGuid()}");

        Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, answer.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, complete.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task A_body_over_64_KB_is_refused_with_413_whether_or_not_it_announces_its_length()
    {
        var asha = await app.SignInAsync();
        var attempt = await asha.StartAsync("confidentiality");
        var huge = "{\"caseId\": \"fixture-ward-photo\", \"nodeId\": \"n5\", \"response\": {\"text\": \"" + new string('x', 70_000) + "\"}}";

        var announced = await asha.Http.PostAsync($"/api/attempts/{attempt.AttemptId}/answers", Json(huge));
        var chunked = new StringContent(huge, Encoding.UTF8, "application/json");
        chunked.Headers.ContentLength = null;
        var streamed = await asha.Http.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"/api/attempts/{attempt.AttemptId}/answers")
        {
            Content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(huge))) { Headers = { ContentType = new("application/json") } },
        });

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, announced.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, streamed.StatusCode);
        await AssertNothingRecorded();
    }

    [Fact]
    public async Task The_dashboard_shows_each_modules_status()
    {
        var asha = await app.SignInAsync();
        var started = await asha.StartAsync("confidentiality");
        var passed = await asha.StartAsync("boundaries");
        await asha.AnswerOkAsync(passed.AttemptId, passed.CaseId, "q1", new { value = true });
        await asha.AnswerOkAsync(passed.AttemptId, passed.CaseId, "end", new { });
        await asha.Http.PostAsync($"/api/attempts/{passed.AttemptId}/complete", null);

        var me = await asha.GetJsonAsync("/api/learners/me");

        var status = me.GetProperty("modules").EnumerateArray().ToDictionary(m => m.GetProperty("moduleId").GetString()!, m => m.GetProperty("status").GetString());
        Assert.Equal("in-progress", status["confidentiality"]);
        Assert.Equal("passed", status["boundaries"]);
        Assert.Equal("not-started", status["discrimination"]);
    }

    static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    async Task AssertNothingRecorded()
    {
        await using var db = new SqliteConnection($"Data Source={app.DatabasePath}");
        Assert.Equal(0, await db.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM answers"));
    }
}
