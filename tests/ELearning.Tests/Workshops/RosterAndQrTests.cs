using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Xml.Linq;
using ELearning.Tests.Support;
using QRCoder;

namespace ELearning.Tests.Workshops;

public sealed class RosterAndQrTests : IAsyncLifetime
{
    readonly ELearningApp app = new();
    FacilitatorClient sam = null!;
    public async Task InitializeAsync() => sam = await FacilitatorClient.CreateAsync(app.AdminClient(), app.CreateClient);
    public Task DisposeAsync() => app.DisposeAsync().AsTask();

    [Fact]
    public async Task The_roster_shows_who_joined_where_each_is_and_who_is_done()
    {
        var workshop = await sam.CreateWorkshopAsync();
        var priya = await WorkshopJoining.JoinAsNewAsync(app.CreateClient, workshop.JoinCode, "Priya Shah");
        var raj = await WorkshopJoining.JoinAsNewAsync(app.CreateClient, workshop.JoinCode, "Raj Patel");
        await WorkshopJoining.JoinAsNewAsync(app.CreateClient, workshop.JoinCode, "Mo Idle");
        var started = await priya.StartAsync("confidentiality");
        await priya.AnswerOkAsync(started.AttemptId, started.CaseId, started.NodeId, new { choices = new[] { "a" } });
        var rajs = await raj.StartAsync("confidentiality");
        foreach (var (caseId, nodeId, response) in FixtureWalk.BestConfidentiality) await raj.AnswerOkAsync(rajs.AttemptId, caseId, nodeId, response);
        Assert.Equal(HttpStatusCode.OK, (await raj.Http.PostAsync($"/api/attempts/{rajs.AttemptId}/complete", null)).StatusCode);

        var roster = await sam.Http.GetFromJsonAsync<JsonElement>($"/api/workshops/{workshop.Id}/roster");

        Assert.Equal(3, roster.GetProperty("delegates").GetInt32());
        Assert.Equal(1, roster.GetProperty("done").GetInt32());
        var people = roster.GetProperty("people").EnumerateArray().ToDictionary(p => p.GetProperty("name").GetString()!);
        Assert.Equal("n2", people["Priya Shah"].GetProperty("at").GetProperty("nodeId").GetString());
        Assert.Equal(1, people["Priya Shah"].GetProperty("answered").GetInt32());
        Assert.False(people["Priya Shah"].GetProperty("done").GetBoolean());
        Assert.True(people["Raj Patel"].GetProperty("done").GetBoolean());
        Assert.Equal(JsonValueKind.Null, people["Mo Idle"].GetProperty("at").ValueKind);
        Assert.Equal(0, people["Mo Idle"].GetProperty("answered").GetInt32());
    }

    [Fact]
    public async Task The_QR_code_encodes_the_join_link_and_names_the_code()
    {
        var workshop = await sam.CreateWorkshopAsync();

        var response = await sam.Http.GetAsync($"/api/workshops/{workshop.Id}/qr.svg");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/svg+xml", response.Content.Headers.ContentType?.MediaType);
        var svg = XDocument.Parse(await response.Content.ReadAsStringAsync()).Root!;
        XNamespace ns = "http://www.w3.org/2000/svg";
        Assert.Contains(workshop.JoinCode, svg.Element(ns + "title")!.Value);
        // Every dark square drawn is a dark module of the QR code for the join URL, and no other.
        var drawn = System.Text.RegularExpressions.Regex.Matches(svg.Element(ns + "path")!.Attribute("d")!.Value, @"M(\d+) (\d+)h1v1h-1z")
            .Select(m => (int.Parse(m.Groups[1].Value), int.Parse(m.Groups[2].Value))).ToHashSet();
        using var expected = QRCodeGenerator.GenerateQrCode(workshop.JoinUrl, QRCodeGenerator.ECCLevel.M);
        var modules = expected.ModuleMatrix.SelectMany((row, y) => Enumerable.Range(0, row.Count).Where(x => row[x]).Select(x => (x, y))).ToHashSet();
        Assert.True(modules.SetEquals(drawn));
        Assert.Contains($"viewBox=\"0 0 {expected.ModuleMatrix.Count} {expected.ModuleMatrix.Count}\"", svg.ToString());
    }
}
