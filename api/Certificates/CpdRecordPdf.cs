using ELearning.Api.Pdf;

namespace ELearning.Api.Certificates;

/// <summary>
/// The CPD activity record, A4 portrait, laid out to the HCPC standards for CPD: a dated record of the
/// activity (standard 1), its type (2), what was learned and how it improves practice (3), how it benefits
/// service users (4), and evidence to present if selected for audit (5). Tagged to PDF/UA-1 like the
/// certificate: H1 title, H2 sections, the activity's fields as a table of row headers and values, the
/// reflections, lists of outcomes and standards; the band, rules and running header and footer are artifacts.
/// </summary>
public static class CpdRecordPdf
{
    const float Width = 595, Height = 842;

    public static byte[] Render(CpdRecord record, DateTimeOffset generatedAt)
    {
        var sheet = record.Certificate;
        var pdf = new TaggedPdf(new PdfInfo(
            Title: $"CPD activity record: {sheet.CourseTitle}",
            Author: sheet.LearnerName,
            Subject: $"CPD activity record of {sheet.LearnerName}, certificate {sheet.CertificateId}",
            Creator: "ELearning certificates",
            Created: generatedAt));
        var (text, root) = (pdf.Text, pdf.Root);
        var flow = new PdfFlow(pdf, Width, Height, new Area(56, 104, 539, 790), columns: 1, gutter: 0, (page, number) =>
        {
            using (page.Artifact()) page.Rectangle(0, 0, Width, 8, Ink.Navy);
            const string title = "CPD activity record", subtitle = "Prepared for the HCPC standards for continuing professional development";
            if (number == 1)
            {
                text.Draw(page, title, 56, 58, Face.SerifBold, 22, Ink.Navy, tag: root.Heading(1));
                text.Draw(page, subtitle, 56, 78, Face.Sans, 9, Ink.Grey, tag: root.Paragraph());
            }
            else
            {
                using var header = page.Artifact("Pagination", "Header");
                text.Draw(page, title, 56, 58, Face.SerifBold, 22, Ink.Navy);
                text.Draw(page, subtitle, 56, 78, Face.Sans, 9, Ink.Grey);
            }
            var footer = $"{sheet.LearnerName}  ·  Certificate {sheet.CertificateId}  ·  verify at {sheet.VerifyUrl}  ·  page {number}";
            using (page.Artifact("Pagination", "Footer")) text.Draw(page, footer, 56, 818, Face.Sans, text.Fit(footer, Face.Sans, 7, 483, 5), Ink.Grey);
        });
        Body(flow, root, record);
        return pdf.ToArray();
    }

    static void Body(PdfFlow flow, StructElement root, CpdRecord record)
    {
        var sheet = record.Certificate;
        flow.Begin();
        Heading(flow, root, "The activity");
        var fields = root.Table();
        Field(flow, fields, "Name", sheet.LearnerName);
        if (sheet.RegistrationNumber is { } number) Field(flow, fields, "Registration number", number);
        if (sheet.Profession is { } profession) Field(flow, fields, "Profession", profession);
        Field(flow, fields, "Activity", sheet.CourseTitle);
        Field(flow, fields, "Type of activity", record.ActivityType);
        Field(flow, fields, "Provider", sheet.IssuerName);
        Field(flow, fields, "Dates", $"{UkDates.Long(record.Started)} to {UkDates.Long(record.Completed)}");
        Field(flow, fields, "Time", $"{sheet.CpdTime} (the course's recognised CPD time)");
        Field(flow, fields, "Outcome", "Passed every module: " + string.Join("; ", sheet.Modules.Select(m => $"{m.Module} {m.Score}")));
        Field(flow, fields, "About the activity", record.Description);

        Heading(flow, root, "What I learned, in my own words");
        if (record.Reflections.Count == 0)
            flow.Paragraph("No written reflections were recorded in the course.", Face.SerifItalic, 10, Ink.Grey, root.Paragraph());
        foreach (var reflection in record.Reflections)
        {
            flow.Need(48);
            flow.Paragraph($"{reflection.Module}: {reflection.Case}  ·  {UkDates.Long(reflection.WrittenAt)}", Face.SansBold, 8.5f, Ink.Navy, root.Heading(3), after: 0);
            flow.Paragraph(reflection.Prompt, Face.SerifItalic, 9.5f, Ink.Grey, root.Paragraph(), after: 1);
            flow.Paragraph(reflection.Text, Face.Serif, 10.5f, Ink.Text, root.Paragraph(), indent: 10, after: 8);
        }

        Heading(flow, root, "How this benefits service users and my practice");
        flow.Paragraph("The course trained decisions that protect service users' confidentiality, dignity and trust, and the public's " +
                       "confidence in the profession, wherever I or the people I work with use social media:", Face.Serif, 10, Ink.Text, root.Paragraph());
        var benefits = root.List("Disc");
        foreach (var (title, summary) in record.ModuleSummaries)
            flow.Item(benefits, "•", $"{title}: {summary}", Face.Serif, 10, Ink.Text, indent: 12, after: 2);
        flow.Paragraph("Add an example from your own practice where you have applied this learning, and its effect on the people you care for.",
            Face.SerifItalic, 9.5f, Ink.Grey, root.Paragraph(), after: 6);

        Heading(flow, root, "Learning outcomes and standards mapping");
        foreach (var group in sheet.ModuleOutcomes)
        {
            flow.Need(40);
            flow.Paragraph(group.ModuleTitle, Face.SansBold, 9, Ink.Navy, root.Heading(3), after: 1);
            var outcomes = root.List("Disc");
            foreach (var outcome in group.Outcomes) flow.Item(outcomes, "•", outcome, Face.Sans, 8.5f, Ink.Text, indent: 10, after: 1);
            var standards = root.List("None");
            foreach (var standard in group.Standards)
                flow.Item(standards, "–", $"{standard.Reference} ({standard.Document}): “{standard.Quote}”", Face.Sans, 8, Ink.Grey, indent: 10, after: 1);
            flow.Space(4);
        }

        Heading(flow, root, "HCPC standards for CPD");
        string[] standardsForCpd =
        [
            "1. A continuous, up-to-date and accurate record: this dated record, with the certificate and signed credential.",
            "2. A mixture of learning activities: this is e-learning with written reflection; record it alongside other kinds of activity.",
            "3. CPD that contributes to the quality of practice and service delivery: what I learned, above, and the outcomes achieved.",
            "4. CPD that benefits the service user: how this benefits service users, above.",
            "5. A written profile with evidence, if selected for audit: this record, the certificate and the credential are that evidence.",
        ];
        var numbered = root.List("Decimal");
        foreach (var line in standardsForCpd) flow.Item(numbered, null, line, Face.Sans, 9, Ink.Text, indent: 0, after: 2);
    }

    static void Heading(PdfFlow flow, StructElement root, string title)
    {
        flow.Space(8);
        // Keep a heading with the first lines under it.
        flow.Need(90);
        flow.Paragraph(title, Face.SerifBold, 13, Ink.Navy, root.Heading(2), after: 0);
        flow.Rule(Ink.Gold, after: 4);
    }

    /// <summary>A label over its value: to a screen reader, a row whose header is the label.</summary>
    static void Field(PdfFlow flow, StructElement table, string label, string value)
    {
        var row = table.Row();
        flow.Paragraph(label.ToUpperInvariant(), Face.SansBold, 7, Ink.Grey, row.HeaderCell(row: true), after: -2);
        flow.Paragraph(value, Face.Serif, 10.5f, Ink.Text, row.Cell(), after: 4);
    }
}
