using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ELearning.Tests.Support;

namespace ELearning.Tests.Workshops;

public sealed class WorkshopTests : IAsyncLifetime
{
    readonly ELearningApp app = new();
    FacilitatorClient sam = null!;
    public async Task InitializeAsync() => sam = await FacilitatorClient.CreateAsync(app.AdminClient(), app.CreateClient);
    public Task DisposeAsync() => app.DisposeAsync().AsTask();

    [Fact]
    public async Task A_facilitator_creates_a_workshop_with_a_short_code_of_unmistakable_characters()
    {
        var workshop = await sam.CreateWorkshopAsync("Ward 7 supervisors", "confidentiality", "boundaries");

        Assert.Matches("^[ACDEFGHJKMNPQRTWXY34679]{4}-[ACDEFGHJKMNPQRTWXY34679]{4}$", workshop.JoinCode);
        Assert.Equal($"http://localhost/?code={workshop.JoinCode}#/join", workshop.JoinUrl.Replace("localhost:5080", "localhost"));
        var got = await sam.Http.GetFromJsonAsync<JsonElement>($"/api/workshops/{workshop.Id}");
        Assert.Equal("Ward 7 supervisors", got.GetProperty("title").GetString());
        Assert.Equal(["confidentiality", "boundaries"], got.GetProperty("moduleIds").EnumerateArray().Select(m => m.GetString()));
        Assert.Equal(JsonValueKind.Null, got.GetProperty("closedAt").ValueKind);
    }

    [Fact]
    public async Task Codes_of_many_workshops_all_differ()
    {
        var codes = new HashSet<string>();
        for (var i = 0; i < 20; i++) codes.Add((await sam.CreateWorkshopAsync()).JoinCode);
        Assert.Equal(20, codes.Count);
    }

    [Theory]
    [InlineData("""{"title":"","moduleIds":["confidentiality"]}""", "title")]
    [InlineData("""{"title":"Room","moduleIds":[]}""", "moduleIds")]
    [InlineData("""{"title":"Room","moduleIds":["no-such-module"]}""", "moduleIds")]
    public async Task A_workshop_needs_a_title_and_known_modules(string json, string field)
    {
        var response = await sam.Http.PostAsync("/api/workshops", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task A_facilitator_lists_only_their_own_workshops_and_cannot_find_another_facilitators()
    {
        var jo = await FacilitatorClient.CreateAsync(app.AdminClient(), app.CreateClient, "Jo Reyes", "jo.reyes@example.nhs.uk");
        var mine = await sam.CreateWorkshopAsync("Sam's room");
        var theirs = await jo.CreateWorkshopAsync("Jo's room");

        var list = await sam.Http.GetFromJsonAsync<JsonElement>("/api/workshops");
        Assert.Equal([mine.Id], list.EnumerateArray().Select(w => w.GetProperty("id").GetGuid()));

        foreach (var (method, path, body) in FacilitatorRoutes(theirs.Id))
        {
            var response = await sam.Http.SendAsync(new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) });
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{method} {path}: {(int)response.StatusCode}");
        }
        var all = await app.AdminClient().GetFromJsonAsync<JsonElement>("/api/workshops");
        Assert.Equal(2, all.GetArrayLength());
    }

