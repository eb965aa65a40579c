using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ELearning.Tests.Support;

namespace ELearning.Tests.Api;

/// <summary>TextPolicy at the doors (README "Input policy"): what the API answers and what it keeps.</summary>
public sealed class InputPolicyTests : IAsyncLifetime
{
    readonly ELearningApp app = new();

    public Task InitializeAsync() => Task.CompletedTask;
    public Task DisposeAsync() => app.DisposeAsync().AsTask();

    [Theory]
    [InlineData("Asha \u202EletaP")]
    [InlineData("Asha\u200BPatel")]
    [InlineData("Asha\u2066Patel\u2069")]
    [InlineData("Asha\u0007Patel")]
    public async Task Sign_in_refuses_a_name_with_hidden_characters_with_a_field_error(string name)
    {
        var reply = await app.CreateClient().PostAsJsonAsync("/api/learners", new { name });

        Assert.Equal(HttpStatusCode.BadRequest, reply.StatusCode);
        Assert.Equal("application/problem+json", reply.Content.Headers.ContentType?.MediaType);
        var errors = (await reply.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Contains("hidden or control characters", errors.GetProperty("name")[0].GetString());
    }

    [Fact]
    public async Task Sign_in_refuses_a_profession_with_a_direction_override()
    {
        var reply = await app.CreateClient().PostAsJsonAsync("/api/learners", new { name = "Asha Patel", profession = "Nurse\u202E" });

        Assert.Equal(HttpStatusCode.BadRequest, reply.StatusCode);
        Assert.True((await reply.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("profession", out _));
    }

    [Fact]
    public async Task A_name_is_kept_in_nfc_with_single_spaces()
    {
        var asha = await DelegateClient.SignUpAsync(app.CreateClient, "  Zoe\u0308   Dupont ");

        Assert.Equal("Zo\u00EB Dupont", (await asha.GetJsonAsync("/api/learners/me")).GetProperty("name").GetString());
    }

    [Fact]
    public async Task A_reflection_keeps_its_words_and_line_breaks_but_loses_hidden_characters()
    {
        var asha = await DelegateClient.SignUpAsync(app.CreateClient, "Asha Patel");
        var attempt = await asha.StartAsync("confidentiality");
        foreach (var (caseId, nodeId, response) in FixtureWalk.BestConfidentiality.TakeWhile(s => s.Node != "n5"))
            await asha.AnswerOkAsync(attempt.AttemptId, caseId, nodeId, response);

        await asha.AnswerOkAsync(attempt.AttemptId, "fixture-ward-photo", "n5", new { text = "I would\u202E ask first.\r\nThen\u200B record it.\u0000" });

        var answers = (await asha.GetJsonAsync($"/api/attempts/{attempt.AttemptId}")).GetProperty("answers").EnumerateArray();
        var reflection = answers.Single(a => a.GetProperty("nodeId").GetString() == "n5");
        Assert.Equal("I would ask first.\nThen record it.", reflection.GetProperty("response").GetProperty("text").GetString());
    }

    [Fact]
    public async Task A_reflection_of_nothing_but_hidden_characters_is_empty_and_refused()
    {
        var asha = await DelegateClient.SignUpAsync(app.CreateClient, "Asha Patel");
        var attempt = await asha.StartAsync("confidentiality");
        foreach (var (caseId, nodeId, response) in FixtureWalk.BestConfidentiality.TakeWhile(s => s.Node != "n5"))
            await asha.AnswerOkAsync(attempt.AttemptId, caseId, nodeId, response);

        var reply = await asha.AnswerAsync(attempt.AttemptId, "fixture-ward-photo", "n5", new { text = "\u200B\u202E\u2066" });

        Assert.Equal(HttpStatusCode.BadRequest, reply.StatusCode);
        Assert.True((await reply.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("response.text", out _));
    }

    [Fact]
    public async Task Joining_a_workshop_refuses_a_name_with_hidden_characters()
    {
        var facilitator = await FacilitatorClient.CreateAsync(app.AdminClient(), app.CreateClient);
        var workshop = await facilitator.CreateWorkshopAsync("Ward 7", "confidentiality");

        var reply = await app.CreateClient().PostAsJsonAsync("/api/workshops/join", new { code = workshop.JoinCode, name = "Priya\u202E Shah" });

        Assert.Equal(HttpStatusCode.BadRequest, reply.StatusCode);
        Assert.True((await reply.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("name", out _));
    }
}
