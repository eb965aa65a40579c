using ELearning.Api.Content;
using Microsoft.Extensions.Options;

namespace ELearning.Api.Certificates;

/// <summary>The files a certificate is shown as: its public address and its PDF.</summary>
public sealed class CertificateDocuments(Catalog catalog, CertificateIssuer issuer, IOptions<AppOptions> app, TimeProvider clock)
{
    public string VerifyUrl(string certificateId) => new Uri(app.Value.BaseUri, $"verify/{certificateId}").ToString();

    public CertificateSheet Sheet(Certificate certificate) => CertificateSheet.From(certificate, catalog, issuer.IssuerName, VerifyUrl(certificate.Id));

    public byte[] Pdf(Certificate certificate) => CertificatePdf.Render(Sheet(certificate), clock.GetUtcNow());

    public static string PdfFileName(Certificate certificate) => $"certificate-{certificate.Id}.pdf";
}
