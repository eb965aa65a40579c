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
    public async Task The_statements_come_from_the_registered_statement_store()
    {
        var (asha, _) = await CertificateWalk.CertifiedAsync(app);
        var statement = JsonDocument.Parse("""{"id":"6f1c1d4e-0000-4000-8000-000000000001","verb":{"id":"http://adlnet.gov/expapi/verbs/passed"}}""").RootElement;
        using var withStatements = app.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<ILearnerStatements>(new FixedStatements(statement))));
        var client = withStatements.CreateClient();
        client.DefaultRequestHeaders.Authorization = asha.Http.DefaultRequestHeaders.Authorization;

        using var zip = await PackAsync(client);

        var statements = JsonDocument.Parse(Read(zip, "statements.json")).RootElement;
        Assert.Equal("6f1c1d4e-0000-4000-8000-000000000001", statements[0].GetProperty("id").GetString());
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

    sealed class FixedStatements(params JsonElement[] statements) : ILearnerStatements
    {
        public Task<IReadOnlyList<JsonElement>> ForLearnerAsync(Guid learnerId, CancellationToken ct) => Task.FromResult<IReadOnlyList<JsonElement>>(statements);
    }
}
