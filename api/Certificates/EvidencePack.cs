using ELearning.Api.Tracking;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using ELearning.Api.Assessment;
using ELearning.Api.Content;
using Microsoft.Extensions.Options;

namespace ELearning.Api.Certificates;

/// <summary>A reflection in the delegate's own words, with the question it answered.</summary>
public sealed record Reflection(string Module, string Case, string Prompt, string Text, DateTimeOffset WrittenAt);

/// <summary>Everything the CPD activity record says, as data.</summary>
public sealed record CpdRecord(CertificateSheet Certificate, DateTimeOffset Started, DateTimeOffset Completed, string ActivityType,
    string Description, IReadOnlyList<Reflection> Reflections, IReadOnlyList<(string Title, string Summary)> ModuleSummaries);

public sealed record EvidenceZip(string FileName, byte[] Bytes);

/// <summary>The pack, or why there is none: no certificate yet, or one that has been revoked (and so is evidence of nothing).</summary>
public sealed record EvidenceOutcome(EvidenceZip? Zip, Certificate? Revoked);

/// <summary>
/// The CPD evidence pack: what a registrant selected for HCPC audit attaches to their profile. One ZIP with
/// the activity record (PDF), the certificate (PDF), the signed credential and the xAPI statements.
/// </summary>
public sealed class EvidencePack(
    Catalog catalog, CertificateIssuer issuer, AttemptStore attempts, CertificateDocuments documents, OutboxStore outbox, TimeProvider clock,
    IOptions<CertificateOptions> options)
{
    static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public async Task<EvidenceOutcome> BuildAsync(Guid learnerId, CancellationToken ct)
    {
        if (await issuer.IssueIfEligibleAsync(learnerId, ct) is not { } certificate) return new(null, null);
        // A CPD auditor handed a revoked certificate's pack would take it as evidence: there is none to hand out.
        if (certificate.IsRevoked || certificate.IsWithdrawn) return new(null, certificate);
        var mine = await attempts.ForLearnerAsync(learnerId, ct);
        var record = new CpdRecord(
            documents.Sheet(certificate),
            mine.Count == 0 ? certificate.IssuedAt : mine.Min(a => a.StartedAt),
            certificate.IssuedAt,
            "Work-based and self-directed e-learning: scenario-based cases with assessed decisions and written reflection",
            catalog.Course.Description,
            await ReflectionsAsync(mine, ct),
            [.. catalog.Modules.Select(m => (m.Definition.Title, m.Definition.Summary))]);
        var now = clock.GetUtcNow();

        using var zip = new MemoryStream();
        using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
        {
            Add(archive, "cpd-activity-record.pdf", CpdRecordPdf.Render(record, now), now);
            Add(archive, CertificateDocuments.PdfFileName(certificate), documents.Pdf(certificate), now);
            Add(archive, $"credential-{certificate.Id}.jwt", Encoding.ASCII.GetBytes(certificate.Credential), now);
            Add(archive, "statements.json", JsonSerializer.SerializeToUtf8Bytes((await outbox.StatementsForLearnerAsync(learnerId, ct)).Select(s => JsonDocument.Parse(s.Json).RootElement), Indented), now);
            Add(archive, "README.txt", Encoding.UTF8.GetBytes(Readme(certificate, documents.VerifyUrl(certificate.Id), issuer.IssuerName, options.Value.AccessibilityContact)), now);
        }
        return new(new($"cpd-evidence-{UkDates.Iso(certificate.IssuedAt)}.zip", zip.ToArray()), null);
    }

    /// <summary>Every reflection the delegate wrote in a completed attempt, oldest first; a reflection repeated word for word in a later attempt appears once.</summary>
    async Task<IReadOnlyList<Reflection>> ReflectionsAsync(IReadOnlyList<AttemptRecord> mine, CancellationToken ct)
    {
        var reflections = new List<Reflection>();
        foreach (var attempt in mine.Where(a => a.Status == AttemptStatus.Completed).OrderBy(a => a.CompletedAt))
        {
            if (catalog.FindModule(attempt.ModuleId) is not { } module) continue;
            foreach (var answer in await attempts.AnswersAsync(attempt.Id, ct))
            {
                if (answer.Response.Text is not { Length: > 0 } text) continue;
                var @case = module.FindCase(answer.CaseId);
                var node = @case?.FindNode(answer.NodeId);
                if (node?.Type != NodeTypes.Reflection) continue;
                if (reflections.Any(r => r.Text == text && r.Prompt == (node.Prompt ?? ""))) continue;
                reflections.Add(new(module.Definition.Title, @case!.Title, node.Prompt ?? "", text, answer.AnsweredAt));
            }
        }
        return reflections;
    }

    static void Add(ZipArchive archive, string name, byte[] content, DateTimeOffset now)
    {
        var entry = archive.CreateEntry(name, CompressionLevel.Optimal);
        entry.LastWriteTime = now;
        using var stream = entry.Open();
        stream.Write(content);
    }

    static string Readme(Certificate certificate, string verifyUrl, string issuerName, string? accessibilityContact) => $"""
        CPD evidence: {certificate.CourseTitle}
        {certificate.LearnerName}, completed {UkDates.Long(certificate.IssuedAt)}

        cpd-activity-record.pdf    the activity laid out for the HCPC standards for CPD: what you did, when, for how long,
                                   what you learned in your own words, how it benefits service users, and the standards it maps to
        certificate-{certificate.Id}.pdf  the certificate
        credential-{certificate.Id}.jwt   the same achievement as a signed Open Badges 3.0 credential (VC-JWT), for a digital wallet
        statements.json            your learning activity as xAPI statements

        Anyone can check the certificate at {verifyUrl}

        Accessibility: {DocumentAccessibility.Statement}
        {DocumentAccessibility.HowToReport(issuerName, accessibilityContact)}
        """;
}
