using SkiaSharp;
using ELearning.Api.Pdf;

namespace ELearning.Api.Certificates;

/// <summary>
/// The certificate as an A4 landscape PDF: page 1 is the certificate a delegate shows; page 2 sets out the
/// learning outcomes and the standards they address, which a CPD auditor asks about. Text is real text
/// (selectable, searchable), fonts are embedded and subset by Skia's PDF backend, and the QR code is vector.
/// </summary>
public static class CertificatePdf
{
    public static readonly SKSize A4Landscape = new(842, 595);

    public static byte[] Render(CertificateSheet sheet, DateTimeOffset generatedAt)
    {
        var metadata = SKDocumentPdfMetadata.Default;
        metadata.Title = $"Certificate {sheet.CertificateId}: {sheet.CourseTitle}";
        metadata.Author = sheet.IssuerName;
        metadata.Subject = $"Certificate of completion for {sheet.LearnerName}";
        metadata.Creator = "ELearning certificates";
        metadata.Producer = "ELearning (Skia PDF)";
        metadata.Creation = generatedAt.UtcDateTime;
        metadata.Modified = generatedAt.UtcDateTime;
        return PdfRender.TwoPass(metadata, (document, text) =>
        {
            FrontPage(document.BeginPage(A4Landscape.Width, A4Landscape.Height), text, sheet);
            document.EndPage();
            OutcomesPages(document, text, sheet);
        });
    }

    static void FrontPage(SKCanvas canvas, TextPainter text, CertificateSheet sheet)
    {
        const float centre = 421, wide = 640;
        Frame(canvas);
        text.Draw(canvas, sheet.IssuerName.ToUpperInvariant(), centre, 64, Face.SansBold, text.Fit(sheet.IssuerName.ToUpperInvariant(), Face.SansBold, 10, wide, 7), Ink.Gold, Align.Centre);
        text.Draw(canvas, "Certificate of Completion", centre, 106, Face.SerifBold, 32, Ink.Navy, Align.Centre);
        text.Draw(canvas, "CONTINUING PROFESSIONAL DEVELOPMENT", centre, 126, Face.Sans, 9, Ink.Grey, Align.Centre);
        Line(canvas, centre - 60, 138, centre + 60, 138, Ink.Gold, 1);

        text.Draw(canvas, "This is to certify that", centre, 168, Face.SerifItalic, 12.5f, Ink.Grey, Align.Centre);
        text.Draw(canvas, sheet.LearnerName, centre, 206, Face.SerifBold, text.Fit(sheet.LearnerName, Face.SerifBold, 30, wide, 11), Ink.Text, Align.Centre);
        var registration = string.Join("  ·  ", new[]
        {
            sheet.RegistrationNumber is { } number ? $"Registration number {number}" : null,
            sheet.Profession,
        }.Where(s => s is not null));
        if (registration.Length > 0)
            text.Draw(canvas, registration, centre, 226, Face.Sans, text.Fit(registration, Face.Sans, 10.5f, wide, 7), Ink.Grey, Align.Centre);
        text.Draw(canvas, "has completed the course", centre, 254, Face.SerifItalic, 12.5f, Ink.Grey, Align.Centre);
        text.Draw(canvas, sheet.CourseTitle, centre, 282, Face.SerifBold, text.Fit(sheet.CourseTitle, Face.SerifBold, 19, wide, 10), Ink.Navy, Align.Centre);
        var when = $"Completed on {sheet.CompletedOn}  ·  CPD time: {sheet.CpdTime}";
        text.Draw(canvas, when, centre, 304, Face.Sans, 10.5f, Ink.Text, Align.Centre);

        ModuleTable(canvas, text, sheet, left: 72, right: 590, top: 336);
        VerifyBlock(canvas, text, sheet, left: 636, top: 322);
        Signature(canvas, text, sheet);
        text.Draw(canvas, "The learning outcomes and the professional standards they address are set out on page 2.", centre, 560, Face.Sans, 7.5f, Ink.Grey, Align.Centre);
        if (sheet.Revoked) RevokedMark(canvas, text);
    }

    static void ModuleTable(SKCanvas canvas, TextPainter text, CertificateSheet sheet, float left, float right, float top)
    {
        text.Draw(canvas, "MODULE", left, top, Face.SansBold, 7.5f, Ink.Grey);
        text.Draw(canvas, "SCORE", right - 92, top, Face.SansBold, 7.5f, Ink.Grey, Align.Right);
        text.Draw(canvas, "PASSED ON", right, top, Face.SansBold, 7.5f, Ink.Grey, Align.Right);
        Line(canvas, left, top + 5, right, top + 5, Ink.Gold, 0.8f);
        var y = top + 5;
        foreach (var (module, score, completed) in sheet.Modules)
        {
            y += 18;
            text.Draw(canvas, module, left, y - 5, Face.Sans, text.Fit(module, Face.Sans, 10, right - left - 180, 7), Ink.Text);
            text.Draw(canvas, score, right - 92, y - 5, Face.SansBold, 10, Ink.Navy, Align.Right);
            text.Draw(canvas, completed, right, y - 5, Face.Sans, 10, Ink.Text, Align.Right);
            Line(canvas, left, y, right, y, Ink.Rule, 0.5f);
        }
    }

    static void VerifyBlock(SKCanvas canvas, TextPainter text, CertificateSheet sheet, float left, float top)
    {
        const float size = 104;
        QrCode.Draw(canvas, sheet.VerifyUrl, left, top, size, Ink.Text);
        var centre = left + size / 2;
        text.Draw(canvas, "Scan or visit to verify", centre, top + size + 8, Face.SansBold, 7.5f, Ink.Grey, Align.Centre);
        var y = top + size + 19;
        foreach (var line in text.Wrap(sheet.VerifyUrl.Replace("/verify/", "/verify/ "), Face.Sans, 7, 150))
        {
            text.Draw(canvas, line, centre, y, Face.Sans, 7, Ink.Navy, Align.Centre);
            y += 9;
        }
    }

