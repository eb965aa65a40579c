using ELearning.Api.Pdf;

namespace ELearning.Api.Certificates;

/// <summary>
/// The certificate as an A4 landscape PDF: page 1 is the certificate a delegate shows; page 2 sets out the
/// learning outcomes and the standards they address, which a CPD auditor asks about. Tagged to PDF/UA-1
/// (see <see cref="TaggedPdf"/>): a screen reader hears the issuer, the title (H1), the delegate's name and
/// the course (H2), the module table with its column headers, the QR code as a figure that says where it
/// leads, and the seal; the frame and rules are artifacts. Text is real text and the QR code is vector.
/// </summary>
public static class CertificatePdf
{
    const float Width = 842, Height = 595;

    public static byte[] Render(CertificateSheet sheet, DateTimeOffset generatedAt)
    {
        var pdf = new TaggedPdf(new PdfInfo(
            Title: $"Certificate {sheet.CertificateId}: {sheet.CourseTitle}",
            Author: sheet.IssuerName,
            Subject: $"Certificate of completion for {sheet.LearnerName}",
            Creator: "ELearning certificates",
            Created: generatedAt));
        FrontPage(pdf, sheet);
        OutcomesPages(pdf, sheet);
        return pdf.ToArray();
    }

    static void FrontPage(TaggedPdf pdf, CertificateSheet sheet)
    {
        const float centre = 421, wide = 640;
        var (page, text, root) = (pdf.AddPage(Width, Height), pdf.Text, pdf.Root);
        using (page.Artifact()) Frame(page);
        var issuer = sheet.IssuerName.ToUpperInvariant();
        text.Draw(page, issuer, centre, 64, Face.SansBold, text.Fit(issuer, Face.SansBold, 10, wide, 7), Ink.Gold, Align.Centre, root.Paragraph());
        text.Draw(page, "Certificate of Completion", centre, 106, Face.SerifBold, 32, Ink.Navy, Align.Centre, root.Heading(1));
        // Drawn last, across the page, but read straight after the title.
        var revoked = sheet.Revoked ? root.Paragraph() : null;
        text.Draw(page, "CONTINUING PROFESSIONAL DEVELOPMENT", centre, 126, Face.Sans, 9, Ink.Grey, Align.Centre, root.Paragraph());
        using (page.Artifact()) page.Line(centre - 60, 138, centre + 60, 138, Ink.Gold, 1);

        text.Draw(page, "This is to certify that", centre, 168, Face.SerifItalic, 12.5f, Ink.Grey, Align.Centre, root.Paragraph());
        text.Draw(page, sheet.LearnerName, centre, 206, Face.SerifBold, text.Fit(sheet.LearnerName, Face.SerifBold, 30, wide, 11), Ink.Text, Align.Centre, root.Heading(2));
        var registration = string.Join("  ·  ", new[]
        {
            sheet.RegistrationNumber is { } number ? $"Registration number {number}" : null,
            sheet.Profession,
        }.Where(s => s is not null));
        if (registration.Length > 0)
            text.Draw(page, registration, centre, 226, Face.Sans, text.Fit(registration, Face.Sans, 10.5f, wide, 7), Ink.Grey, Align.Centre, root.Paragraph());
        text.Draw(page, "has completed the course", centre, 254, Face.SerifItalic, 12.5f, Ink.Grey, Align.Centre, root.Paragraph());
        text.Draw(page, sheet.CourseTitle, centre, 282, Face.SerifBold, text.Fit(sheet.CourseTitle, Face.SerifBold, 19, wide, 10), Ink.Navy, Align.Centre, root.Heading(2));
        var when = $"Completed on {sheet.CompletedOn}  ·  CPD time: {sheet.CpdTime}";
        text.Draw(page, when, centre, 304, Face.Sans, 10.5f, Ink.Text, Align.Centre, root.Paragraph());
        // Kept clear of the QR code (x 636 on), so it fits a narrower line than the ones above.
        if (sheet.Workshop is { } workshop)
            text.Draw(page, workshop, centre - 40, 319, Face.Sans, text.Fit(workshop, Face.Sans, 9.5f, 420, 6.5f), Ink.Grey, Align.Centre, root.Paragraph());

        ModuleTable(page, text, root.Table(), sheet, left: 72, right: 590, top: 336);
        VerifyBlock(page, text, root, sheet, left: 636, top: 322);
        Signature(page, text, root, sheet);
        text.Draw(page, "The learning outcomes and the professional standards they address are set out on page 2.", centre, 560, Face.Sans, 7.5f, Ink.Grey, Align.Centre, root.Paragraph());
        if (revoked is not null)
            using (page.Rotate(-24, 421, 300)) text.Draw(page, "REVOKED", 421, 330, Face.SansBold, 110, Ink.Revoked.WithAlpha(70), Align.Centre, revoked);
    }

