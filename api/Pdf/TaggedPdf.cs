namespace ELearning.Api.Pdf;

/// <summary>What the viewer's title bar, the document properties and the XMP metadata say about a document.</summary>
public sealed record PdfInfo(string Title, string? Author, string? Subject, string Creator, DateTimeOffset Created, string Language = "en-GB")
{
    public const string Producer = "ELearning tagged PDF writer (HarfBuzz shaping and subsetting)";
}

/// <summary>
/// A tagged PDF (PDF/UA-1, ISO 14289-1) being built: pages of vector drawing and shaped text, and the logical
/// structure a screen reader follows.
/// <para>
/// Why hand-written: the certificate needs right-to-left names shaped (Arabic joining forms) and ordered right,
/// text a screen reader and a search can read, and a structure tree. SkiaSharp draws shaped text but cannot tag
/// it (it does not expose Skia's structure API), and adding a tree to Skia's finished file means rewriting its
/// content streams. PDFsharp 6 can tag (its UniversalAccessibility namespace), but draws text by character
/// with no shaping, so an Arabic name would come out as unjoined letters in the wrong order. Our documents
/// need little of PDF: text, lines, rectangles, circles, one rotation and two opacities. So the text is shaped
/// by HarfBuzz (as before), fonts are subset by hb-subset to the glyphs drawn (as before), and this writer,
/// about 550 lines with <see cref="PdfPage"/> and <see cref="PdfWriter"/>, emits Type 0 / CIDFontType2 fonts
/// (Identity-H, a ToUnicode map so text extracts as written), marked content with MCIDs or as artifacts, the
/// structure tree and its parent tree, /Lang, DisplayDocTitle and XMP with pdfuaid:part 1. Right-to-left runs
/// keep their glyphs in visual order (as viewers and pdftotext expect) and give a screen reader the logical
/// text through the Span's ActualText. Laying a document out once and writing it directly is also cheaper
/// than Skia's two passes: about 0.4 of the CPU time per certificate (bench/certificates.sh, same sitting).
/// </para>
/// <para>
/// Content must be either an element's (<see cref="PdfPage.Tag"/>, or text drawn with a tag) or an artifact
/// (<see cref="PdfPage.Artifact"/>): a page refuses to draw outside both, so nothing reaches the file untagged.
/// Marked content is never nested (PDF/UA forbids tagged content inside an artifact and the reverse).
/// Reading order is the order elements are added to the tree, whatever the drawing order.
/// </para>
/// </summary>
public sealed class TaggedPdf
{
    internal sealed class FontUse(FontProgram font, int index)
    {
        public FontProgram Font { get; } = font;
        public string Resource { get; } = "F" + index;
        public Dictionary<ushort, string> Text { get; } = [];
        public HashSet<int> Codepoints { get; } = [];
    }

    internal readonly List<PdfPage> Pages = [];
    internal readonly Dictionary<FontProgram, FontUse> Fonts = [];
    internal readonly SortedSet<byte> Opacities = [];

    public TaggedPdf(PdfInfo info)
    {
        Info = info;
        Root = new StructElement("Document", null);
        Text = new TextPainter(this);
    }

    public PdfInfo Info { get; }
    /// <summary>The Document element: everything a reader reads is under it.</summary>
    public StructElement Root { get; }
    public TextPainter Text { get; }

    public PdfPage AddPage(float width, float height)
    {
        var page = new PdfPage(this, Pages.Count, width, height);
        Pages.Add(page);
        return page;
    }

    /// <summary>
    /// Records that a glyph is drawn for some text: a shaped cluster's (one or more characters), or a character
    /// drawn with its cmap glyph, which the subset's cmap then keeps.
    /// </summary>
    internal void Use(FontProgram font, GlyphUse glyph)
    {
        var use = FontFor(font);
        // A glyph reached from several strings (rare: two characters with one glyph) keeps the first.
        if (!use.Text.TryAdd(glyph.Glyph, glyph.Text)) return;
        if (glyph.Character is { } character) use.Codepoints.Add(character.Value);
    }

    FontUse FontFor(FontProgram font)
    {
        if (!Fonts.TryGetValue(font, out var use)) Fonts[font] = use = new FontUse(font, Fonts.Count);
        return use;
    }

    public byte[] ToArray() => PdfWriter.Write(this);
}

/// <summary>A structure element (ISO 32000-1 14.8.4 standard types only, so no role map is needed).</summary>
public sealed class StructElement
{
    internal StructElement(string type, StructElement? parent) => (Type, Parent) = (type, parent);

    public string Type { get; }
    internal StructElement? Parent { get; }
    /// <summary>Child elements and marked-content references, in reading order.</summary>
    internal List<object> Kids { get; } = [];
    internal string? Alt { get; private init; }
    internal string? Lang { get; private init; }
    internal string? ActualText { get; private init; }
    /// <summary>The attribute dictionary's entries, as PDF (e.g. <c>/O /Table /Scope /Column</c>).</summary>
    internal string? Attributes { get; private init; }
    /// <summary>A figure's bounding box in top-left page coordinates (left, top, right, bottom).</summary>
    internal (float Left, float Top, float Right, float Bottom)? Box { get; private init; }

    public StructElement Add(string type, string? alt = null, string? lang = null, string? actualText = null, string? attributes = null)
    {
        var child = new StructElement(type, this) { Alt = alt, Lang = lang, ActualText = actualText, Attributes = attributes };
        Kids.Add(child);
        return child;
    }

    public StructElement Heading(int level) => Add("H" + level);
    public StructElement Paragraph() => Add("P");
    public StructElement Table() => Add("Table");
    public StructElement Row() => Add("TR");
    /// <summary>A header cell for its column or its row (PDF/UA asks for the scope of every TH).</summary>
    public StructElement HeaderCell(bool row = false) => Add("TH", attributes: row ? "/O /Table /Scope /Row" : "/O /Table /Scope /Column");
    public StructElement Cell() => Add("TD");
    /// <summary>A list; <paramref name="numbering"/> is the ListNumbering attribute: Decimal, Disc, None…</summary>
    public StructElement List(string numbering) => Add("L", attributes: "/O /List /ListNumbering /" + numbering);

    public StructElement Figure(string alt, float left, float top, float right, float bottom)
    {
        var figure = new StructElement("Figure", this) { Alt = alt, Box = (left, top, right, bottom) };
        Kids.Add(figure);
        return figure;
    }

    internal bool HasContent => Kids.Any(k => k is MarkedContent || ((StructElement)k).HasContent);
}

/// <summary>A marked-content sequence on a page, by its MCID.</summary>
internal sealed record MarkedContent(PdfPage Page, int Mcid);

/// <summary>A fill or stroke colour, sRGB, with an opacity.</summary>
public readonly record struct Colour(byte R, byte G, byte B, byte A = 255)
{
    public Colour WithAlpha(byte alpha) => this with { A = alpha };
}
