using System.ComponentModel;
using System.Text.Json.Serialization;

namespace ELearning.Api.Certificates;

/// <summary>The workshop a certificate was earned in: its title, its date (yyyy-MM-dd, UK) and its facilitator's name.</summary>
public sealed record CertificateWorkshopView(
    string Title,
    [property: Description("The workshop's date, yyyy-MM-dd (UK time)")] string Date,
    string Facilitator)
{
    public static CertificateWorkshopView? Of(CertificateWorkshop? w) => w is null ? null : new(w.Title, UkDates.Iso(w.Date), w.Facilitator);
}

/// <summary>
/// What anyone may learn about a certificate: whether it stands, whose it is, for what, when, and the workshop it was
/// earned in (as printed on it). Nothing more (no scores, registration number or email), because the verify routes are public.
/// </summary>
public sealed record VerifyResult(
    string Status,
    string Name,
    string Course,
    [property: Description("Completion date, yyyy-MM-dd (UK time)")] string Date,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateTimeOffset? RevokedAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] CertificateWorkshopView? Workshop = null)
{
    public const string Valid = "valid";
    public const string Revoked = "revoked";
    public const string Withdrawn = "withdrawn";

    /// <summary>A withdrawn certificate (its holder's data erased) names nobody: the name is empty.</summary>
    public static VerifyResult Of(Certificate c) =>
        new(StatusOf(c), c.LearnerName, c.CourseTitle, UkDates.Iso(c.IssuedAt), c.RevokedAt, c.IsWithdrawn ? null : CertificateWorkshopView.Of(c.Workshop)) { WithdrawnAt = c.WithdrawnAt };

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DateTimeOffset? WithdrawnAt { get; init; }

    public static string StatusOf(Certificate c) => c.IsWithdrawn ? Withdrawn : c.IsRevoked ? Revoked : Valid;
}

public sealed record CertificateModuleView(string ModuleId, string Title, double Scaled, DateTimeOffset CompletedAt);

/// <summary>The owner's view of their certificate, with links to the PDF, the credential and the public page.</summary>
public sealed record CertificateView(
    string Id,
    string Status,
    string LearnerName,
    string? RegistrationNumber,
    string? Profession,
    string CourseId,
    string CourseTitle,
    DateTimeOffset IssuedAt,
    int CpdMinutes,
    string CpdTime,
    IReadOnlyList<CertificateModuleView> Modules,
    string VerifyUrl,
    string PdfUrl,
    string CredentialUrl,
    DateTimeOffset? RevokedAt,
    string? RevokedReason,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] CertificateWorkshopView? Workshop)
{
    public static CertificateView Of(Certificate c, string verifyUrl) => new(
        c.Id, VerifyResult.StatusOf(c), c.LearnerName, c.RegistrationNumber, c.Profession, c.CourseId, c.CourseTitle,
        c.IssuedAt, c.CpdMinutes, CpdDuration.Format(c.CpdMinutes),
        [.. c.Modules.Select(m => new CertificateModuleView(m.ModuleId, m.Title, m.Scaled, m.CompletedAt))],
        verifyUrl, $"/api/certificates/{c.Id}.pdf", $"/api/certificates/{c.Id}/credential", c.RevokedAt, c.RevokedReason,
        CertificateWorkshopView.Of(c.Workshop));
}

public sealed record RevokeRequest(string? Reason);

public sealed record VerifyCredentialRequest(string? Credential);
