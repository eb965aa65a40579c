using System.IO.Compression;
using System.Net;
using System.Text.Json;
using ELearning.Tests.Support;

namespace ELearning.Tests.Certificates;

/// <summary>GET /api/admin/certificates.zip: a period's certificates as one ZIP of PDFs, for administrators only.</summary>
public sealed class CertificateExportTests : IAsyncLifetime
{
    readonly ELearningApp app = new();
    public Task InitializeAsync() => Task.CompletedTask;
    public Task DisposeAsync() => app.DisposeAsync().AsTask();

    static string Today => DateTime.UtcNow.ToString("yyyy-MM-dd");

    [Fact]
    public async Task An_administrator_gets_every_certificate_issued_in_the_range_as_a_pdf_in_one_zip()
    {
        var (_, asha) = await CertificateWalk.CertifiedAsync(app, "Asha Patel");
        var (_, ben) = await CertificateWalk.CertifiedAsync(app, "Ben Okafor", "OT654321", "Occupational therapist");
        var ids = new[] { asha, ben }.Select(c => c.GetProperty("id").GetString()!).ToList();

        var reply = await app.AdminClient().GetAsync($"/api/admin/certificates.zip?from={Today}&to={Today}");

        Assert.Equal(HttpStatusCode.OK, reply.StatusCode);
        Assert.Equal("application/zip", reply.Content.Headers.ContentType?.MediaType);
        Assert.Contains($"certificates-{Today}-to-{Today}.zip", reply.Content.Headers.ContentDisposition?.ToString());
        using var zip = new ZipArchive(new MemoryStream(await reply.Content.ReadAsByteArrayAsync()), ZipArchiveMode.Read);
        Assert.Equal(ids.Select(id => $"certificate-{id}.pdf").Order(), zip.Entries.Select(e => e.FullName).Order());
        foreach (var (id, name) in ids.Zip(["Asha Patel", "Ben Okafor"]))
        {
            using var pdf = new MemoryStream();
            using (var entry = zip.GetEntry($"certificate-{id}.pdf")!.Open()) entry.CopyTo(pdf);
            var text = CertificatePdfTests.PdfText(pdf.ToArray());
            Assert.Contains(name, text);
            Assert.Contains(id, text);
        }
    }

    [Fact]
    public async Task A_range_with_no_certificates_is_an_empty_zip()
    {
        await CertificateWalk.CertifiedAsync(app);

        var reply = await app.AdminClient().GetAsync("/api/admin/certificates.zip?from=2020-01-01&to=2020-12-31");

        Assert.Equal(HttpStatusCode.OK, reply.StatusCode);
        using var zip = new ZipArchive(new MemoryStream(await reply.Content.ReadAsByteArrayAsync()), ZipArchiveMode.Read);
        Assert.Empty(zip.Entries);
    }

    [Theory]
    [InlineData("to=2026-12-31", "from")]
    [InlineData("from=2026-01-01", "to")]
    [InlineData("from=01/02/2026&to=2026-12-31", "from")]
    [InlineData("from=2026-02-30&to=2026-12-31", "from")]
    [InlineData("from=2026-06-01&to=2026-05-31", "to")]
    [InlineData("from=2025-01-01&to=2026-12-31", "to")]
    public async Task A_missing_malformed_backwards_or_too_long_range_is_a_validation_problem(string query, string field)
    {
        var reply = await app.AdminClient().GetAsync($"/api/admin/certificates.zip?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, reply.StatusCode);
        Assert.Equal("application/problem+json", reply.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await reply.Content.ReadAsStringAsync()).RootElement;
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out var errors), problem.ToString());
        Assert.NotEmpty(errors.EnumerateArray().Single().GetString()!);
    }

    [Fact]
    public async Task A_delegate_is_forbidden_and_an_anonymous_caller_must_sign_in()
    {
        var (asha, _) = await CertificateWalk.CertifiedAsync(app);
        var url = $"/api/admin/certificates.zip?from={Today}&to={Today}";

        Assert.Equal(HttpStatusCode.Forbidden, (await asha.Http.GetAsync(url)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateClient().GetAsync(url)).StatusCode);
    }
}
