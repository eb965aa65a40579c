using ELearning.Api.Content;
using ELearning.Api.Workshops;

namespace ELearning.Api.Certificates;

/// <summary>A workshop's attendance record names each delegate's course certificate (not revoked).</summary>
public sealed class WorkshopCertificates(CertificateStore certificates, Catalog catalog) : IAttendanceCertificates
{
    public async Task<string?> CertificateIdAsync(Guid learnerId, CancellationToken ct) =>
        await certificates.ForLearnerAsync(learnerId, catalog.Course.Id, ct) is { IsRevoked: false } certificate ? certificate.Id : null;
}
