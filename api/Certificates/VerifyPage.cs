using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace ELearning.Api.Certificates;

/// <summary>
/// The public verification page. Everything that came from a delegate is HTML-encoded, and the page runs
/// under a Content-Security-Policy that allows no script and only its own inline style (by hash), so a
/// name such as &lt;script&gt; is shown as text and could not run even if encoding were ever missed.
/// </summary>
public static class VerifyPage
{
    const string Style = """
        body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;margin:0;background:#f4f5f7;color:#22262e}
        main{max-width:40rem;margin:3rem auto;background:#fff;border-top:6px solid #1b365d;padding:2rem 2.5rem;box-shadow:0 1px 3px #0002}
        h1{font-size:1.6rem;margin:0 0 .5rem}.valid h1{color:#00703c}.revoked h1{color:#b42318}.unknown h1{color:#22262e}
        dl{display:grid;grid-template-columns:max-content 1fr;gap:.6rem 1.5rem;margin:1.5rem 0}dt{color:#5a6270}dd{margin:0;font-weight:600}
        p.note{color:#5a6270;font-size:.9rem}h2{font-size:1.1rem;margin:1.75rem 0 .5rem}a{color:#1b365d}
        """;

    /// <summary>CSP 'sha256-…' source for the style element, so no 'unsafe-inline' is needed.</summary>
    static readonly string StyleHash = "sha256-" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(Style)));

    public static readonly string ContentSecurityPolicy =
        $"default-src 'none'; style-src '{StyleHash}'; img-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    // Every script stays readable in the source (Arabic is not turned into &#x…;); < > & ' " are always encoded.
    static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    public static string Render(VerifyResult? result, string issuerName, string? accessibilityContact = null)
    {
        var e = Encoder;
        var (css, heading, lead) = result switch
        {
            null => ("unknown", "Certificate not found", "There is no certificate with this id. Check the address, or ask the holder for their certificate."),
            { Status: VerifyResult.Withdrawn } => ("revoked", "This certificate has been withdrawn",
                $"This certificate was withdrawn on {UkDates.Long(result.WithdrawnAt!.Value)} at its holder's request, and their details removed. It is no longer evidence of completion."),
            { Status: VerifyResult.Revoked } => ("revoked", "This certificate has been revoked",
                $"{issuerName} revoked this certificate on {UkDates.Long(result.RevokedAt!.Value)}. It is no longer evidence of completion."),
            _ => ("valid", "Certificate verified", $"This certificate was issued by {issuerName} and is valid."),
        };
        var details = result is null ? "" : $"""
            <dl>
              {(result.Name.Length == 0 ? "" : $"<dt>Name</dt><dd><bdi dir=\"auto\">{e.Encode(result.Name)}</bdi></dd>")}
              <dt>Course</dt><dd><bdi dir="auto">{e.Encode(result.Course)}</bdi></dd>
              <dt>Completed</dt><dd>{e.Encode(UkDates.Long(DateTimeOffset.Parse(result.Date, System.Globalization.CultureInfo.InvariantCulture)))}</dd>
            {WorkshopRows(result.Workshop)}
            </dl>
            """;
        return $"""
            <!doctype html>
            <html lang="en-GB">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="robots" content="noindex">
            <title>{e.Encode(heading)}</title>
            <style>{Style}</style>
            </head>
            <body>
            <main class="{css}">
            <h1>{e.Encode(heading)}</h1>
            <p>{e.Encode(lead)}</p>
            {details}
            <p class="note">Certificates from {e.Encode(issuerName)} are verified here, at the address printed on them. This page shows only what the certificate states.</p>
            <h2>Accessible documents</h2>
            <p>{e.Encode(DocumentAccessibility.Statement)}</p>
            <p>{ReportLine(issuerName, accessibilityContact)}</p>
            </main>
            </body>
            </html>
            """;
    }

    static string WorkshopRows(CertificateWorkshopView? workshop)
    {
        if (workshop is null) return "";
        var e = Encoder;
        var rows = $"""  <dt>Workshop</dt><dd><bdi dir="auto">{e.Encode(workshop.Title)}</bdi>, {e.Encode(UkDates.Long(DateTimeOffset.Parse(workshop.Date, System.Globalization.CultureInfo.InvariantCulture)))}</dd>""";
        return workshop.Facilitator.Length == 0 ? rows : rows + $"""<dt>Facilitator</dt><dd><bdi dir="auto">{e.Encode(workshop.Facilitator)}</bdi></dd>""";
    }

    /// <summary>How to report a problem, with the contact as a link when it is an email address or a web address.</summary>
    static string ReportLine(string issuerName, string? contact)
    {
        var line = Encoder.Encode(DocumentAccessibility.HowToReport(issuerName, contact));
        if (string.IsNullOrWhiteSpace(contact)) return line;
        contact = contact.Trim();
        var href = contact.Contains('@') && !contact.Contains(':') ? "mailto:" + contact
            : Uri.TryCreate(contact, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http" ? uri.AbsoluteUri
            : null;
        return href is null ? line : line.Replace(Encoder.Encode(contact), $"<a href=\"{Encoder.Encode(href)}\">{Encoder.Encode(contact)}</a>");
    }
}

/// <summary>What the verify page and the evidence pack's README say about the accessibility of the PDFs, and how to report a problem.</summary>
public static class DocumentAccessibility
{
    public const string Statement =
        "Certificates and CPD activity records are accessible PDFs, tagged to PDF/UA-1: a screen reader reads them in order, " +
        "with their headings, the table of modules, the lists of outcomes and standards, and a description of the QR code, " +
        "and their text can be selected, searched and copied.";

    public static string HowToReport(string issuerName, string? contact) => string.IsNullOrWhiteSpace(contact)
        ? $"If you cannot read one, or need it in another format, contact {issuerName}, who issued it, and say which document and what went wrong."
        : $"If you cannot read one, or need it in another format, tell us at {contact.Trim()} and say which document and what went wrong.";
}
