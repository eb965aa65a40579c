namespace ELearning.Api.Pdf;

/// <summary>Colours shared by the certificate and the CPD record, so they read as one set of documents.</summary>
public static class Ink
{
    public static readonly Colour Navy = new(0x1B, 0x36, 0x5D);
    public static readonly Colour Gold = new(0xA8, 0x89, 0x4B);
    public static readonly Colour Text = new(0x22, 0x26, 0x2E);
    public static readonly Colour Grey = new(0x5A, 0x62, 0x70);
    public static readonly Colour Rule = new(0xD5, 0xDA, 0xE1);
    public static readonly Colour Revoked = new(0xB4, 0x23, 0x18);
}

/// <summary>A rectangle on a page, in points from the top-left corner.</summary>
public readonly record struct Area(float Left, float Top, float Right, float Bottom)
{
    public float Width => Right - Left;
}

/// <summary>
/// Flows wrapped paragraphs down columns and onto new pages, for the parts of a document whose length
/// depends on what the delegate wrote or how many outcomes a course has. Each line is marked as content of
/// the element it belongs to, so a paragraph that continues in the next column or on the next page is
/// still one paragraph to a screen reader; list markers are the item's Lbl, its text the LBody.
/// </summary>
public sealed class PdfFlow(TaggedPdf document, float pageWidth, float pageHeight, Area area, int columns, float gutter, Action<PdfPage, int> startPage)
{
    int pageNumber;
    int column;
    float y;

    public PdfPage? Page { get; private set; }
    public TextPainter Text => document.Text;
    float ColumnWidth => (area.Width - gutter * (columns - 1)) / columns;
    float X => area.Left + column * (ColumnWidth + gutter);

    public void Begin()
    {
        Page = document.AddPage(pageWidth, pageHeight);
        startPage(Page, ++pageNumber);
        column = 0;
        y = area.Top;
    }

    /// <summary>Moves to the next column (or page) unless <paramref name="height"/> points are left in this one.</summary>
    public void Need(float height)
    {
        if (Page is null) Begin();
        if (y + height <= area.Bottom) return;
        if (++column < columns) { y = area.Top; return; }
        Begin();
    }

    public void Space(float height) => y += height;

    public void Paragraph(string content, Face face, float size, Colour colour, StructElement tag, float indent = 0, float after = 4) =>
        Lines(content, face, size, colour, tag, indent, null, null, after);

    /// <summary>An item of <paramref name="list"/>: the marker hangs left of the indent, the text wraps at the indent.</summary>
    /// <remarks>Without a marker the item is its text alone (an LI with only an LBody), for items whose number is part of the text.</remarks>
    public void Item(StructElement list, string? marker, string content, Face face, float size, Colour colour, float indent, float after)
    {
        var item = list.Add("LI");
        var label = marker is null ? null : item.Add("Lbl");
        Lines(content, face, size, colour, item.Add("LBody"), indent, marker, label, after);
    }

    void Lines(string content, Face face, float size, Colour colour, StructElement tag, float indent, string? marker, StructElement? label, float after)
    {
        var leading = size * 1.38f;
        var lines = Text.Wrap(content, face, size, ColumnWidth - indent, keepSpaces: true);
        for (var i = 0; i < lines.Count; i++)
        {
            Need(leading);
            y += leading;
            if (i == 0 && marker is not null) Text.Draw(Page!, marker, X + indent - 3, y - size * 0.3f, face, size, colour, Align.Right, label);
            Text.Draw(Page!, lines[i], X + indent, y - size * 0.3f, face, size, colour, tag: tag);
        }
        y += after;
    }

    /// <summary>A thin rule across the column, under a heading: decoration, so an artifact.</summary>
    public void Rule(Colour colour, float after = 4)
    {
        Need(2);
        using (Page!.Artifact()) Page.Line(X, y + 1.5f, X + ColumnWidth, y + 1.5f, colour, 0.6f);
        y += after;
    }
}
