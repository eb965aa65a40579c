using System.Net.Http.Json;
using System.Net;
using System.Text.Json;
using ELearning.Tests.Support;

namespace ELearning.Tests.Api;

public sealed class CourseContentTests : IAsyncLifetime
{
    readonly ELearningApp app = new();
    public Task InitializeAsync() => Task.CompletedTask;
    public Task DisposeAsync() => app.DisposeAsync().AsTask();

    [Fact]
    public async Task The_course_lists_the_four_modules_in_order_with_their_contract_fields()
    {
        var course = await app.CreateClient().GetFromJsonAsync<JsonElement>("/api/course");

        var modules = course.GetProperty("modules").EnumerateArray().ToList();
        Assert.Equal(["confidentiality", "boundaries", "promotion-accuracy", "discrimination"], modules.Select(m => m.GetProperty("id").GetString()));
        var first = modules[0];
        Assert.Equal(2, first.GetProperty("caseCount").GetInt32());
        Assert.Equal(0.7, first.GetProperty("passMark").GetDouble());
        Assert.True(first.GetProperty("estimatedMinutes").GetInt32() > 0);
        Assert.False(string.IsNullOrEmpty(first.GetProperty("title").GetString()));
        Assert.False(string.IsNullOrEmpty(first.GetProperty("summary").GetString()));
        Assert.StartsWith("https://", course.GetProperty("id").GetString());
    }

    [Fact]
    public async Task A_module_lists_its_cases_in_order()
    {
        var module = await app.CreateClient().GetFromJsonAsync<JsonElement>("/api/modules/confidentiality");

        Assert.Equal(["fixture-ward-photo", "fixture-second"], module.GetProperty("cases").EnumerateArray().Select(c => c.GetProperty("id").GetString()));
        Assert.Equal(["practitioner", "supervisor"], module.GetProperty("cases").EnumerateArray().Select(c => c.GetProperty("perspective").GetString()));
        Assert.Equal("hcpc-scpe-5.1", module.GetProperty("standards")[0].GetProperty("id").GetString());
    }

    [Fact]
    public async Task A_case_has_its_nodes_with_options_and_segments_but_no_answer_key()
    {
        var response = await app.CreateClient().GetAsync("/api/modules/confidentiality/cases/fixture-ward-photo");
        var text = await response.Content.ReadAsStringAsync();
        var @case = JsonDocument.Parse(text).RootElement;

        var nodes = @case.GetProperty("nodes").EnumerateArray().ToDictionary(n => n.GetProperty("id").GetString()!);
        Assert.Equal(["a", "b", "c"], nodes["n1"].GetProperty("options").EnumerateArray().Select(o => o.GetProperty("id").GetString()));
        Assert.Equal("Ask before posting anything", nodes["n1"].GetProperty("options")[0].GetProperty("text").GetString());
        Assert.Equal("s2", nodes["n3"].GetProperty("segments")[3].GetProperty("id").GetString());
        Assert.Equal("Instagram", @case.GetProperty("post").GetProperty("platform").GetString());
        Assert.Equal("practitioner", @case.GetProperty("perspective").GetString());
        foreach (var secret in new[] { "\"score\"", "\"correct\"", "\"feedback\"", "\"citations\"", "\"next\"", "\"outcome\"", "\"summary\"", "Right: consent" })
            Assert.DoesNotContain(secret, text);
    }

    [Theory]
    [InlineData("/api/modules/no-such-module")]
    [InlineData("/api/modules/confidentiality/cases/no-such-case")]
    [InlineData("/api/modules/no-such-module/cases/fixture-second")]
    [InlineData("/api/clauses/no-such-clause")]
    public async Task Unknown_content_ids_are_not_found_with_a_problem(string url)
    {
        var response = await app.CreateClient().GetAsync(url);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_clause_is_served_with_its_quotation_and_attribution()
    {
        var clause = await app.CreateClient().GetFromJsonAsync<JsonElement>("/api/clauses/hcpc-scpe-5.1");

        Assert.Equal("You must treat information about service users as confidential.", clause.GetProperty("quote").GetString());
        Assert.Equal("Standard 5.1", clause.GetProperty("reference").GetString());
    }
}
