using System.Net;
using System.Net.Http.Json;
using ELearning.Tests.Certificates;
using ELearning.Tests.Support;

namespace ELearning.Tests.Workshops;

public sealed class AttendanceTests : IAsyncLifetime
{
    readonly ELearningApp app = new();
    FacilitatorClient sam = null!;
    public async Task InitializeAsync() => sam = await FacilitatorClient.CreateAsync(app.AdminClient(), app.CreateClient);
    public Task DisposeAsync() => app.DisposeAsync().AsTask();

    static List<string[]> Parse(string csv) =>
        [.. csv.TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries)
            .Select(line => System.Text.RegularExpressions.Regex.Matches(line, "\"((?:[^\"]|\"\")*)\"").Select(m => m.Groups[1].Value.Replace("\"\"", "\"")).ToArray())];

    [Fact]
    public async Task Attendance_lists_each_delegate_with_modules_passed_scores_and_certificate()
    {
        var workshop = await sam.CreateWorkshopAsync("Room", "confidentiality", "boundaries", "promotion-accuracy", "discrimination");
        var asha = await app.SignInAsync("Asha Patel", "PH123456");
        await asha.Http.PostAsJsonAsync("/api/workshops/join", new { code = workshop.JoinCode });
        await CertificateWalk.PassAllModulesAsync(asha);
        var certificateId = (await asha.GetJsonAsync("/api/learners/me/certificate")).GetProperty("id").GetString();
        var priya = await WorkshopJoining.JoinAsNewAsync(app.CreateClient, workshop.JoinCode, "Priya Shah", "RA654321");
        await CertificateWalk.FailOneQuestionModuleAsync(priya, "boundaries");

        var response = await sam.Http.GetAsync($"/api/workshops/{workshop.Id}/attendance.csv");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var rows = Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(["name", "registration number", "profession", "joined", "modules passed", "scores", "certificate id"], rows[0]);
        var ashaRow = rows.Single(r => r[0] == "Asha Patel");
        Assert.Equal("PH123456", ashaRow[1]);
        Assert.Equal("confidentiality; boundaries; promotion-accuracy; discrimination", ashaRow[4]);
        Assert.StartsWith("confidentiality 100%", ashaRow[5]);
        Assert.Equal(certificateId, ashaRow[6]);
        var priyaRow = rows.Single(r => r[0] == "Priya Shah");
        Assert.Equal(["Priya Shah", "RA654321", "Radiographer"], priyaRow[..3]);
        Assert.Equal("", priyaRow[4]);
        Assert.Equal("boundaries 0%", priyaRow[5]);
        Assert.Equal("", priyaRow[6]);
    }

    [Theory]
    [InlineData("=HYPERLINK(\"http://evil.example\",\"Click\")")]
    [InlineData("+SUM(A1:A9)")]
    [InlineData("-2+3")]
    [InlineData("@cmd")]
    public async Task A_name_a_spreadsheet_would_run_as_a_formula_is_written_as_text(string name)
    {
        var workshop = await sam.CreateWorkshopAsync();
        await WorkshopJoining.JoinAsNewAsync(app.CreateClient, workshop.JoinCode, name);

        var csv = await sam.Http.GetStringAsync($"/api/workshops/{workshop.Id}/attendance.csv");

        var cell = Parse(csv)[1][0];
        Assert.Equal("'" + name, cell);
        Assert.DoesNotContain("," + name[0], csv);
    }

    [Fact]
    public async Task Another_facilitator_gets_404_and_a_delegate_403_for_attendance()
    {
        var workshop = await sam.CreateWorkshopAsync();
        var jo = await FacilitatorClient.CreateAsync(app.AdminClient(), app.CreateClient, "Jo Reyes", "jo@example.nhs.uk");
        var priya = await WorkshopJoining.JoinAsNewAsync(app.CreateClient, workshop.JoinCode);

        Assert.Equal(HttpStatusCode.NotFound, (await jo.Http.GetAsync($"/api/workshops/{workshop.Id}/attendance.csv")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await priya.Http.GetAsync($"/api/workshops/{workshop.Id}/attendance.csv")).StatusCode);
    }
}
