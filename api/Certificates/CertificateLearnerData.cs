using ELearning.Api.Identity;

namespace ELearning.Api.Certificates;

public sealed record CertificateData(CertificateView Certificate, string Credential);

/// <summary>Certificates' part in a delegate's data rights: each certificate as issued, with its signed credential; erasure withdraws them.</summary>
public sealed class CertificateLearnerData(CertificateStore certificates, CertificateDocuments documents) : ILearnerDataHolder
{
    public string Section => "certificates";

    public async Task<object> ExportAsync(Guid learnerId, CancellationToken ct) =>
        (await certificates.AllForLearnerAsync(learnerId, ct)).Select(c => new CertificateData(CertificateView.Of(c, documents.VerifyUrl(c.Id)), c.Credential)).ToList();

    public Task EraseAsync(Guid learnerId, DateTimeOffset now, CancellationToken ct) => certificates.WithdrawForLearnerAsync(learnerId, now, ct);
}
