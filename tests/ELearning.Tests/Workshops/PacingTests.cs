using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ELearning.Tests.Support;

namespace ELearning.Tests.Workshops;

/// <summary>A delegate follows the case the facilitator opened for the room, out of the module's order; nobody else may skip ahead.</summary>
public sealed class PacingTests : IAsyncLifetime
{
    readonly ELearningApp app = new();
    FacilitatorClient sam = null!;
    public async Task InitializeAsync() => sam = await FacilitatorClient.CreateAsync(app.AdminClient(), app.CreateClient);
    public Task DisposeAsync() => app.DisposeAsync().AsTask();

    static Task<HttpResponseMessage> OpenCaseAsync(DelegateClient who, Guid attemptId, string caseId) =>
        who.Http.PostAsJsonAsync($"/api/attempts/{attemptId}/case", new { caseId });

    static (string?, string?) Next(JsonElement body) =>
        body.GetProperty("next") is { ValueKind: JsonValueKind.Object } next ? (next.GetProperty("caseId").GetString(), next.GetProperty("nodeId").GetString()) : (null, null);

    [Fact]
    public async Task A_delegate_starts_at_the_rooms_case_and_after_it_goes_back_to_the_first_case_not_begun()
    {
        var workshop = await sam.CreateWorkshopAsync();
        var priya = await WorkshopJoining.JoinAsNewAsync(app.CreateClient, workshop.JoinCode);
        await sam.OpenCaseAsync(workshop.Id, "fixture-second");

        var start = await priya.Http.PostAsJsonAsync("/api/attempts", new { moduleId = "confidentiality", caseId = "fixture-second" });

        Assert.Equal(HttpStatusCode.Created, start.StatusCode);
        var started = await start.Content.ReadFromJsonAsync<JsonElement>();
        var attemptId = started.GetProperty("attemptId").GetGuid();
        Assert.Equal(("fixture-second", "q1"), Next(started));
        await priya.AnswerOkAsync(attemptId, "fixture-second", "q1", new { value = true });
        var ended = await priya.AnswerOkAsync(attemptId, "fixture-second", "end", FixtureWalk.Acknowledge);
        Assert.Equal(("fixture-ward-photo", "n1"), Next(ended));
        var counted = await sam.Http.GetFromJsonAsync<JsonElement>($"/api/workshops/{workshop.Id}/distribution");
        Assert.Equal(1, counted.GetProperty("cases").EnumerateArray().Single(c => c.GetProperty("caseId").GetString() == "fixture-second")
            .GetProperty("nodes")[0].GetProperty("answered").GetInt32());
    }

    [Fact]
    public async Task A_delegate_part_way_through_a_case_moves_to_the_case_the_facilitator_opens()
    {
        var workshop = await sam.CreateWorkshopAsync();
        var priya = await WorkshopJoining.JoinAsNewAsync(app.CreateClient, workshop.JoinCode);
        var started = await priya.StartAsync("confidentiality");
        await priya.AnswerOkAsync(started.AttemptId, "fixture-ward-photo", "n1", new { choices = new[] { "a" } });
        await sam.OpenCaseAsync(workshop.Id, "fixture-second");

        var moved = await OpenCaseAsync(priya, started.AttemptId, "fixture-second");

        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        Assert.Equal(("fixture-second", "q1"), Next(await moved.Content.ReadFromJsonAsync<JsonElement>()));
        Assert.Equal(HttpStatusCode.Conflict, (await priya.AnswerAsync(started.AttemptId, "fixture-ward-photo", "n2", new { choices = new[] { "x" } })).StatusCode);
        await priya.AnswerOkAsync(started.AttemptId, "fixture-second", "q1", new { value = true });
        Assert.Equal(HttpStatusCode.OK, (await OpenCaseAsync(priya, started.AttemptId, "fixture-second")).StatusCode); // already there: harmless
    }

    [Fact]
    public async Task A_delegate_moved_away_before_answering_comes_back_to_the_first_case_afterwards()
    {
        var workshop = await sam.CreateWorkshopAsync();
        var priya = await WorkshopJoining.JoinAsNewAsync(app.CreateClient, workshop.JoinCode);
        var started = await priya.StartAsync("confidentiality"); // the first case, attempted but not begun
        await sam.OpenCaseAsync(workshop.Id, "fixture-second");
        await OpenCaseAsync(priya, started.AttemptId, "fixture-second");
        await priya.AnswerOkAsync(started.AttemptId, "fixture-second", "q1", new { value = true });

        var ended = await priya.AnswerOkAsync(started.AttemptId, "fixture-second", "end", FixtureWalk.Acknowledge);

        Assert.Equal(("fixture-ward-photo", "n1"), Next(ended));
        await priya.AnswerOkAsync(started.AttemptId, "fixture-ward-photo", "n1", new { choices = new[] { "a" } });
    }

    [Fact]
    public async Task A_case_already_begun_cannot_be_opened_again()
    {
        var workshop = await sam.CreateWorkshopAsync();
        var priya = await WorkshopJoining.JoinAsNewAsync(app.CreateClient, workshop.JoinCode);
        await sam.OpenCaseAsync(workshop.Id, "fixture-second");
        var started = await priya.StartAsync("confidentiality");
        await priya.AnswerOkAsync(started.AttemptId, "fixture-ward-photo", "n1", new { choices = new[] { "a" } });
        await OpenCaseAsync(priya, started.AttemptId, "fixture-second");
        await sam.OpenCaseAsync(workshop.Id, "fixture-ward-photo");

        var back = await OpenCaseAsync(priya, started.AttemptId, "fixture-ward-photo");

        Assert.Equal(HttpStatusCode.Conflict, back.StatusCode);
        Assert.Contains("already begun", (await back.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Without_a_workshop_that_has_the_case_open_cases_go_in_order()
    {
        var workshop = await sam.CreateWorkshopAsync();
        var priya = await WorkshopJoining.JoinAsNewAsync(app.CreateClient, workshop.JoinCode);
        var asha = await app.SignInAsync("Asha Patel"); // in no workshop
        await sam.OpenCaseAsync(workshop.Id, "fixture-ward-photo");

        var notOpenForTheRoom = await priya.Http.PostAsJsonAsync("/api/attempts", new { moduleId = "confidentiality", caseId = "fixture-second" });
        var notInTheRoom = await asha.Http.PostAsJsonAsync("/api/attempts", new { moduleId = "confidentiality", caseId = "fixture-second" });
        var ashas = await asha.StartAsync("confidentiality");
        var skip = await OpenCaseAsync(asha, ashas.AttemptId, "fixture-second");
        var unknown = await OpenCaseAsync(asha, ashas.AttemptId, "no-such-case");

        Assert.Equal(HttpStatusCode.Conflict, notOpenForTheRoom.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, notInTheRoom.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, skip.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Equal(("fixture-ward-photo", "n1"), Next(await asha.GetJsonAsync($"/api/attempts/{ashas.AttemptId}")));
    }

    [Fact]
    public async Task Once_the_workshop_closes_its_case_no_longer_opens_out_of_order()
    {
        var workshop = await sam.CreateWorkshopAsync();
        var priya = await WorkshopJoining.JoinAsNewAsync(app.CreateClient, workshop.JoinCode);
        await sam.OpenCaseAsync(workshop.Id, "fixture-second");
        await sam.Http.PostAsync($"/api/workshops/{workshop.Id}/close", null);

        var start = await priya.Http.PostAsJsonAsync("/api/attempts", new { moduleId = "confidentiality", caseId = "fixture-second" });

        Assert.Equal(HttpStatusCode.Conflict, start.StatusCode);
    }
}
