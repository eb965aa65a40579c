using System.Text;

namespace ELearning.Api.Pdf;

public enum Align { Left, Centre, Right }

/// <summary>A glyph placed in a run, in the whole font's glyph ids and design units from the run's origin.</summary>
public readonly record struct PlacedGlyph(ushort Glyph, int X, int Y);

/// <summary>A run of glyphs in one font, placed at <see cref="X"/>, <see cref="Y"/> (baseline, top-left page coordinates).</summary>
public sealed record GlyphRun(FontProgram Font, float Size, Colour Colour, float X, float Y, PlacedGlyph[] Glyphs);

/// <summary>
/// Measures, wraps and draws text. Each string is split into runs by the font that has its characters (Noto
/// Serif/Sans, then Noto Sans Arabic or Hebrew). Arabic and Hebrew runs are shaped by HarfBuzz (joining forms,
/// ligatures, right-to-left glyph order); other runs take each character's glyph and advance from the cmap,
/// as Skia drew them before. A paragraph whose first strong character is right-to-left lays its runs out
/// right to left. That covers names in one script or mixing one RTL and one LTR script; full Unicode bidi
/// (UAX #9) is not attempted. Drawing a string with a structure element marks it as that element's content,
/// and a right-to-left run inside it as a Span with its language and its text in logical order (ActualText),
/// so a screen reader reads and a search finds the name as it was written.
/// </summary>
public sealed class TextPainter
{
    readonly TaggedPdf document;

    internal TextPainter(TaggedPdf document) => this.document = document;

    public float Measure(string text, Face face, float size) => ShapedText.Measure(text, face, size);

    /// <summary>
    /// Draws <paramref name="text"/> with its baseline at <paramref name="y"/>. With <paramref name="tag"/>, the text is
    /// that element's content; without, it is drawn into the marked content the page has open (an artifact or a figure).
    /// </summary>
    public void Draw(PdfPage page, string text, float x, float y, Face face, float size, Colour colour, Align align = Align.Left, StructElement? tag = null)
    {
        var pieces = ShapedText.Of(text, face);
        var width = 0f;
        foreach (var piece in pieces) width += piece.Width(size);
        x -= align switch { Align.Centre => width / 2, Align.Right => width, _ => 0 };
        var i = 0;
        while (i < pieces.Length)
        {
            // Consecutive runs of one kind share a marked-content sequence: left-to-right text belongs to the
            // element itself; a right-to-left run (or one with a character no font has, which PDF/UA forbids
            // drawing as .notdef) to a Span of its own language that carries its text in logical order.
            var own = pieces[i].NeedsSpan;
            var j = i;
            while (j < pieces.Length && pieces[j].NeedsSpan == own) j++;
            var span = tag is null ? null
                : own ? tag.Add("Span", lang: pieces[i].Font.Language, actualText: string.Concat(pieces[i..j].Select(r => r.Text)))
                : tag;
            using (span is null ? default : page.Tag(span))
            {
                for (; i < j; i++)
                {
                    var piece = pieces[i];
                    foreach (var use in piece.Uses) document.Use(piece.Font, use);
                    page.Glyphs(new GlyphRun(piece.Font, size, colour, x, y, piece.Glyphs));
                    x += piece.Width(size);
                }
            }
        }
    }

    /// <summary>The largest size up to <paramref name="size"/>, and no smaller than <paramref name="min"/>, at which the text fits.</summary>
    public float Fit(string text, Face face, float size, float width, float min)
    {
        var measured = Measure(text, face, size);
        return measured <= width ? size : Math.Max(min, size * width / measured);
    }

    /// <summary>
    /// Breaks text into lines no wider than <paramref name="width"/>, at spaces, or inside a word too long for a
    /// line. Words are measured once each and added up (kerning across a space is negligible), which keeps
    /// wrapping linear in the length of the text. With <paramref name="keepSpaces"/>, a line that ends between
    /// words keeps the space (invisible at the end of a left-aligned line), so the lines of a paragraph read
    /// back as one text, "a service user" rather than "a serviceuser".
    /// </summary>
    public IReadOnlyList<string> Wrap(string text, Face face, float size, float width, bool keepSpaces = false) =>
        ShapedText.Wrapped(text, face, size, width, keepSpaces);
}
