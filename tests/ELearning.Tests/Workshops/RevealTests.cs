using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ELearning.Tests.Support;

namespace ELearning.Tests.Workshops;

/// <summary>The facilitator reveals how the room answered a question; a delegate sees it only once they answered it, and never who chose what.</summary>
public sealed class RevealTests : IAsyncLifetime
{
    readonly ELearningApp app = new();
    FacilitatorClient sam = null!;
    public async Task InitializeAsync() => sam = await FacilitatorClient.CreateAsync(app.AdminClient(), app.CreateClient);
    public Task DisposeAsync() => app.DisposeAsync().AsTask();

    Task<HttpResponseMessage> RevealAsync(HttpClient http, Guid workshopId, string caseId = "fixture-ward-photo", string nodeId = "n1") =>
        http.PostAsJsonAsync($"/api/workshops/{workshopId}/reveal", new { caseId, nodeId });

    static JsonElement[] Revealed(JsonElement room) => [.. room.GetProperty("revealed").EnumerateArray()];

    static int Count(JsonElement node, string optionId) =>
        node.GetProperty("options").EnumerateArray().Single(o => o.GetProperty("optionId").GetString() == optionId).GetProperty("count").GetInt32();

    [Fact]
    public async Task After_a_reveal_a_delegate_who_answered_sees_the_rooms_counts_and_one_who_did_not_sees_nothing()
    {
        var workshop = await sam.CreateWorkshopAsync();
        var priya = await WorkshopJoining.JoinAsNewAsync(app.CreateClient, workshop.JoinCode, "Priya Shah");
        var tom = await WorkshopJoining.JoinAsNewAsync(app.CreateClient, workshop.JoinCode, "Tom Hughes");
        var lee = await WorkshopJoining.JoinAsNewAsync(app.CreateClient, workshop.JoinCode, "Lee Wong");
        foreach (var (who, choice) in new[] { (priya, "a"), (tom, "b") })
        {
            var started = await who.StartAsync("confidentiality");
            await who.AnswerOkAsync(started.AttemptId, "fixture-ward-photo", "n1", new { choices = new[] { choice } });
        }
        Assert.Empty(Revealed(await priya.GetJsonAsync($"/api/workshops/{workshop.Id}/room")));

        var reveal = await RevealAsync(sam.Http, workshop.Id);

        Assert.Equal(HttpStatusCode.OK, reveal.StatusCode);
        var priyaRoom = await priya.GetJsonAsync($"/api/workshops/{workshop.Id}/room");
        Assert.Equal(workshop.Id, priyaRoom.GetProperty("workshopId").GetGuid());
        Assert.Equal("Ward 7 supervisors", priyaRoom.GetProperty("title").GetString());
        var node = Assert.Single(Revealed(priyaRoom));
        Assert.Equal(("fixture-ward-photo", "n1"), (node.GetProperty("caseId").GetString(), node.GetProperty("nodeId").GetString()));
        Assert.Equal(2, node.GetProperty("answered").GetInt32());
        Assert.Equal((1, 1), (Count(node, "a"), Count(node, "b")));
        var text = priyaRoom.GetRawText();
        Assert.DoesNotContain("Priya", text);
        Assert.DoesNotContain("Tom", text);
        Assert.Empty(Revealed(await lee.GetJsonAsync($"/api/workshops/{workshop.Id}/room")));
    }

    [Fact]
    public async Task A_node_that_was_not_revealed_stays_hidden_and_a_reveal_is_kept_across_a_restart()
    {
        var workshop = await sam.CreateWorkshopAsync();
        var priya = await WorkshopJoining.JoinAsNewAsync(app.CreateClient, workshop.JoinCode);
        var started = await priya.StartAsync("confidentiality");
        await priya.AnswerOkAsync(started.AttemptId, "fixture-ward-photo", "n1", new { choices = new[] { "a" } });
        await priya.AnswerOkAsync(started.AttemptId, "fixture-ward-photo", "n2", new { choices = new[] { "x", "y" } });
        Assert.Equal(HttpStatusCode.OK, (await RevealAsync(sam.Http, workshop.Id, nodeId: "n2")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await RevealAsync(sam.Http, workshop.Id, nodeId: "n2")).StatusCode); // again: harmless

        await using var restarted = new ELearningApp(settings: new Dictionary<string, string?> { ["ConnectionStrings:ELearning"] = $"Data Source={app.DatabasePath}" });
        var room = await restarted.CreateClient().WithBearer(priya.Http.DefaultRequestHeaders.Authorization!.Parameter!)
            .GetFromJsonAsync<JsonElement>($"/api/workshops/{workshop.Id}/room");

        var node = Assert.Single(Revealed(room));
        Assert.Equal("n2", node.GetProperty("nodeId").GetString());
        Assert.Equal((1, 1, 0), (Count(node, "x"), Count(node, "y"), Count(node, "z")));
    }

    [Fact]
    public async Task The_facilitators_distribution_and_event_stream_list_what_is_revealed()
    {
        var workshop = await sam.CreateWorkshopAsync();
        await using var stream = await EventStreamReader.OpenAsync(sam.Http, $"/api/workshops/{workshop.Id}/events");
        Assert.Empty((await stream.NextAsync(TimeSpan.FromSeconds(5)))!.Json.GetProperty("revealed").EnumerateArray());

        await RevealAsync(sam.Http, workshop.Id, "fixture-second", "q1");

        var next = await stream.NextAsync(TimeSpan.FromSeconds(2));
        var revealed = Assert.Single(next!.Json.GetProperty("revealed").EnumerateArray());
        Assert.Equal("q1", revealed.GetProperty("nodeId").GetString());
    }

    [Fact]
    public async Task A_delegate_is_forbidden_to_reveal_and_another_facilitator_is_told_there_is_no_such_workshop()
    {
        var workshop = await sam.CreateWorkshopAsync();
        var priya = await WorkshopJoining.JoinAsNewAsync(app.CreateClient, workshop.JoinCode);
        var jo = await FacilitatorClient.CreateAsync(app.AdminClient(), app.CreateClient, "Jo Reyes", "jo.reyes@example.nhs.uk");

        Assert.Equal(HttpStatusCode.Forbidden, (await RevealAsync(priya.Http, workshop.Id)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await RevealAsync(jo.Http, workshop.Id)).StatusCode);
        Assert.Empty((await sam.Http.GetFromJsonAsync<JsonElement>($"/api/workshops/{workshop.Id}/distribution")).GetProperty("revealed").EnumerateArray());
    }

    [Theory]
    [InlineData("no-such-case", "n1", "caseId")]
    [InlineData("fixture-ward-photo", "no-such-node", "nodeId")]
    [InlineData("fixture-ward-photo", "c1", "nodeId")] // a consequence is not a question
    [InlineData("fixture-ward-photo", null, "nodeId")]
    public async Task Only_a_question_of_the_workshops_cases_can_be_revealed(string caseId, string? nodeId, string field)
    {
        var workshop = await sam.CreateWorkshopAsync();

        var response = await sam.Http.PostAsJsonAsync($"/api/workshops/{workshop.Id}/reveal", new { caseId, nodeId });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task Only_a_delegate_in_the_workshop_sees_its_room()
    {
        var workshop = await sam.CreateWorkshopAsync();
        var outsider = await app.SignInAsync("Asha Patel");

        Assert.Equal(HttpStatusCode.NotFound, (await outsider.Http.GetAsync($"/api/workshops/{workshop.Id}/room")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await sam.Http.GetAsync($"/api/workshops/{workshop.Id}/room")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateClient().GetAsync($"/api/workshops/{workshop.Id}/room")).StatusCode);
    }
}
