using System.Net;
using ELearning.Tests.Support;

namespace ELearning.Tests.Certificates;

public sealed class CertificateAccessTests : IAsyncLifetime
{
    readonly ELearningApp app = new();
    public Task InitializeAsync() => Task.CompletedTask;
    public Task DisposeAsync() => app.DisposeAsync().AsTask();

    [Theory]
    [InlineData("/api/certificates/{0}")]
    [InlineData("/api/certificates/{0}.pdf")]
    [InlineData("/api/certificates/{0}/credential")]
    public async Task Another_delegate_is_told_the_certificate_does_not_exist(string route)
    {
        var (_, certificate) = await CertificateWalk.CertifiedAsync(app);
        var ben = await CertificateWalk.RegisterAsync(app, "Ben Okafor", "OT654321", "Occupational therapist", "ben@example.nhs.uk");

        var reply = await ben.Http.GetAsync(string.Format(route, certificate.GetProperty("id").GetString()));

        Assert.Equal(HttpStatusCode.NotFound, reply.StatusCode);
    }

    [Theory]
    [InlineData("/api/certificates/{0}")]
    [InlineData("/api/certificates/{0}.pdf")]
    [InlineData("/api/certificates/{0}/credential")]
    public async Task Anonymous_callers_must_sign_in(string route)
    {
        var (_, certificate) = await CertificateWalk.CertifiedAsync(app);

        var reply = await app.CreateClient().GetAsync(string.Format(route, certificate.GetProperty("id").GetString()));

        Assert.Equal(HttpStatusCode.Unauthorized, reply.StatusCode);
    }

    [Fact]
    public async Task An_administrator_can_fetch_any_certificate_pdf_and_evidence_pack()
    {
        var (asha, certificate) = await CertificateWalk.CertifiedAsync(app);
        var admin = app.AdminClient();

        var pdf = await CertificateWalk.GetBytesAsync(admin, $"/api/certificates/{certificate.GetProperty("id").GetString()}.pdf", "application/pdf");
        var pack = await CertificateWalk.GetBytesAsync(admin, $"/api/admin/learners/{asha.LearnerId}/cpd-evidence", "application/zip");

        Assert.StartsWith("%PDF-", System.Text.Encoding.ASCII.GetString(pdf, 0, 5));
        Assert.Equal((byte)'P', pack[0]);
    }

    [Fact]
    public async Task A_delegate_cannot_use_the_administrators_evidence_route_for_someone_else()
    {
        var (asha, _) = await CertificateWalk.CertifiedAsync(app);
        var ben = await CertificateWalk.RegisterAsync(app, "Ben Okafor");

        var reply = await ben.Http.GetAsync($"/api/admin/learners/{asha.LearnerId}/cpd-evidence");

        Assert.Equal(HttpStatusCode.Forbidden, reply.StatusCode);
    }

    [Fact]
    public async Task The_evidence_pack_is_the_signed_in_delegates_own()
    {
        var (asha, certificate) = await CertificateWalk.CertifiedAsync(app);
        var ben = await CertificateWalk.RegisterAsync(app, "Ben Okafor");

        var bens = await ben.Http.GetAsync("/api/learners/me/cpd-evidence");
        var anonymous = await app.CreateClient().GetAsync("/api/learners/me/cpd-evidence");

        Assert.Equal(HttpStatusCode.NotFound, bens.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }
}
