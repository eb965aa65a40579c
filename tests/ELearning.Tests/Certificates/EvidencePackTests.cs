using System.IO.Compression;
using System.Net;
using System.Text.Json;
using ELearning.Api.Certificates;
using ELearning.Tests.Support;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace ELearning.Tests.Certificates;

public sealed class EvidencePackTests : IAsyncLifetime
{
    readonly ELearningApp app = new();
    public Task InitializeAsync() => Task.CompletedTask;
    public Task DisposeAsync() => app.DisposeAsync().AsTask();

    [Fact]
    public async Task The_pack_holds_the_activity_record_certificate_credential_and_statements()
    {
        var (asha, certificate) = await CertificateWalk.CertifiedAsync(app);
        var id = certificate.GetProperty("id").GetString();

        using var zip = await PackAsync(asha.Http);

        Assert.Equal(["cpd-activity-record.pdf", $"certificate-{id}.pdf", $"credential-{id}.jwt", "statements.json", "README.txt"],
            zip.Entries.Select(e => e.FullName));
        Assert.Equal(JsonValueKind.Array, JsonDocument.Parse(Read(zip, "statements.json")).RootElement.ValueKind);
        Assert.Equal(3, new StreamReader(zip.GetEntry($"credential-{id}.jwt")!.Open()).ReadToEnd().Split('.').Length);
    }

    [Fact]
    public async Task The_activity_record_is_laid_out_to_the_hcpc_cpd_standards_in_the_delegates_own_words()
    {
        var (asha, _) = await CertificateWalk.CertifiedAsync(app);

        using var zip = await PackAsync(asha.Http);

        var record = Read(zip, "cpd-activity-record.pdf");
        TestOutput.RenderPngs(record, TestOutput.Folder("evidence"), "cpd-activity-record");
        var text = CertificatePdfTests.PdfText(record);
        Assert.Contains("CPD activity record", text);
        Assert.Contains("Social media and your professional standards", text);
        Assert.Contains("16 minutes", text);
        Assert.Contains("What I learned, in my own words", text);
        Assert.Contains("How will you share your work safely?", text);
        Assert.Contains("I will ask my manager and use the trust's consent form.", text);
        Assert.Contains("How this benefits service users", text);
        Assert.Contains("HCPC Standard 5.1", text);
        Assert.Contains("HCPC standards for CPD", text);
    }

    [Fact]
    public async Task The_pack_holds_the_delegates_own_xapi_statements_and_nobody_elses()
    {
        var (asha, _) = await CertificateWalk.CertifiedAsync(app);
        var ben = await CertificateWalk.RegisterAsync(app);
        await CertificateWalk.PassConfidentialityAsync(ben);

        using var zip = await PackAsync(asha.Http);

        var statements = JsonDocument.Parse(Read(zip, "statements.json")).RootElement.EnumerateArray().ToList();
        Assert.NotEmpty(statements);
        Assert.All(statements, s => Assert.Equal(asha.LearnerId.ToString(), s.GetProperty("actor").GetProperty("account").GetProperty("name").GetString()));
        Assert.Equal(4, statements.Count(s => s.GetProperty("verb").GetProperty("id").GetString() == "http://adlnet.gov/expapi/verbs/passed"));
        Assert.Contains(statements, s => s.GetProperty("verb").GetProperty("id").GetString() == "http://adlnet.gov/expapi/verbs/answered");
    }

    [Fact]
    public async Task There_is_no_pack_before_the_certificate()
    {
        var asha = await CertificateWalk.RegisterAsync(app);
        await CertificateWalk.PassConfidentialityAsync(asha);

        var reply = await asha.Http.GetAsync("/api/learners/me/cpd-evidence");

        Assert.Equal(HttpStatusCode.NotFound, reply.StatusCode);
    }

    static async Task<ZipArchive> PackAsync(HttpClient http)
    {
        var bytes = await CertificateWalk.GetBytesAsync(http, "/api/learners/me/cpd-evidence", "application/zip");
        return new ZipArchive(new MemoryStream(bytes), ZipArchiveMode.Read);
    }

    static byte[] Read(ZipArchive zip, string name)
    {
        using var stream = zip.GetEntry(name)!.Open();
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return memory.ToArray();
    }
}
