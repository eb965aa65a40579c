using System.Globalization;
using ELearning.Api.Content;

namespace ELearning.Api.Certificates;

/// <summary>A standard a module addresses, with the words of the standard.</summary>
public sealed record StandardLine(string Reference, string Document, string Quote);

/// <summary>A module's learning outcomes and the standards they address.</summary>
public sealed record OutcomeGroup(string ModuleTitle, IReadOnlyList<string> Outcomes, IReadOnlyList<StandardLine> Standards);

/// <summary>Everything printed on a certificate, as text: built once, rendered by <see cref="CertificatePdf"/>.</summary>
public sealed record CertificateSheet(
    string CertificateId,
    string LearnerName,
    string? RegistrationNumber,
    string? Profession,
    string CourseTitle,
    IReadOnlyList<(string Module, string Score, string Completed)> Modules,
    string CompletedOn,
    string CpdTime,
    IReadOnlyList<string> CourseOutcomes,
    IReadOnlyList<OutcomeGroup> ModuleOutcomes,
    string IssuerName,
    string VerifyUrl,
    bool Revoked,
    string? Workshop)
{
    /// <summary>The one line that says where the course was completed: the workshop, its date (UK) and its facilitator.</summary>
    public static string WorkshopLine(CertificateWorkshop workshop) =>
        $"In the workshop “{workshop.Title}” on {UkDates.Long(workshop.Date)}" + (workshop.Facilitator.Length > 0 ? $", facilitated by {workshop.Facilitator}" : "");

    public static CertificateSheet From(Certificate certificate, Catalog catalog, string issuerName, string verifyUrl) => new(
        certificate.Id,
        certificate.LearnerName,
        certificate.RegistrationNumber,
        certificate.Profession,
        certificate.CourseTitle,
        [.. certificate.Modules.Select(m => (m.Title, m.Scaled.ToString("P0", CultureInfo.InvariantCulture).Replace(" ", ""), UkDates.Short(m.CompletedAt)))],
        UkDates.Long(certificate.IssuedAt),
        CpdDuration.Format(certificate.CpdMinutes),
        catalog.Course.LearningOutcomes,
        [.. catalog.Modules.Select(m => new OutcomeGroup(m.Definition.Title, m.Definition.LearningOutcomes,
            [.. m.Definition.Standards.Where(catalog.Clauses.ContainsKey).Select(id => catalog.Clauses[id])
                .Select(c => new StandardLine($"{c.Body} {c.Reference}", c.Document, c.Quote))]))],
        issuerName,
        verifyUrl,
        certificate.IsRevoked,
        certificate.Workshop is { } workshop ? WorkshopLine(workshop) : null);
}

/// <summary>Dates as a UK reader expects them, in UK time: a completion just after midnight BST is that day.</summary>
public static class UkDates
{
    static readonly CultureInfo EnGb = CultureInfo.GetCultureInfo("en-GB");
    static readonly TimeZoneInfo London = FindLondon();

    public static string Long(DateTimeOffset when) => TimeZoneInfo.ConvertTime(when, London).ToString("d MMMM yyyy", EnGb);

    public static string Short(DateTimeOffset when) => TimeZoneInfo.ConvertTime(when, London).ToString("d MMM yyyy", EnGb);

    public static string Iso(DateTimeOffset when) => TimeZoneInfo.ConvertTime(when, London).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    static TimeZoneInfo FindLondon()
    {
        try { return TimeZoneInfo.FindSystemTimeZoneById("Europe/London"); }
        catch (TimeZoneNotFoundException) { return TimeZoneInfo.Utc; }
    }
}
