using System.Security.Claims;
using ELearning.Api.Content;
using ELearning.Api.Identity;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace ELearning.Api.Certificates;

public static class CertificateEndpoints
{
    public const string OwnerOrAdmin = "certificate-owner-or-admin";

    public static IEndpointRouteBuilder MapCertificateRoutes(this IEndpointRouteBuilder app)
    {
        var owner = app.MapGroup("/api/certificates").WithTags("Certificates").RequireAuthorization(OwnerOrAdmin)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status404NotFound);
        owner.MapGet("/{id}", Get).WithName("GetCertificate").WithSummary("The certificate, for its owner or an administrator");
        owner.MapGet("/{id}.pdf", Pdf).WithName("GetCertificatePdf").WithSummary("The certificate as an A4 landscape PDF");
        owner.MapGet("/{id}/credential", Credential).WithName("GetCertificateCredential")
            .WithSummary("The Open Badges 3.0 credential, signed as a VC-JWT (RS256)");

        var me = app.MapGroup("/api/learners/me").WithTags("Certificates").RequireAuthorization(Policies.Delegate)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status404NotFound);
        me.MapGet("/certificate", Mine).WithName("GetMyCertificate").WithSummary("The signed-in delegate's certificate, once every module is passed");
        me.MapGet("/cpd-evidence", MyEvidence).WithName("GetMyCpdEvidence")
            .WithSummary("A ZIP for a CPD portfolio: activity record, certificate, signed credential and xAPI statements");

        var verify = app.MapGroup("").WithTags("Verification").AllowAnonymous();
        verify.MapGet("/verify/{id}", Page).WithName("VerifyPage").WithSummary("Public page: is this certificate valid?").ExcludeFromDescription();
        verify.MapGet("/api/verify/{id}", Status).WithName("VerifyCertificate").WithSummary("Public: valid or revoked, name, course, date");
        verify.MapPost("/api/verify", CheckCredential).WithName("VerifyCredential")
            .WithSummary("Public: check a presented VC-JWT's signature and claims, and the certificate's status");
        verify.MapGet("/.well-known/jwks.json", Jwks).WithName("IssuerKeys").WithSummary("The issuer's public signing keys (JWK set)");
        verify.MapGet("/.well-known/jwks/{thumbprint}", Jwk).WithName("IssuerKey").WithSummary("One public key: what a credential's kid resolves to");

        var admin = app.MapAdminGroup("/api/admin");
        admin.MapPost("/certificates/signing-keys/rotate", RotateSigningKey).WithName("RotateSigningKey")
            .WithSummary("A new signing key for new credentials; the old keys stay in the JWK set");
        admin.MapPost("/certificates/{id}/revoke", Revoke).WithName("RevokeCertificate").WithSummary("Revoke a certificate, with an optional reason");
        admin.MapGet("/certificates.zip", CertificateExport.Zip).WithName("ExportCertificates")
            .WithSummary("Every certificate issued from one date to another (inclusive, at most a year) as a ZIP of PDFs, streamed")
            .Produces(StatusCodes.Status200OK, contentType: "application/zip").ProducesValidationProblem();
        admin.MapGet("/learners/{learnerId:guid}/cpd-evidence", LearnerEvidence).WithName("GetLearnerCpdEvidence")
            .WithSummary("A delegate's CPD evidence pack, for an administrator");
        return app;
    }

    static async Task<Results<Ok<CertificateView>, ProblemHttpResult>> Get(
        string id, ClaimsPrincipal user, CertificateStore certificates, CertificateDocuments documents, CancellationToken ct) =>
        await Owned(id, user, certificates, ct) is { } certificate
            ? TypedResults.Ok(CertificateView.Of(certificate, documents.VerifyUrl(certificate.Id)))
            : NoSuchCertificate(id);

    static async Task<Results<FileContentHttpResult, ProblemHttpResult>> Pdf(
        string id, ClaimsPrincipal user, CertificateStore certificates, CertificateDocuments documents, CancellationToken ct) =>
        await Owned(id, user, certificates, ct) is { } certificate
            ? TypedResults.File(documents.Pdf(certificate), "application/pdf", CertificateDocuments.PdfFileName(certificate))
            : NoSuchCertificate(id);

    static async Task<Results<FileContentHttpResult, ProblemHttpResult>> Credential(
        string id, ClaimsPrincipal user, CertificateStore certificates, CancellationToken ct) =>
        await Owned(id, user, certificates, ct) is { } certificate
            ? TypedResults.File(System.Text.Encoding.ASCII.GetBytes(certificate.Credential), "application/vc+jwt", $"credential-{certificate.Id}.jwt")
            : NoSuchCertificate(id);

    // Issues here too if eligible: should issuing on completion ever fail, the certificate is not lost.
    static async Task<Results<Ok<CertificateView>, ProblemHttpResult>> Mine(
        ClaimsPrincipal user, CertificateIssuer issuer, CertificateDocuments documents, CancellationToken ct) =>
        await issuer.IssueIfEligibleAsync(user.LearnerId(), ct) is { } certificate
            ? TypedResults.Ok(CertificateView.Of(certificate, documents.VerifyUrl(certificate.Id)))
            : Problems.NotFound("You have no certificate yet: it is issued when you have passed every module.");

    static Task<Results<FileContentHttpResult, ProblemHttpResult>> MyEvidence(ClaimsPrincipal user, EvidencePack pack, CancellationToken ct) =>
        Evidence(user.LearnerId(), pack, ct);

    static Task<Results<FileContentHttpResult, ProblemHttpResult>> LearnerEvidence(Guid learnerId, EvidencePack pack, CancellationToken ct) =>
        Evidence(learnerId, pack, ct);

    static async Task<Results<FileContentHttpResult, ProblemHttpResult>> Evidence(Guid learnerId, EvidencePack pack, CancellationToken ct) =>
        await pack.BuildAsync(learnerId, ct) is { } zip
            ? TypedResults.File(zip.Bytes, "application/zip", zip.FileName)
            : Problems.NotFound("There is no CPD evidence yet: it is ready when every module is passed and the certificate issued.");

    static async Task<ContentHttpResult> Page(string id, HttpContext http, CertificateStore certificates, CertificateIssuer issuer,
        IOptions<CertificateOptions> options, CancellationToken ct)
    {
        var certificate = await certificates.FindAsync(id, ct);
        PublicHeaders(http);
        http.Response.Headers.ContentSecurityPolicy = VerifyPage.ContentSecurityPolicy;
        return TypedResults.Content(VerifyPage.Render(certificate is null ? null : VerifyResult.Of(certificate), issuer.Issuer.Name, options.Value.AccessibilityContact),
            "text/html; charset=utf-8", statusCode: certificate is null ? 404 : 200);
    }

    static async Task<Results<Ok<VerifyResult>, ProblemHttpResult>> Status(string id, HttpContext http, CertificateStore certificates, CancellationToken ct)
    {
        PublicHeaders(http);
        return await certificates.FindAsync(id, ct) is { } certificate ? TypedResults.Ok(VerifyResult.Of(certificate)) : NoSuchCertificate(id);
    }

    static async Task<Results<Ok<VerifyResult>, ProblemHttpResult>> CheckCredential(
        VerifyCredentialRequest request, HttpContext http, CredentialSigner signer, CertificateIssuer issuer, CertificateStore certificates, CancellationToken ct)
    {
        PublicHeaders(http);
        var check = await signer.CheckAsync(request.Credential, issuer.Issuer.Id);
        if (!check.Valid) return TypedResults.Problem(check.Problem, statusCode: 422, title: "The credential does not verify");
        return await certificates.FindAsync(check.CertificateId!, ct) is { } certificate
            ? TypedResults.Ok(VerifyResult.Of(certificate))
            : TypedResults.Problem("The credential is signed by this issuer but names no certificate it holds.", statusCode: 422, title: "The credential does not verify");
    }

    /// <summary>Every key, current first then retired ones: a credential signed before a rotation still verifies.</summary>
    static async Task<Ok<JwkSet>> Jwks(SigningKeys keys, CancellationToken ct)
    {
        var current = await keys.CurrentAsync(ct);
        return TypedResults.Ok(new JwkSet([current.PublicJwk, .. (await keys.AllAsync(ct)).Where(k => k != current).Select(k => k.PublicJwk)]));
    }

    static async Task<Results<Ok<PublicJwk>, ProblemHttpResult>> Jwk(string thumbprint, SigningKeys keys, CancellationToken ct) =>
        thumbprint.Length <= 100 && await keys.FindAsync(thumbprint, ct) is { } key ? TypedResults.Ok(key.PublicJwk) : Problems.NotFound($"This issuer has no key '{thumbprint}'.");

    static async Task<Results<Ok<PublicJwk>, ProblemHttpResult>> RotateSigningKey(SigningKeys keys, CancellationToken ct) =>
        keys.Rotatable
            ? TypedResults.Ok((await keys.RotateAsync(ct)).PublicJwk)
            : TypedResults.Problem("Signing keys rotate when they are held in the database (Certificates:SigningKeyStore = database). " +
                "With a key file or Certificates:SigningKeyPem, replace the key instead.", statusCode: 409, title: "Rotation is not available");

    static async Task<Results<Ok<CertificateView>, ProblemHttpResult>> Revoke(
        string id, RevokeRequest? request, CertificateStore certificates, CertificateDocuments documents, TimeProvider clock, CancellationToken ct)
    {
        var reason = request?.Reason?.Trim() is { Length: > 0 } r ? r[..Math.Min(r.Length, 500)] : null;
        return await certificates.RevokeAsync(id, reason, clock.GetUtcNow(), ct) is { } certificate
            ? TypedResults.Ok(CertificateView.Of(certificate, documents.VerifyUrl(certificate.Id)))
            : NoSuchCertificate(id);
    }

    /// <summary>The certificate if the caller owns it or is an administrator. Another delegate's is "not found", so ids cannot be probed.</summary>
    static async Task<Certificate?> Owned(string id, ClaimsPrincipal user, CertificateStore certificates, CancellationToken ct)
    {
        var certificate = await certificates.FindAsync(id, ct);
        if (certificate is null) return null;
        if (user.IsAdministrator()) return certificate;
        return user.LearnerIdOrNull() == certificate.LearnerId ? certificate : null;
    }

    /// <summary>Public answers must reflect a revocation at once and never leak a name through a Referer.</summary>
    static void PublicHeaders(HttpContext http)
    {
        http.Response.Headers.CacheControl = "no-store";
        http.Response.Headers["Referrer-Policy"] = "no-referrer";
        http.Response.Headers.XContentTypeOptions = "nosniff";
        http.Response.Headers["X-Robots-Tag"] = "noindex";
    }

    static ProblemHttpResult NoSuchCertificate(string id) => Problems.NotFound($"There is no certificate '{(id.Length > 40 ? id[..40] + "…" : id)}'.");
}
