using SkiaSharp;

namespace ELearning.Api.Pdf;

/// <summary>Colours shared by the certificate and the CPD record, so they read as one set of documents.</summary>
public static class Ink
{
    public static readonly SKColor Navy = new(0x1B, 0x36, 0x5D);
    public static readonly SKColor Gold = new(0xA8, 0x89, 0x4B);
    public static readonly SKColor Text = new(0x22, 0x26, 0x2E);
    public static readonly SKColor Grey = new(0x5A, 0x62, 0x70);
    public static readonly SKColor Rule = new(0xD5, 0xDA, 0xE1);
    public static readonly SKColor Revoked = new(0xB4, 0x23, 0x18);
}

/// <summary>
/// Flows wrapped paragraphs down columns and onto new pages, for the parts of a document whose length
/// depends on what the delegate wrote or how many outcomes a course has.
/// </summary>
public sealed class PdfFlow(SKDocument document, TextPainter text, SKSize page, SKRect area, int columns, float gutter, Action<SKCanvas, int> startPage)
{
    int pageNumber;
    int column;
    float y;

    public SKCanvas? Canvas { get; private set; }
    public TextPainter Text => text;
    float ColumnWidth => (area.Width - gutter * (columns - 1)) / columns;
    float X => area.Left + column * (ColumnWidth + gutter);

    public void Begin()
    {
        Canvas = document.BeginPage(page.Width, page.Height);
        startPage(Canvas, ++pageNumber);
        column = 0;
        y = area.Top;
    }

    /// <summary>Moves to the next column (or page) unless <paramref name="height"/> points are left in this one.</summary>
    public void Need(float height)
    {
        if (Canvas is null) Begin();
        if (y + height <= area.Bottom) return;
        if (++column < columns) { y = area.Top; return; }
        document.EndPage();
        Begin();
    }

    public void Space(float height) => y += height;

    public void Paragraph(string content, Face face, float size, SKColor color, float indent = 0, string? marker = null, float after = 4)
    {
        var leading = size * 1.38f;
        var lines = text.Wrap(content, face, size, ColumnWidth - indent);
        for (var i = 0; i < lines.Count; i++)
        {
            Need(leading);
            y += leading;
            if (i == 0 && marker is not null) text.Draw(Canvas!, marker, X + indent - 3, y - size * 0.3f, face, size, color, Align.Right);
            text.Draw(Canvas!, lines[i], X + indent, y - size * 0.3f, face, size, color);
        }
        y += after;
    }

    /// <summary>A thin rule across the column, under a heading.</summary>
    public void Rule(SKColor color, float after = 4)
    {
        Need(2);
        using var paint = new SKPaint { Color = color, StrokeWidth = 0.6f, IsAntialias = true, Style = SKPaintStyle.Stroke };
        Canvas!.DrawLine(X, y + 1.5f, X + ColumnWidth, y + 1.5f, paint);
        y += after;
    }

    public void End()
    {
        if (Canvas is not null) document.EndPage();
        Canvas = null;
    }
}