    static void ModuleTable(PdfPage page, TextPainter text, StructElement table, CertificateSheet sheet, float left, float right, float top)
    {
        var header = table.Row();
        text.Draw(page, "MODULE", left, top, Face.SansBold, 7.5f, Ink.Grey, tag: header.HeaderCell());
        text.Draw(page, "SCORE", right - 92, top, Face.SansBold, 7.5f, Ink.Grey, Align.Right, header.HeaderCell());
        text.Draw(page, "PASSED ON", right, top, Face.SansBold, 7.5f, Ink.Grey, Align.Right, header.HeaderCell());
        using (page.Artifact()) page.Line(left, top + 5, right, top + 5, Ink.Gold, 0.8f);
        var y = top + 5;
        foreach (var (module, score, completed) in sheet.Modules)
        {
            y += 18;
            var row = table.Row();
            text.Draw(page, module, left, y - 5, Face.Sans, text.Fit(module, Face.Sans, 10, right - left - 180, 7), Ink.Text, tag: row.Cell());
            text.Draw(page, score, right - 92, y - 5, Face.SansBold, 10, Ink.Navy, Align.Right, row.Cell());
            text.Draw(page, completed, right, y - 5, Face.Sans, 10, Ink.Text, Align.Right, row.Cell());
            using (page.Artifact()) page.Line(left, y, right, y, Ink.Rule, 0.5f);
        }
    }

    static void VerifyBlock(PdfPage page, TextPainter text, StructElement root, CertificateSheet sheet, float left, float top)
    {
        const float size = 104;
        var qr = root.Figure($"QR code linking to the page that verifies this certificate: {sheet.VerifyUrl}", left, top, left + size, top + size);
        using (page.Tag(qr)) QrCode.Draw(page, sheet.VerifyUrl, left, top, size, Ink.Text);
        var centre = left + size / 2;
        text.Draw(page, "Scan or visit to verify", centre, top + size + 8, Face.SansBold, 7.5f, Ink.Grey, Align.Centre, root.Paragraph());
        var y = top + size + 19;
        var address = root.Paragraph();
        foreach (var line in text.Wrap(sheet.VerifyUrl.Replace("/verify/", "/verify/ "), Face.Sans, 7, 150))
        {
            text.Draw(page, line, centre, y, Face.Sans, 7, Ink.Navy, Align.Centre, address);
            y += 9;
        }
    }

    static void Signature(PdfPage page, TextPainter text, StructElement root, CertificateSheet sheet)
    {
        // Each label is read before what it labels, although it is printed under it.
        var issuedBy = root.Paragraph();
        text.Draw(page, sheet.IssuerName, 72, 506, Face.SerifItalic, text.Fit(sheet.IssuerName, Face.SerifItalic, 15, 230, 8), Ink.Navy, tag: root.Paragraph());
        using (page.Artifact()) page.Line(72, 514, 302, 514, Ink.Grey, 0.6f);
        text.Draw(page, "Issued by", 72, 526, Face.Sans, 8, Ink.Grey, tag: issuedBy);

        Seal(page, text, root, 421, 500, sheet.CpdTime);

        var idLabel = root.Paragraph();
        text.Draw(page, sheet.CertificateId, 770, 506, Face.SansBold, 10, Ink.Text, Align.Right, root.Paragraph());
        using (page.Artifact()) page.Line(540, 514, 770, 514, Ink.Grey, 0.6f);
        text.Draw(page, "Certificate ID", 770, 526, Face.Sans, 8, Ink.Grey, Align.Right, idLabel);
    }

