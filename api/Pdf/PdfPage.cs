using System.Globalization;
using System.Text;

namespace ELearning.Api.Pdf;

/// <summary>
/// One page's drawing, in points from the top-left corner (y down, as the layouts are written). Every
/// drawing call must happen inside <see cref="Tag"/> or <see cref="Artifact"/>. Text is kept as glyph runs
/// until the document is written, when the fonts have been subset and glyph ids renumbered.
/// </summary>
public sealed class PdfPage
{
    readonly TaggedPdf document;
    readonly StringBuilder ops = new();
    bool open;

    internal PdfPage(TaggedPdf document, int index, float width, float height) => (this.document, Index, Width, Height) = (document, index, width, height);

    public int Index { get; }
    public float Width { get; }
    public float Height { get; }
    /// <summary>Drawing operators (strings) and glyph runs, in drawing order.</summary>
    internal List<object> Content { get; } = [];
    /// <summary>The element each MCID on this page belongs to (the page's entry in the parent tree).</summary>
    internal List<StructElement> Mcids { get; } = [];

    /// <summary>Marks what is drawn until disposal as content of <paramref name="element"/>.</summary>
    public Scope Tag(StructElement element)
    {
        Begin();
        var mcid = Mcids.Count;
        Mcids.Add(element);
        element.Kids.Add(new MarkedContent(this, mcid));
        ops.Append('/').Append(element.Type).Append(" <</MCID ").Append(mcid);
        ops.Append(">> BDC\n");
        return new Scope(this, "EMC\n");
    }

    /// <summary>Marks what is drawn until disposal as an artifact: Layout (rules, frames), or Pagination with a subtype (Header, Footer, Watermark).</summary>
    public Scope Artifact(string type = "Layout", string? subtype = null)
    {
        Begin();
        ops.Append("/Artifact <</Type /").Append(type);
        if (subtype is not null) ops.Append(" /Subtype /").Append(subtype);
        ops.Append(">> BDC\n");
        return new Scope(this, "EMC\n");
    }

    /// <summary>Rotates what is drawn until disposal by <paramref name="degrees"/> (negative: anticlockwise) about a point.</summary>
    public Scope Rotate(float degrees, float x, float y)
    {
        var (sin, cos) = MathF.SinCos(degrees * MathF.PI / 180);
        ops.Append("q ");
        Numbers(cos, sin, -sin, cos, x - cos * x + sin * y, y - sin * x - cos * y).Append(" cm\n");
        return new Scope(this, "Q\n");
    }

    public void Line(float x1, float y1, float x2, float y2, Colour colour, float width)
    {
        Paint(colour, () =>
        {
            Stroke(colour, width).Append(' ');
            Numbers(x1, y1).Append(" m ");
            Numbers(x2, y2).Append(" l S\n");
        });
    }

    public void Rectangle(float x, float y, float width, float height, Colour colour, float? strokeWidth = null)
    {
        Paint(colour, () =>
        {
            (strokeWidth is { } w ? Stroke(colour, w) : Fill(colour)).Append(' ');
            Numbers(x, y, width, height).Append(strokeWidth is null ? " re f\n" : " re S\n");
        });
    }

    /// <summary>Fills many rectangles as one path (a QR code's modules).</summary>
    public void Rectangles(IEnumerable<(float X, float Y, float Width, float Height)> rectangles, Colour colour)
    {
        Paint(colour, () =>
        {
            Fill(colour).Append('\n');
            foreach (var (x, y, w, h) in rectangles) Numbers(x, y, w, h).Append(" re\n");
            ops.Append("f\n");
        });
    }

    public void Circle(float cx, float cy, float r, Colour colour, float? strokeWidth = null)
    {
        // Four cubic Béziers, the usual approximation (error 0.03% of the radius).
        const float k = 0.5523f;
        var c = r * k;
        Paint(colour, () =>
        {
            (strokeWidth is { } w ? Stroke(colour, w) : Fill(colour)).Append(' ');
            Numbers(cx + r, cy).Append(" m ");
            Numbers(cx + r, cy + c, cx + c, cy + r, cx, cy + r).Append(" c ");
            Numbers(cx - c, cy + r, cx - r, cy + c, cx - r, cy).Append(" c ");
            Numbers(cx - r, cy - c, cx - c, cy - r, cx, cy - r).Append(" c ");
            Numbers(cx + c, cy - r, cx + r, cy - c, cx + r, cy).Append(strokeWidth is null ? " c f\n" : " c S\n");
        });
    }

    internal void Glyphs(GlyphRun run)
    {
        if (!open) throw Untagged();
        if (run.Glyphs.Length == 0) return;
        if (run.Colour.A < 255) ops.Append("q /").Append(Opacity(run.Colour.A)).Append(" gs\n");
        Flush();
        Content.Add(run);
        if (run.Colour.A < 255) ops.Append("Q\n");
    }

    /// <summary>Moves the operators written so far into <see cref="Content"/>, ahead of a glyph run or at the end.</summary>
    internal void Flush()
    {
        if (ops.Length == 0) return;
        Content.Add(ops.ToString());
        ops.Clear();
    }

    void Paint(Colour colour, Action draw)
    {
        if (!open) throw Untagged();
        if (colour.A < 255) ops.Append("q /").Append(Opacity(colour.A)).Append(" gs ");
        draw();
        if (colour.A < 255) ops.Append("Q\n");
    }

    string Opacity(byte alpha)
    {
        document.Opacities.Add(alpha);
        return "A" + alpha;
    }

    StringBuilder Fill(Colour c) => Numbers(c.R / 255f, c.G / 255f, c.B / 255f).Append(" rg");

    StringBuilder Stroke(Colour c, float width) => Numbers(c.R / 255f, c.G / 255f, c.B / 255f).Append(" RG ").Append(CultureInfo.InvariantCulture, $"{MathF.Round(width, 3):0.###}").Append(" w");

    StringBuilder Numbers(params ReadOnlySpan<float> values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            if (i > 0) ops.Append(' ');
            AppendNumber(ops, values[i]);
        }
        return ops;
    }

    internal static string Number(float value) => MathF.Round(value, 3).ToString("0.###", CultureInfo.InvariantCulture);

    /// <summary>What <see cref="Number"/> gives, formatted straight into the builder (no string per number).</summary>
    internal static StringBuilder AppendNumber(StringBuilder builder, float value) =>
        builder.Append(CultureInfo.InvariantCulture, $"{MathF.Round(value, 3):0.###}");

    void Begin()
    {
        // PDF/UA: an artifact inside tagged content, or tagged content inside an artifact, is an error; so is an MCID inside another.
        if (open) throw new InvalidOperationException("Marked content is already open on this page: close it before tagging or marking an artifact.");
        open = true;
    }

    static InvalidOperationException Untagged() =>
        new("Drawing outside a tagged element or an artifact: PDF/UA needs every mark on the page to be one or the other.");

    /// <summary>Closes what <see cref="Tag"/>, <see cref="Artifact"/> or <see cref="Rotate"/> opened; <c>default</c> closes nothing.</summary>
    public readonly struct Scope(PdfPage? page, string close) : IDisposable
    {
        public void Dispose()
        {
            if (page is null) return;
            page.ops.Append(close);
            if (close == "EMC\n") page.open = false;
        }
    }
}