    [Fact]
    public async Task A_delegate_is_forbidden_every_facilitator_route_and_an_anonymous_caller_is_unauthorised()
    {
        var workshop = await sam.CreateWorkshopAsync();
        var priya = await WorkshopJoining.JoinAsNewAsync(app.CreateClient, workshop.JoinCode);

        foreach (var (method, path, body) in FacilitatorRoutes(workshop.Id).Append((HttpMethod.Post, "/api/workshops", new { title = "Mine", moduleIds = new[] { "confidentiality" } })).Append((HttpMethod.Get, "/api/workshops", null)))
        {
            var forbidden = await priya.Http.SendAsync(new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) });
            Assert.True(forbidden.StatusCode == HttpStatusCode.Forbidden, $"{method} {path}: {(int)forbidden.StatusCode}");
            Assert.Equal("application/problem+json", forbidden.Content.Headers.ContentType?.MediaType);
            var anonymous = await app.CreateClient().SendAsync(new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) });
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        }
    }

    static IEnumerable<(HttpMethod, string, object?)> FacilitatorRoutes(Guid id) =>
    [
        (HttpMethod.Get, $"/api/workshops/{id}", null),
        (HttpMethod.Post, $"/api/workshops/{id}/current", new { caseId = "fixture-ward-photo" }),
        (HttpMethod.Post, $"/api/workshops/{id}/self-pacing", new { allowed = true }),
        (HttpMethod.Post, $"/api/workshops/{id}/reveal", new { caseId = "fixture-ward-photo", nodeId = "n1" }),
        (HttpMethod.Get, $"/api/workshops/{id}/distribution", null),
        (HttpMethod.Get, $"/api/workshops/{id}/events", null),
        (HttpMethod.Get, $"/api/workshops/{id}/roster", null),
        (HttpMethod.Get, $"/api/workshops/{id}/qr.svg", null),
        (HttpMethod.Get, $"/api/workshops/{id}/attendance.csv", null),
        (HttpMethod.Post, $"/api/workshops/{id}/close", null),
    ];

    [Fact]
    public async Task An_administrator_cannot_run_a_workshop_without_being_a_facilitator()
    {
        var response = await app.AdminClient().PostAsJsonAsync("/api/workshops", new { title = "Room", moduleIds = new[] { "confidentiality" } });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("/api/admin/facilitators", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_new_delegate_joins_by_code_typed_in_any_case_and_spacing_and_gets_a_token()
    {
        var workshop = await sam.CreateWorkshopAsync();
        var typed = " " + workshop.JoinCode.Replace("-", " ").ToLowerInvariant() + " ";

        var response = await app.CreateClient().PostAsJsonAsync("/api/workshops/join", new { code = typed, name = "Priya Shah", registrationNumber = "RA123456", profession = "Radiographer" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(workshop.Id, body.GetProperty("workshopId").GetGuid());
        var priya = app.CreateClient().WithBearer(body.GetProperty("token").GetString()!);
        var me = await priya.GetFromJsonAsync<JsonElement>("/api/learners/me");
        Assert.Equal("Priya Shah", me.GetProperty("name").GetString());
        var session = await priya.GetFromJsonAsync<JsonElement>($"/api/workshops/{workshop.Id}/session");
        Assert.False(session.GetProperty("closed").GetBoolean());
        Assert.Equal(1, (await sam.Http.GetFromJsonAsync<JsonElement>($"/api/workshops/{workshop.Id}")).GetProperty("delegates").GetInt32());
    }

    [Fact]
    public async Task A_signed_in_delegate_joins_as_themselves_and_joining_twice_counts_once()
    {
        var workshop = await sam.CreateWorkshopAsync();
        var asha = await app.SignInAsync();

        for (var i = 0; i < 2; i++)
        {
            var response = await asha.Http.PostAsJsonAsync("/api/workshops/join", new { code = workshop.JoinCode });
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var body = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(asha.LearnerId, body.GetProperty("learnerId").GetGuid());
            Assert.Equal(JsonValueKind.Null, body.GetProperty("token").ValueKind);
        }
        Assert.Equal(1, (await sam.Http.GetFromJsonAsync<JsonElement>($"/api/workshops/{workshop.Id}")).GetProperty("delegates").GetInt32());
    }

    [Fact]
    public async Task A_stale_token_is_not_turned_into_a_new_delegate_and_a_facilitator_cannot_join()
    {
        var workshop = await sam.CreateWorkshopAsync();

        var stale = await app.CreateClient().WithBearer("no-such-token").PostAsJsonAsync("/api/workshops/join", new { code = workshop.JoinCode, name = "Priya" });
        var facilitator = await sam.Http.PostAsJsonAsync("/api/workshops/join", new { code = workshop.JoinCode, name = "Sam" });

        Assert.Equal(HttpStatusCode.Unauthorized, stale.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, facilitator.StatusCode);
        Assert.Equal(0, (await sam.Http.GetFromJsonAsync<JsonElement>($"/api/workshops/{workshop.Id}")).GetProperty("delegates").GetInt32());
    }

    [Theory]
    [InlineData("")]
    [InlineData("ACDE-FGH")]
    [InlineData("OOOO-0000")]
    [InlineData("ACDE-FGHJ")]
    public async Task A_wrong_code_is_a_clear_problem(string code)
    {
        await sam.CreateWorkshopAsync();

        var response = await app.CreateClient().PostAsJsonAsync("/api/workshops/join", new { code, name = "Priya Shah" });

        Assert.Contains(response.StatusCode, new[] { HttpStatusCode.NotFound, HttpStatusCode.BadRequest });
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.False(string.IsNullOrEmpty((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString()));
    }

    [Fact]
    public async Task A_new_delegate_needs_a_name_and_a_valid_registration_number()
    {
        var workshop = await sam.CreateWorkshopAsync();

        var response = await app.CreateClient().PostAsJsonAsync("/api/workshops/join", new { code = workshop.JoinCode, name = "", registrationNumber = "12" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("name", out _));
        Assert.True(errors.TryGetProperty("registrationNumber", out _));
    }

    [Fact]
    public async Task A_closed_workshop_refuses_joins_pacing_and_its_delegates_see_it_closed()
    {
        var workshop = await sam.CreateWorkshopAsync();
        var priya = await WorkshopJoining.JoinAsNewAsync(app.CreateClient, workshop.JoinCode);

        var closed = await sam.Http.PostAsync($"/api/workshops/{workshop.Id}/close", null);
        var again = await sam.Http.PostAsync($"/api/workshops/{workshop.Id}/close", null);
        var join = await app.CreateClient().PostAsJsonAsync("/api/workshops/join", new { code = workshop.JoinCode, name = "Late Comer" });
        var open = await sam.OpenCaseAsync(workshop.Id, "fixture-ward-photo");

        Assert.Equal(HttpStatusCode.OK, closed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(HttpStatusCode.Gone, join.StatusCode);
        Assert.Contains("closed", (await join.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.Conflict, open.StatusCode);
        Assert.True((await priya.GetJsonAsync($"/api/workshops/{workshop.Id}/session")).GetProperty("closed").GetBoolean());
    }

    [Fact]
    public async Task The_facilitator_opens_a_case_of_the_workshop_and_allows_self_pacing_and_delegates_see_both()
    {
        var workshop = await sam.CreateWorkshopAsync();
        var priya = await WorkshopJoining.JoinAsNewAsync(app.CreateClient, workshop.JoinCode);

        var wrong = await sam.OpenCaseAsync(workshop.Id, "fixture-boundaries");
        var opened = await sam.OpenCaseAsync(workshop.Id, "fixture-second");
        var paced = await sam.Http.PostAsJsonAsync($"/api/workshops/{workshop.Id}/self-pacing", new { allowed = true });
        var missing = await sam.Http.PostAsJsonAsync($"/api/workshops/{workshop.Id}/self-pacing", new { });

        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.OK, opened.StatusCode);
        Assert.Equal(HttpStatusCode.OK, paced.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        var session = await priya.GetJsonAsync($"/api/workshops/{workshop.Id}/session");
        Assert.Equal("fixture-second", session.GetProperty("currentCaseId").GetString());
        Assert.True(session.GetProperty("selfPaced").GetBoolean());
    }

    [Fact]
    public async Task A_delegate_sees_only_the_session_of_a_workshop_they_joined()
    {
        var workshop = await sam.CreateWorkshopAsync();
        var outsider = await app.SignInAsync("Out Sider");

        Assert.Equal(HttpStatusCode.NotFound, (await outsider.Http.GetAsync($"/api/workshops/{workshop.Id}/session")).StatusCode);
    }

    [Fact]
    public async Task The_distribution_counts_the_rooms_first_answers_without_names()
    {
        var workshop = await sam.CreateWorkshopAsync();
        var outsider = await app.SignInAsync("Not In The Room");
        var answers = new[] { "a", "a", "b" };
        foreach (var (choice, i) in answers.Select((c, i) => (c, i)))
        {
            var delegateClient = await WorkshopJoining.JoinAsNewAsync(app.CreateClient, workshop.JoinCode, $"Delegate Number{i}");
            var started = await delegateClient.StartAsync("confidentiality");
            await delegateClient.AnswerOkAsync(started.AttemptId, started.CaseId, started.NodeId, new { choices = new[] { choice } });
            if (i == 0)
            {
                // A second attempt by the same delegate does not count again.
                var again = await delegateClient.StartAsync("confidentiality");
                await delegateClient.AnswerOkAsync(again.AttemptId, again.CaseId, again.NodeId, new { choices = new[] { "b" } });
            }
        }
        var theirs = await outsider.StartAsync("confidentiality");
        await outsider.AnswerOkAsync(theirs.AttemptId, theirs.CaseId, theirs.NodeId, new { choices = new[] { "b" } });

        var response = await sam.Http.GetAsync($"/api/workshops/{workshop.Id}/distribution");
        var text = await response.Content.ReadAsStringAsync();
        var distribution = JsonDocument.Parse(text).RootElement;

        var n1 = distribution.GetProperty("cases").EnumerateArray().Single(c => c.GetProperty("caseId").GetString() == "fixture-ward-photo")
            .GetProperty("nodes").EnumerateArray().Single(n => n.GetProperty("nodeId").GetString() == "n1");
        Assert.Equal(3, n1.GetProperty("answered").GetInt32());
        var counts = n1.GetProperty("options").EnumerateArray().ToDictionary(o => o.GetProperty("optionId").GetString()!, o => o.GetProperty("count").GetInt32());
        Assert.Equal(2, counts["a"]);
        Assert.Equal(1, counts["b"]);
        Assert.All(counts.Where(c => c.Key is not ("a" or "b")), c => Assert.Equal(0, c.Value)); // every option is listed, chosen or not
        Assert.DoesNotContain("Delegate Number", text);
        Assert.DoesNotContain("learner", text, StringComparison.OrdinalIgnoreCase);
        var nodeIds = distribution.GetProperty("cases")[0].GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("nodeId").GetString());
        Assert.DoesNotContain("c1", nodeIds); // consequences and endings ask nothing
    }

    [Fact]
    public async Task An_answer_after_the_workshop_closed_is_not_counted_for_it()
    {
        var workshop = await sam.CreateWorkshopAsync();
        var priya = await WorkshopJoining.JoinAsNewAsync(app.CreateClient, workshop.JoinCode);
        await sam.Http.PostAsync($"/api/workshops/{workshop.Id}/close", null);

        var started = await priya.StartAsync("confidentiality");
        await priya.AnswerOkAsync(started.AttemptId, started.CaseId, started.NodeId, new { choices = new[] { "a" } });

        var distribution = await sam.Http.GetFromJsonAsync<JsonElement>($"/api/workshops/{workshop.Id}/distribution");
        Assert.Equal(0, distribution.GetProperty("cases")[0].GetProperty("nodes")[0].GetProperty("answered").GetInt32());
    }
}
