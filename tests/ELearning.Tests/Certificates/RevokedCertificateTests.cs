using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ELearning.Tests.Support;

namespace ELearning.Tests.Certificates;

/// <summary>A revoked certificate is evidence of nothing: what is still handed out says so, and what would pass as valid is not handed out.</summary>
public sealed class RevokedCertificateTests : IAsyncLifetime
{
    readonly ELearningApp app = new();
    public Task InitializeAsync() => Task.CompletedTask;
    public Task DisposeAsync() => app.DisposeAsync().AsTask();

    async Task<(DelegateClient Asha, string Id)> RevokedAsync()
    {
        var (asha, certificate) = await CertificateWalk.CertifiedAsync(app);
        var id = certificate.GetProperty("id").GetString()!;
        (await app.AdminClient().PostAsJsonAsync($"/api/admin/certificates/{id}/revoke", new { reason = "Issued in error" })).EnsureSuccessStatusCode();
        return (asha, id);
    }

    [Fact]
    public async Task A_revoked_certificates_pdf_reads_revoked_on_every_page()
    {
        var (asha, id) = await RevokedAsync();

        var pdf = await CertificateWalk.GetBytesAsync(asha.Http, $"/api/certificates/{id}.pdf", "application/pdf");

        using var document = UglyToad.PdfPig.PdfDocument.Open(pdf);
        Assert.All(document.GetPages(), page => Assert.Contains("REVOKED", page.Text));
    }

    [Theory]
    [InlineData("delegate")]
    [InlineData("administrator")]
    public async Task A_revoked_certificates_evidence_pack_is_gone_with_the_date_and_reason(string who)
    {
        var (asha, id) = await RevokedAsync();

        var reply = who == "delegate"
            ? await asha.Http.GetAsync("/api/learners/me/cpd-evidence")
            : await app.AdminClient().GetAsync($"/api/admin/learners/{asha.LearnerId}/cpd-evidence");

        await AssertGoneAsync(reply, id);
    }

    [Fact]
    public async Task A_revoked_certificates_signed_credential_is_no_longer_handed_out()
    {
        var (asha, id) = await RevokedAsync();

        await AssertGoneAsync(await asha.Http.GetAsync($"/api/certificates/{id}/credential"), id);
    }

    [Fact]
    public async Task A_valid_certificates_pack_and_credential_still_download()
    {
        var (asha, certificate) = await CertificateWalk.CertifiedAsync(app);

        Assert.Equal(HttpStatusCode.OK, (await asha.Http.GetAsync("/api/learners/me/cpd-evidence")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await asha.Http.GetAsync($"/api/certificates/{certificate.GetProperty("id").GetString()}/credential")).StatusCode);
    }

    static async Task AssertGoneAsync(HttpResponseMessage reply, string id)
    {
        Assert.Equal(HttpStatusCode.Gone, reply.StatusCode);
        Assert.Equal("application/problem+json", reply.Content.Headers.ContentType?.MediaType);
        var problem = await reply.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(410, problem.GetProperty("status").GetInt32());
        var detail = problem.GetProperty("detail").GetString()!;
        Assert.Contains(id, detail);
        Assert.Contains("revoked", detail);
        Assert.Contains("Issued in error", detail);
    }
}