    static void Seal(PdfPage page, TextPainter text, StructElement root, float x, float y, string cpdTime)
    {
        var seal = root.Figure($"Seal: CPD, {cpdTime}", x - 41, y - 41, x + 41, y + 41);
        using var figure = page.Tag(seal);
        page.Circle(x, y, 40, Ink.Gold.WithAlpha(28));
        page.Circle(x, y, 40, Ink.Gold, strokeWidth: 1.4f);
        page.Circle(x, y, 35, Ink.Gold, strokeWidth: 0.6f);
        text.Draw(page, "CPD", x, y - 3, Face.SerifBold, 16, Ink.Navy, Align.Centre);
        text.Draw(page, cpdTime.Replace(" hours", " h").Replace(" hour", " h").Replace(" minutes", " min").Replace(" minute", " min"),
            x, y + 11, Face.Sans, 7.5f, Ink.Navy, Align.Centre);
    }

    static void OutcomesPages(TaggedPdf pdf, CertificateSheet sheet)
    {
        var (text, root) = (pdf.Text, pdf.Root);
        var flow = new PdfFlow(pdf, Width, Height, new Area(56, 100, 786, 548), columns: 2, gutter: 30, (page, number) =>
        {
            using (page.Artifact()) Frame(page);
            const string title = "Learning outcomes and professional standards";
            // The heading starts the section once; where it repeats on a later page it is a running header.
            if (number == 1) text.Draw(page, title, 56, 64, Face.SerifBold, 18, Ink.Navy, tag: root.Heading(2));
            else using (page.Artifact("Pagination", "Header")) text.Draw(page, title, 56, 64, Face.SerifBold, 18, Ink.Navy);
            var subtitle = $"{sheet.LearnerName}  ·  {sheet.CourseTitle}  ·  Certificate {sheet.CertificateId}  ·  page {number + 1}";
            using (page.Artifact("Pagination", "Header")) text.Draw(page, subtitle, 56, 82, Face.Sans, text.Fit(subtitle, Face.Sans, 8.5f, 730, 6), Ink.Grey);
            if (sheet.Revoked)
                using (page.Rotate(-24, 421, 300))
                using (page.Artifact("Pagination", "Watermark"))
                    text.Draw(page, "REVOKED", 421, 330, Face.SansBold, 110, Ink.Revoked.WithAlpha(70), Align.Centre);
        });
        flow.Begin();
        flow.Paragraph("On completing the course, you will be able to:", Face.SansBold, 9.5f, Ink.Navy, root.Paragraph(), after: 2);
        flow.Rule(Ink.Gold);
        var outcomes = root.List("Decimal");
        for (var i = 0; i < sheet.CourseOutcomes.Count; i++)
            flow.Item(outcomes, $"{i + 1}.", sheet.CourseOutcomes[i], Face.Sans, 8.5f, Ink.Text, indent: 14, after: 2);
        foreach (var group in sheet.ModuleOutcomes)
        {
            flow.Space(6);
            flow.Need(60);
            flow.Paragraph(group.ModuleTitle, Face.SansBold, 9.5f, Ink.Navy, root.Heading(3), after: 2);
            flow.Rule(Ink.Gold);
            var list = root.List("Disc");
            foreach (var outcome in group.Outcomes)
                flow.Item(list, "•", outcome, Face.Sans, 8.5f, Ink.Text, indent: 10, after: 1);
            if (group.Standards.Count == 0) continue;
            flow.Paragraph("Standards addressed", Face.SansBold, 7.5f, Ink.Grey, root.Heading(4), after: 0);
            var standards = root.List("None");
            foreach (var standard in group.Standards)
                flow.Item(standards, "–", $"{standard.Reference} ({standard.Document}): “{standard.Quote}”", Face.Sans, 7.5f, Ink.Grey, indent: 10, after: 1);
        }
    }

    static void Frame(PdfPage page)
    {
        page.Rectangle(18, 18, Width - 36, Height - 36, Ink.Navy, strokeWidth: 3);
        page.Rectangle(25, 25, Width - 50, Height - 50, Ink.Gold, strokeWidth: 0.8f);
    }
}
