using System.Security.Claims;
using ELearning.Api.Content;
using ELearning.Api.Identity;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using ELearning.Api.Infrastructure;

namespace ELearning.Api.Certificates;

public static class CertificateEndpoints
{
    public const string OwnerOrAdmin = "certificate-owner-or-admin";

    public static IEndpointRouteBuilder MapCertificateRoutes(this IEndpointRouteBuilder app)
    {
        var owner = app.MapGroup("/api/certificates").WithTags("Certificates").RequireAuthorization(OwnerOrAdmin)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status404NotFound);
        owner.MapGet("/{id}", Get).WithName("GetCertificate").WithSummary("The certificate, for its owner or an administrator");
        owner.MapGet("/{id}.pdf", Pdf).WithName("GetCertificatePdf").Produces(StatusCodes.Status200OK, contentType: "application/pdf")
            .WithSummary("The certificate as an A4 landscape PDF (REVOKED across it once revoked; 410 once withdrawn)").ProducesProblem(StatusCodes.Status410Gone);
        owner.MapGet("/{id}/credential", Credential).WithName("GetCertificateCredential").Produces<string>(StatusCodes.Status200OK, "application/vc+jwt")
            .WithSummary("The Open Badges 3.0 credential, signed as a VC-JWT (RS256); 410 once the certificate is revoked").ProducesProblem(StatusCodes.Status410Gone);

