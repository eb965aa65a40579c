using SkiaSharp;
using ELearning.Api.Pdf;

namespace ELearning.Api.Certificates;

/// <summary>
/// The CPD activity record, A4 portrait, laid out to the HCPC standards for CPD: a dated record of the
/// activity (standard 1), its type (2), what was learned and how it improves practice (3), how it benefits
/// service users (4), and evidence to present if selected for audit (5).
/// </summary>
public static class CpdRecordPdf
{
    static readonly SKSize A4Portrait = new(595, 842);

    public static byte[] Render(CpdRecord record, DateTimeOffset generatedAt)
    {
        var sheet = record.Certificate;
        var metadata = SKDocumentPdfMetadata.Default;
        metadata.Title = $"CPD activity record: {sheet.CourseTitle}";
        metadata.Author = sheet.LearnerName;
        metadata.Creator = "ELearning certificates";
        metadata.Producer = "ELearning (Skia PDF)";
        metadata.Creation = generatedAt.UtcDateTime;
        metadata.Modified = generatedAt.UtcDateTime;
        return PdfRender.TwoPass(metadata, (document, text) =>
        {
            var flow = new PdfFlow(document, text, A4Portrait, new SKRect(56, 104, 539, 790), columns: 1, gutter: 0, (canvas, page) =>
            {
                using var band = new SKPaint { Color = Ink.Navy };
                canvas.DrawRect(SKRect.Create(0, 0, A4Portrait.Width, 8), band);
                text.Draw(canvas, "CPD activity record", 56, 58, Face.SerifBold, 22, Ink.Navy);
                text.Draw(canvas, "Prepared for the HCPC standards for continuing professional development", 56, 78, Face.Sans, 9, Ink.Grey);
                var footer = $"{sheet.LearnerName}  ·  Certificate {sheet.CertificateId}  ·  verify at {sheet.VerifyUrl}  ·  page {page}";
                text.Draw(canvas, footer, 56, 818, Face.Sans, text.Fit(footer, Face.Sans, 7, 483, 5), Ink.Grey);
            });
            Body(flow, record);
            flow.End();
        });
    }

    static void Body(PdfFlow flow, CpdRecord record)
    {
        var sheet = record.Certificate;
        flow.Begin();
        Heading(flow, "The activity");
        Field(flow, "Name", sheet.LearnerName);
        if (sheet.RegistrationNumber is { } number) Field(flow, "Registration number", number);
        if (sheet.Profession is { } profession) Field(flow, "Profession", profession);
        Field(flow, "Activity", sheet.CourseTitle);
        Field(flow, "Type of activity", record.ActivityType);
        Field(flow, "Provider", sheet.IssuerName);
        Field(flow, "Dates", $"{UkDates.Long(record.Started)} to {UkDates.Long(record.Completed)}");
        Field(flow, "Time", $"{sheet.CpdTime} (the course's recognised CPD time)");
        Field(flow, "Outcome", "Passed every module: " + string.Join("; ", sheet.Modules.Select(m => $"{m.Module} {m.Score}")));
        Field(flow, "About the activity", record.Description);

        Heading(flow, "What I learned, in my own words");
        if (record.Reflections.Count == 0)
            flow.Paragraph("No written reflections were recorded in the course.", Face.SerifItalic, 10, Ink.Grey);
        foreach (var reflection in record.Reflections)
        {
            flow.Need(48);
            flow.Paragraph($"{reflection.Module}: {reflection.Case}  ·  {UkDates.Long(reflection.WrittenAt)}", Face.SansBold, 8.5f, Ink.Navy, after: 0);
            flow.Paragraph(reflection.Prompt, Face.SerifItalic, 9.5f, Ink.Grey, after: 1);
            flow.Paragraph(reflection.Text, Face.Serif, 10.5f, Ink.Text, indent: 10, after: 8);
        }

        Heading(flow, "How this benefits service users and my practice");
        flow.Paragraph("The course trained decisions that protect service users' confidentiality, dignity and trust, and the public's " +
                       "confidence in the profession, wherever I or the people I work with use social media:", Face.Serif, 10, Ink.Text);
        foreach (var (title, summary) in record.ModuleSummaries)
            flow.Paragraph($"{title}: {summary}", Face.Serif, 10, Ink.Text, indent: 12, marker: "•", after: 2);
        flow.Paragraph("Add an example from your own practice where you have applied this learning, and its effect on the people you care for.",
            Face.SerifItalic, 9.5f, Ink.Grey, after: 6);

        Heading(flow, "Learning outcomes and standards mapping");
        foreach (var group in sheet.ModuleOutcomes)
        {
            flow.Need(40);
            flow.Paragraph(group.ModuleTitle, Face.SansBold, 9, Ink.Navy, after: 1);
            foreach (var outcome in group.Outcomes) flow.Paragraph(outcome, Face.Sans, 8.5f, Ink.Text, indent: 10, marker: "•", after: 1);
            foreach (var standard in group.Standards)
                flow.Paragraph($"{standard.Reference} ({standard.Document}): “{standard.Quote}”", Face.Sans, 8, Ink.Grey, indent: 10, marker: "–", after: 1);
            flow.Space(4);
        }

        Heading(flow, "HCPC standards for CPD");
        string[] standards =
        [
            "1. A continuous, up-to-date and accurate record: this dated record, with the certificate and signed credential.",
            "2. A mixture of learning activities: this is e-learning with written reflection; record it alongside other kinds of activity.",
            "3. CPD that contributes to the quality of practice and service delivery: what I learned, above, and the outcomes achieved.",
            "4. CPD that benefits the service user: how this benefits service users, above.",
            "5. A written profile with evidence, if selected for audit: this record, the certificate and the credential are that evidence.",
        ];
        foreach (var line in standards) flow.Paragraph(line, Face.Sans, 9, Ink.Text, after: 2);
    }

    static void Heading(PdfFlow flow, string title)
    {
        flow.Space(8);
        // Keep a heading with the first lines under it.
        flow.Need(90);
        flow.Paragraph(title, Face.SerifBold, 13, Ink.Navy, after: 0);
        flow.Rule(Ink.Gold, after: 4);
    }

    static void Field(PdfFlow flow, string label, string value)
    {
        flow.Paragraph(label.ToUpperInvariant(), Face.SansBold, 7, Ink.Grey, after: -2);
        flow.Paragraph(value, Face.Serif, 10.5f, Ink.Text, after: 4);
    }
}
