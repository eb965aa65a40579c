using System.Net.Http.Json;
using System.Text.Json;
using ELearning.Tests.Support;
using Microsoft.IdentityModel.Tokens;

namespace ELearning.Tests.Certificates;

/// <summary>A certificate earned in a workshop names the workshop, its date and its facilitator: on the PDF, the verify page and the credential.</summary>
public sealed class WorkshopCertificateTests : IAsyncLifetime
{
    const string Line = "In the workshop “Ward 7 supervisors” on 3 December 2026, facilitated by Sam Okafor";
    readonly ELearningApp app = new();
    FacilitatorClient sam = null!;

    public async Task InitializeAsync() => sam = await FacilitatorClient.CreateAsync(app.AdminClient(), app.CreateClient);
    public Task DisposeAsync() => app.DisposeAsync().AsTask();

    async Task<CreatedWorkshop> ScheduleAsync(string title = "Ward 7 supervisors")
    {
        var response = await sam.Http.PostAsJsonAsync("/api/workshops",
            new { title, moduleIds = new[] { "confidentiality", "boundaries" }, scheduledFor = "2026-12-03T09:30:00Z" });
        return (await response.Content.ReadFromJsonAsync<CreatedWorkshop>())!;
    }

    static JsonElement Payload(string jwt) => JsonDocument.Parse(Base64UrlEncoder.DecodeBytes(jwt.Split('.')[1])).RootElement;

    [Fact]
    public async Task A_certificate_earned_in_a_workshop_names_it_its_date_and_its_facilitator()
    {
        var workshop = await ScheduleAsync();
        var priya = await WorkshopJoining.JoinAsNewAsync(app.CreateClient, workshop.JoinCode, "Priya Shah");
        await CertificateWalk.PassAllModulesAsync(priya);

        var certificate = await priya.GetJsonAsync("/api/learners/me/certificate");
        var id = certificate.GetProperty("id").GetString()!;
        var bytes = await CertificateWalk.GetBytesAsync(priya.Http, $"/api/certificates/{id}.pdf", "application/pdf");
        TestOutput.RenderPngs(bytes, TestOutput.Folder("certificates"), "workshop-certificate");
        var pdf = CertificatePdfTests.PdfText(bytes);
        var verified = await app.CreateClient().GetFromJsonAsync<JsonElement>($"/api/verify/{id}");
        var page = await app.CreateClient().GetStringAsync($"/verify/{id}");
        var jwt = await priya.Http.GetStringAsync($"/api/certificates/{id}/credential");

        Assert.Contains(Line, pdf);
        var named = verified.GetProperty("workshop");
        Assert.Equal("Ward 7 supervisors", named.GetProperty("title").GetString());
        Assert.Equal("2026-12-03", named.GetProperty("date").GetString());
        Assert.Equal("Sam Okafor", named.GetProperty("facilitator").GetString());
        Assert.Equal("Sam Okafor", certificate.GetProperty("workshop").GetProperty("facilitator").GetString());
        Assert.Contains("Ward 7 supervisors</bdi>, 3 December 2026", page);
        Assert.Contains("<dt>Facilitator</dt><dd><bdi dir=\"auto\">Sam Okafor</bdi>", page);
        var evidence = Assert.Single(Payload(jwt).GetProperty("evidence").EnumerateArray());
        Assert.Equal("Evidence", evidence.GetProperty("type")[0].GetString());
        Assert.Equal("Ward 7 supervisors", evidence.GetProperty("name").GetString());
        Assert.Equal(Line, evidence.GetProperty("narrative").GetString());
        // The signed credential still verifies with the workshop in it.
        var check = await app.CreateClient().PostAsJsonAsync("/api/verify", new { credential = jwt });
        Assert.Equal("Sam Okafor", (await check.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("workshop").GetProperty("facilitator").GetString());
    }

    [Fact]
    public async Task A_certificate_earned_alone_names_no_workshop()
    {
        var (asha, certificate) = await CertificateWalk.CertifiedAsync(app);
        var id = certificate.GetProperty("id").GetString()!;

        var pdf = CertificatePdfTests.PdfText(await CertificateWalk.GetBytesAsync(asha.Http, $"/api/certificates/{id}.pdf", "application/pdf"));
        var verified = await app.CreateClient().GetFromJsonAsync<JsonElement>($"/api/verify/{id}");
        var jwt = await asha.Http.GetStringAsync($"/api/certificates/{id}/credential");

        Assert.DoesNotContain("In the workshop", pdf);
        Assert.False(verified.TryGetProperty("workshop", out _));
        Assert.False(certificate.TryGetProperty("workshop", out _));
        Assert.False(Payload(jwt).TryGetProperty("evidence", out _));
    }

    [Fact]
    public async Task Finishing_the_course_after_the_workshop_closed_is_not_earning_it_in_the_workshop()
    {
        var workshop = await ScheduleAsync();
        var priya = await WorkshopJoining.JoinAsNewAsync(app.CreateClient, workshop.JoinCode, "Priya Shah");
        await CertificateWalk.PassConfidentialityAsync(priya);
        Assert.True((await sam.Http.PostAsync($"/api/workshops/{workshop.Id}/close", null)).IsSuccessStatusCode);
        foreach (var module in CertificateWalk.OtherModules) await CertificateWalk.PassOneQuestionModuleAsync(priya, module);

        var certificate = await priya.GetJsonAsync("/api/learners/me/certificate");
        var verified = await app.CreateClient().GetFromJsonAsync<JsonElement>($"/api/verify/{certificate.GetProperty("id").GetString()}");

        Assert.False(verified.TryGetProperty("workshop", out _));
    }

    [Fact]
    public async Task The_workshop_on_the_certificate_is_the_one_the_delegate_was_in_when_they_finished()
    {
        var morning = await ScheduleAsync("Morning session");
        var afternoon = await ScheduleAsync("Ward 7 supervisors");
        var priya = await WorkshopJoining.JoinAsNewAsync(app.CreateClient, morning.JoinCode, "Priya Shah");
        await priya.Http.PostAsJsonAsync("/api/workshops/join", new { code = afternoon.JoinCode });
        await sam.Http.PostAsync($"/api/workshops/{morning.Id}/close", null);
        await CertificateWalk.PassAllModulesAsync(priya);

        var certificate = await priya.GetJsonAsync("/api/learners/me/certificate");
        var verified = await app.CreateClient().GetFromJsonAsync<JsonElement>($"/api/verify/{certificate.GetProperty("id").GetString()}");

        Assert.Equal("Ward 7 supervisors", verified.GetProperty("workshop").GetProperty("title").GetString());
    }
}