        var me = app.MapGroup("/api/learners/me").WithTags("Certificates").RequireAuthorization(Policies.Delegate)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status404NotFound);
        me.MapGet("/certificate", Mine).WithName("GetMyCertificate").WithSummary("The signed-in delegate's certificate, once every module is passed");
        me.MapGet("/cpd-evidence", MyEvidence).WithName("GetMyCpdEvidence").Produces(StatusCodes.Status200OK, contentType: "application/zip")
            .WithSummary("A ZIP for a CPD portfolio: activity record, certificate, signed credential and xAPI statements (410 once the certificate is revoked)")
            .ProducesProblem(StatusCodes.Status410Gone);

        var verify = app.MapGroup("").WithTags("Verification").AllowAnonymous();
        verify.MapGet("/verify/{id}", Page).WithName("VerifyPage").RequireRateLimiting(RateLimitPolicies.Verification).WithSummary("Public page: is this certificate valid?").ExcludeFromDescription();
        verify.MapGet("/api/verify/{id}", Status).WithName("VerifyCertificate").RequireRateLimiting(RateLimitPolicies.Verification)
            .ProducesProblem(StatusCodes.Status429TooManyRequests).WithSummary("Public: valid or revoked, name, course, date");
        verify.MapPost("/api/verify", CheckCredential).WithName("VerifyCredential").RequireRateLimiting(RateLimitPolicies.Verification)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
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
        admin.MapGet("/learners/{learnerId:guid}/cpd-evidence", LearnerEvidence).WithName("GetLearnerCpdEvidence").Produces(StatusCodes.Status200OK, contentType: "application/zip")
            .WithSummary("A delegate's CPD evidence pack, for an administrator (410 once the certificate is revoked)").ProducesProblem(StatusCodes.Status410Gone);
        return app;
    }

    static async Task<Results<Ok<CertificateView>, ProblemHttpResult>> Get(
        string id, ClaimsPrincipal user, CertificateStore certificates, CertificateDocuments documents, AuditLog audit, TimeProvider clock, CancellationToken ct) =>
        await Owned(id, user, certificates, audit, clock, ct) is { } certificate
            ? TypedResults.Ok(CertificateView.Of(certificate, documents.VerifyUrl(certificate.Id)))
            : NoSuchCertificate(id);

    static async Task<Results<FileContentHttpResult, ProblemHttpResult>> Pdf(
        string id, ClaimsPrincipal user, CertificateStore certificates, CertificateDocuments documents, AuditLog audit, TimeProvider clock, CancellationToken ct) =>
        await Owned(id, user, certificates, audit, clock, ct) is not { } certificate ? NoSuchCertificate(id)
        : certificate.IsWithdrawn ? Gone(certificate, "")
        : TypedResults.File(documents.Pdf(certificate), "application/pdf", CertificateDocuments.PdfFileName(certificate));

    // A revoked credential is not handed out again (a wallet would hold it as valid until it checks the status).
    static async Task<Results<FileContentHttpResult, ProblemHttpResult>> Credential(
        string id, ClaimsPrincipal user, CertificateStore certificates, AuditLog audit, TimeProvider clock, CancellationToken ct) =>
        await Owned(id, user, certificates, audit, clock, ct) is not { } certificate ? NoSuchCertificate(id)
        : certificate.IsRevoked || certificate.IsWithdrawn ? Gone(certificate, "Its signed credential is no longer issued.")
        : TypedResults.File(System.Text.Encoding.ASCII.GetBytes(certificate.Credential), "application/vc+jwt", $"credential-{certificate.Id}.jwt");

    // Issues here too if eligible: should issuing on completion ever fail, the certificate is not lost.
    static async Task<Results<Ok<CertificateView>, ProblemHttpResult>> Mine(
        ClaimsPrincipal user, CertificateIssuer issuer, CertificateDocuments documents, CancellationToken ct) =>
        await issuer.IssueIfEligibleAsync(user.LearnerId(), ct) is { } certificate
            ? TypedResults.Ok(CertificateView.Of(certificate, documents.VerifyUrl(certificate.Id)))
            : Problems.NotFound("You have no certificate yet: it is issued when you have passed every module.");

    static Task<Results<FileContentHttpResult, ProblemHttpResult>> MyEvidence(ClaimsPrincipal user, EvidencePack pack, CancellationToken ct) =>
        Evidence(user.LearnerId(), pack, ct);

    static async Task<Results<FileContentHttpResult, ProblemHttpResult>> LearnerEvidence(
        Guid learnerId, ClaimsPrincipal user, EvidencePack pack, AuditLog audit, TimeProvider clock, CancellationToken ct)
    {
        var result = await Evidence(learnerId, pack, ct);
        // Reflections and scores leave the service here: the administrator who took them is logged.
        if (result.Result is FileContentHttpResult)
            await audit.AppendAsync(new(AuditActor.Of(user), AuditActions.EvidenceRead, learnerId.ToString(), clock.GetUtcNow()), ct);
        return result;
    }

    static async Task<Results<FileContentHttpResult, ProblemHttpResult>> Evidence(Guid learnerId, EvidencePack pack, CancellationToken ct) =>
        await pack.BuildAsync(learnerId, ct) switch
        {
            { Zip: { } zip } => TypedResults.File(zip.Bytes, "application/zip", zip.FileName),
            { Revoked: { } revoked } => Gone(revoked, "There is no CPD evidence pack for it."),
            _ => Problems.NotFound("There is no CPD evidence yet: it is ready when every module is passed and the certificate issued."),
        };

    static ProblemHttpResult Gone(Certificate certificate, string what) => certificate.IsWithdrawn
        ? TypedResults.Problem($"Certificate {certificate.Id} was withdrawn on {UkDates.Long(certificate.WithdrawnAt!.Value)}, when its holder's data was erased. {what}".TrimEnd(),
            statusCode: StatusCodes.Status410Gone, title: "The certificate has been withdrawn")
        : TypedResults.Problem($"Certificate {certificate.Id} was revoked on {UkDates.Long(certificate.RevokedAt!.Value)}" +
            (certificate.RevokedReason is { } reason ? $" ({reason})" : "") + $". {what}",
            statusCode: StatusCodes.Status410Gone, title: "The certificate has been revoked");

    static async Task<ContentHttpResult> Page(string id, HttpContext http, CertificateStore certificates, CertificateIssuer issuer,
        IOptions<CertificateOptions> options, CancellationToken ct)
    {
        var certificate = await certificates.FindAsync(id, ct);
        PublicHeaders(http);
        http.Response.Headers.ContentSecurityPolicy = VerifyPage.ContentSecurityPolicy;
        return TypedResults.Content(VerifyPage.Render(certificate is null ? null : VerifyResult.Of(certificate), issuer.IssuerName, options.Value.AccessibilityContact),
            "text/html; charset=utf-8", statusCode: certificate is null ? 404 : 200);
    }

    static async Task<Results<Ok<VerifyResult>, ProblemHttpResult>> Status(string id, HttpContext http, CertificateStore certificates, CancellationToken ct)
    {
        PublicHeaders(http);
        return await certificates.FindAsync(id, ct) is { } certificate ? TypedResults.Ok(VerifyResult.Of(certificate)) : NoSuchCertificate(id);
    }

    static async Task<Results<Ok<VerifyResult>, ProblemHttpResult>> CheckCredential(
        VerifyCredentialRequest request, HttpContext http, CredentialSigner signer, CertificateStore certificates, CancellationToken ct)
    {
        PublicHeaders(http);
        var check = await signer.CheckAsync(request.Credential);
        if (!check.Valid) return TypedResults.Problem(check.Problem, statusCode: 422, title: "The credential does not verify");
        var certificate = await certificates.FindAsync(check.CertificateId!, ct);
        if (certificate is null)
            return TypedResults.Problem("The credential is signed by this issuer but names no certificate it holds.", statusCode: 422, title: "The credential does not verify");
        // The issuer it was issued under, whatever today's issuer id or base URL (an erased certificate keeps no credential: it is withdrawn anyway).
        if (CredentialSigner.IssuedUnder(certificate.Credential) is { } issuedUnder && issuedUnder != check.Issuer)
            return TypedResults.Problem("The credential names an issuer its certificate was not issued under.", statusCode: 422, title: "The credential does not verify");
        return TypedResults.Ok(VerifyResult.Of(certificate));
    }

    /// <summary>Every key, current first then retired ones: a credential signed before a rotation still verifies.</summary>
    static async Task<Ok<JwkSet>> Jwks(SigningKeys keys, CancellationToken ct)
    {
        var current = await keys.CurrentAsync(ct);
        return TypedResults.Ok(new JwkSet([current.PublicJwk, .. (await keys.AllAsync(ct)).Where(k => k != current).Select(k => k.PublicJwk)]));
    }

    static async Task<Results<Ok<PublicJwk>, ProblemHttpResult>> Jwk(string thumbprint, SigningKeys keys, CancellationToken ct) =>
        thumbprint.Length <= 100 && await keys.FindAsync(thumbprint, ct) is { } key ? TypedResults.Ok(key.PublicJwk) : Problems.NotFound($"This issuer has no key '{thumbprint}'.");

    static async Task<Results<Ok<PublicJwk>, ProblemHttpResult>> RotateSigningKey(
        SigningKeys keys, ClaimsPrincipal user, AuditLog audit, TimeProvider clock, CancellationToken ct)
    {
        if (!keys.Rotatable)
            return TypedResults.Problem("Signing keys rotate when they are held in the database (Certificates:SigningKeyStore = database). " +
                "With a key file or Certificates:SigningKeyPem, replace the key instead.", statusCode: 409, title: "Rotation is not available");
        var key = await keys.RotateAsync(ct);
        await audit.AppendAsync(new(AuditActor.Of(user), AuditActions.SigningKeyRotated, null, clock.GetUtcNow()), ct);
        return TypedResults.Ok(key.PublicJwk);
    }

    static async Task<Results<Ok<CertificateView>, ProblemHttpResult>> Revoke(
        string id, RevokeRequest? request, ClaimsPrincipal user, CertificateStore certificates, CertificateDocuments documents, TimeProvider clock, CancellationToken ct)
    {
        var reason = request?.Reason?.Trim() is { Length: > 0 } r ? r[..Math.Min(r.Length, 500)] : null;
        var audit = new AuditRecord(AuditActor.Of(user), AuditActions.CertificateRevoked, id.Length > 40 ? id[..40] : id, clock.GetUtcNow(), reason);
        return await certificates.RevokeAsync(id, reason, clock.GetUtcNow(), audit, ct) is { } certificate
            ? TypedResults.Ok(CertificateView.Of(certificate, documents.VerifyUrl(certificate.Id)))
            : NoSuchCertificate(id);
    }

    /// <summary>The certificate if the caller owns it or is an administrator. Another delegate's is "not found", so ids cannot be probed.</summary>
    static async Task<Certificate?> Owned(string id, ClaimsPrincipal user, CertificateStore certificates, AuditLog audit, TimeProvider clock, CancellationToken ct)
    {
        var certificate = await certificates.FindAsync(id, ct);
        if (certificate is null) return null;
        if (user.IsAdministrator())
        {
            await audit.AppendAsync(new(AuditActor.Of(user), AuditActions.CertificateRead, certificate.Id, clock.GetUtcNow(), certificate.LearnerId.ToString()), ct);
            return certificate;
        }
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