    static void Signature(SKCanvas canvas, TextPainter text, CertificateSheet sheet)
    {
        text.Draw(canvas, sheet.IssuerName, 72, 506, Face.SerifItalic, text.Fit(sheet.IssuerName, Face.SerifItalic, 15, 230, 8), Ink.Navy);
        Line(canvas, 72, 514, 302, 514, Ink.Grey, 0.6f);
        text.Draw(canvas, "Issued by", 72, 526, Face.Sans, 8, Ink.Grey);

        Seal(canvas, text, 421, 500, sheet.CpdTime);

        text.Draw(canvas, sheet.CertificateId, 770, 506, Face.SansBold, 10, Ink.Text, Align.Right);
        Line(canvas, 540, 514, 770, 514, Ink.Grey, 0.6f);
        text.Draw(canvas, "Certificate ID", 770, 526, Face.Sans, 8, Ink.Grey, Align.Right);
    }

    static void Seal(SKCanvas canvas, TextPainter text, float x, float y, string cpdTime)
    {
        using var fill = new SKPaint { Color = Ink.Gold.WithAlpha(28), IsAntialias = true };
        using var ring = new SKPaint { Color = Ink.Gold, IsAntialias = true, Style = SKPaintStyle.Stroke, StrokeWidth = 1.4f };
        canvas.DrawCircle(x, y, 40, fill);
        canvas.DrawCircle(x, y, 40, ring);
        ring.StrokeWidth = 0.6f;
        canvas.DrawCircle(x, y, 35, ring);
        text.Draw(canvas, "CPD", x, y - 3, Face.SerifBold, 16, Ink.Navy, Align.Centre);
        text.Draw(canvas, cpdTime.Replace(" hours", " h").Replace(" hour", " h").Replace(" minutes", " min").Replace(" minute", " min"),
            x, y + 11, Face.Sans, 7.5f, Ink.Navy, Align.Centre);
    }

    static void OutcomesPages(SKDocument document, TextPainter text, CertificateSheet sheet)
    {
        var flow = new PdfFlow(document, text, A4Landscape, new SKRect(56, 100, 786, 548), columns: 2, gutter: 30, (canvas, page) =>
        {
            Frame(canvas);
            text.Draw(canvas, "Learning outcomes and professional standards", 56, 64, Face.SerifBold, 18, Ink.Navy);
            var subtitle = $"{sheet.LearnerName}  ·  {sheet.CourseTitle}  ·  Certificate {sheet.CertificateId}  ·  page {page + 1}";
            text.Draw(canvas, subtitle, 56, 82, Face.Sans, text.Fit(subtitle, Face.Sans, 8.5f, 730, 6), Ink.Grey);
            if (sheet.Revoked) RevokedMark(canvas, text);
        });
        flow.Begin();
        flow.Paragraph("On completing the course, you will be able to:", Face.SansBold, 9.5f, Ink.Navy, after: 2);
        flow.Rule(Ink.Gold);
        for (var i = 0; i < sheet.CourseOutcomes.Count; i++)
            flow.Paragraph(sheet.CourseOutcomes[i], Face.Sans, 8.5f, Ink.Text, indent: 14, marker: $"{i + 1}.", after: 2);
        foreach (var group in sheet.ModuleOutcomes)
        {
            flow.Space(6);
            flow.Need(60);
            flow.Paragraph(group.ModuleTitle, Face.SansBold, 9.5f, Ink.Navy, after: 2);
            flow.Rule(Ink.Gold);
            foreach (var outcome in group.Outcomes)
                flow.Paragraph(outcome, Face.Sans, 8.5f, Ink.Text, indent: 10, marker: "•", after: 1);
            if (group.Standards.Count == 0) continue;
            flow.Paragraph("Standards addressed", Face.SansBold, 7.5f, Ink.Grey, after: 0);
            foreach (var standard in group.Standards)
                flow.Paragraph($"{standard.Reference} ({standard.Document}): “{standard.Quote}”", Face.Sans, 7.5f, Ink.Grey, indent: 10, marker: "–", after: 1);
        }
        flow.End();
    }

    static void Frame(SKCanvas canvas)
    {
        using var outer = new SKPaint { Color = Ink.Navy, Style = SKPaintStyle.Stroke, StrokeWidth = 3, IsAntialias = true };
        using var inner = new SKPaint { Color = Ink.Gold, Style = SKPaintStyle.Stroke, StrokeWidth = 0.8f, IsAntialias = true };
        canvas.DrawRect(SKRect.Create(18, 18, A4Landscape.Width - 36, A4Landscape.Height - 36), outer);
        canvas.DrawRect(SKRect.Create(25, 25, A4Landscape.Width - 50, A4Landscape.Height - 50), inner);
    }

    static void RevokedMark(SKCanvas canvas, TextPainter text)
    {
        canvas.Save();
        canvas.RotateDegrees(-24, 421, 300);
        text.Draw(canvas, "REVOKED", 421, 330, Face.SansBold, 110, Ink.Revoked.WithAlpha(70), Align.Centre);
        canvas.Restore();
    }

    static void Line(SKCanvas canvas, float x1, float y1, float x2, float y2, SKColor color, float width)
    {
        using var paint = new SKPaint { Color = color, StrokeWidth = width, IsAntialias = true, Style = SKPaintStyle.Stroke };
        canvas.DrawLine(x1, y1, x2, y2, paint);
    }
}
