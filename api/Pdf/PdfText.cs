using System.Collections.Concurrent;
using System.Text;
using SkiaSharp;
using SkiaSharp.HarfBuzz;


namespace ELearning.Api.Pdf;

public enum Face { Serif, SerifBold, SerifItalic, Sans, SansBold }

public enum Align { Left, Centre, Right }

/// <summary>The OFL fonts shipped in the assembly (Pdf/Fonts), loaded once.</summary>
public static class EmbeddedFonts
{
    static readonly ConcurrentDictionary<string, byte[]> Files = new();
    static readonly ConcurrentDictionary<string, SKTypeface> Loaded = new();

    public static byte[] Bytes(string name) => Files.GetOrAdd(name, static n =>
    {
        using var stream = typeof(EmbeddedFonts).Assembly.GetManifestResourceStream($"ELearning.Api.Pdf.Fonts.{n}.ttf")
            ?? throw new InvalidOperationException($"Font {n} is not embedded in the assembly.");
        var memory = new MemoryStream();
        stream.CopyTo(memory);
        return memory.ToArray();
    });

    /// <summary>The whole font: used to decide which font has a character, and to measure.</summary>
    public static SKTypeface Get(string name) => Loaded.GetOrAdd(name, static n => SKTypeface.FromData(SKData.CreateCopy(Bytes(n))));

    public static string For(Face face) => face switch
    {
        Face.Serif => "NotoSerif-Regular",
        Face.SerifBold => "NotoSerif-Bold",
        Face.SerifItalic => "NotoSerif-Italic",
        Face.Sans => "NotoSans-Regular",
        _ => "NotoSans-Bold",
    };

    /// <summary>Where a character missing from the face is looked for: Arabic and Hebrew of the same weight.</summary>
    public static string[] Fallbacks(Face face) => face is Face.SerifBold or Face.SansBold
        ? ["NotoSansArabic-Bold", "NotoSansHebrew-Bold", "NotoSans-Bold"]
        : ["NotoSansArabic-Regular", "NotoSansHebrew-Regular", "NotoSans-Regular"];
}

/// <summary>
/// Renders a PDF twice: first to learn which characters each font draws, then for real with fonts subset
/// to exactly those characters (see <see cref="FontSubsetter"/>). Subsets keep every advance width, so the
/// second layout is identical to the first.
/// </summary>
public static class PdfRender
{
    public static byte[] TwoPass(SKDocumentPdfMetadata metadata, Action<SKDocument, TextPainter> draw)
    {
        var used = new Dictionary<string, HashSet<int>>();
        using (var rehearsal = SKDocument.CreatePdf(Stream.Null, metadata))
        using (var painter = new TextPainter(EmbeddedFonts.Get, used))
        {
            draw(rehearsal, painter);
            rehearsal.Abort();
        }

        var subsets = used.ToDictionary(u => u.Key, u => FontSubsetter.Subset(u.Key, u.Value));
        try
        {
            using var output = new MemoryStream();
            using (var document = SKDocument.CreatePdf(output, metadata))
            using (var painter = new TextPainter(name => subsets[name], null))
            {
                draw(document, painter);
                document.Close();
            }
            return output.ToArray();
        }
        finally
        {
            foreach (var typeface in subsets.Values) typeface.Dispose();
        }
    }
}

/// <summary>
/// Draws and measures text for the PDFs. Skia draws glyphs but neither shapes nor reorders text, so: each
/// string is split into runs by the font that has its characters (Noto Serif/Sans, then Noto Sans Arabic or
/// Hebrew); Arabic and Hebrew runs are shaped by HarfBuzz (joining forms, right-to-left glyph order); and a
/// paragraph whose first strong character is right-to-left lays its runs out right to left. That covers
/// names in one script or mixing one RTL and one LTR script; full Unicode bidi (UAX #9) is not attempted.
/// One painter per document: it keeps the HarfBuzz shapers it creates.
/// </summary>
public sealed class TextPainter(Func<string, SKTypeface> typefaces, Dictionary<string, HashSet<int>>? used) : IDisposable
{
    readonly Dictionary<string, SKShaper> shapers = [];

    sealed record Run(string Text, string Font, bool Shaped);

    public float Measure(string text, Face face, float size)
    {
        var width = 0f;
        foreach (var run in Runs(text, face))
        {
            using var font = Font(typefaces(run.Font), size);
            width += run.Shaped ? Shaper(run.Font).Shape(run.Text, font).Width : font.MeasureText(run.Text);
        }
        return width;
    }

    public void Draw(SKCanvas canvas, string text, float x, float y, Face face, float size, SKColor color, Align align = Align.Left)
    {
        var width = align == Align.Left ? 0 : Measure(text, face, size);
        x -= align switch { Align.Centre => width / 2, Align.Right => width, _ => 0 };
        using var paint = new SKPaint { Color = color, IsAntialias = true };
        foreach (var run in Runs(text, face))
        {
            using var font = Font(typefaces(run.Font), size);
            if (run.Shaped)
            {
                x += DrawShaped(canvas, Shaper(run.Font), run.Text, x, y, font, paint);
            }
            else
            {
                canvas.DrawText(run.Text, x, y, SKTextAlign.Left, font, paint);
                x += font.MeasureText(run.Text);
            }
        }
    }

    /// <summary>
    /// Draws a shaped run as a text blob that carries the UTF-8 text and HarfBuzz's clusters, so the PDF maps
    /// joined Arabic forms (glyphs with no character of their own) back to the name: it can be selected,
    /// copied and searched like the Latin text.
    /// </summary>
    static float DrawShaped(SKCanvas canvas, SKShaper shaper, string text, float x, float y, SKFont font, SKPaint paint)
    {
        var utf8 = Encoding.UTF8.GetBytes(text);
        using var buffer = new HarfBuzzSharp.Buffer();
        buffer.AddUtf8(utf8);
        buffer.GuessSegmentProperties();
        var shaped = shaper.Shape(buffer, font);
        using var builder = new SKTextBlobBuilder();
        var run = builder.AllocatePositionedTextRun(font, shaped.Codepoints.Length, utf8.Length, null);
        run.SetGlyphs(shaped.Codepoints.Select(c => (ushort)c).ToArray());
        run.SetPositions(shaped.Points);
        run.SetText(utf8);
        run.SetClusters(shaped.Clusters);
        using var blob = builder.Build();
        if (blob is not null) canvas.DrawText(blob, x, y, paint);
        return shaped.Width;
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
    /// wrapping linear in the length of the text.
    /// </summary>
    public List<string> Wrap(string text, Face face, float size, float width)
    {
        var lines = new List<string>();
        var space = Measure(" ", face, size);
        foreach (var paragraph in text.Replace("\r\n", "\n").Split('\n'))
        {
            var line = "";
            var lineWidth = 0f;
            foreach (var word in paragraph.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var wordWidth = Measure(word, face, size);
                if (line.Length > 0 && lineWidth + space + wordWidth <= width)
                {
                    line += " " + word;
                    lineWidth += space + wordWidth;
                    continue;
                }
                if (line.Length > 0) lines.Add(line);
                (line, lineWidth) = (word, wordWidth);
                while (line.Length > 1 && lineWidth > width)
                {
                    var cut = line.Length - 1;
                    while (cut > 1 && Measure(line[..cut], face, size) > width) cut--;
                    if (char.IsHighSurrogate(line[cut - 1])) cut--;
                    lines.Add(line[..cut]);
                    line = line[cut..];
                    lineWidth = Measure(line, face, size);
                }
            }
            lines.Add(line);
        }
        return lines;
    }

    List<Run> Runs(string text, Face face)
    {
        text = text.Normalize(NormalizationForm.FormC);
        var primary = EmbeddedFonts.For(face);
        var fallbacks = EmbeddedFonts.Fallbacks(face);
        var runs = new List<Run>();
        var current = new StringBuilder();
        string? typeface = null;
        var rtl = false;
        bool? paragraphRtl = null;
        foreach (var rune in text.EnumerateRunes())
        {
            var isRtl = IsRightToLeft(rune);
            if (Rune.IsLetter(rune)) paragraphRtl ??= isRtl;
            // Spaces and punctuation stay in the run they are in, so a name is not split at every space.
            var neutral = Rune.IsWhiteSpace(rune) || Rune.IsPunctuation(rune) || Rune.IsDigit(rune);
            var chosen = neutral && typeface is not null && Has(typeface, rune)
                ? typeface
                : Has(primary, rune) && !isRtl ? primary
                : fallbacks.FirstOrDefault(f => Has(f, rune)) ?? primary;
            if (used is not null)
            {
                if (!used.TryGetValue(chosen, out var set)) used[chosen] = set = [];
                set.Add(rune.Value);
            }
            if (typeface is not null && chosen != typeface)
            {
                runs.Add(new(current.ToString(), typeface, rtl || typeface != primary));
                current.Clear();
                rtl = false;
            }
            typeface = chosen;
            rtl |= isRtl;
            current.Append(rune.ToString());
        }
        if (typeface is not null) runs.Add(new(current.ToString(), typeface, rtl || typeface != primary));
        if (paragraphRtl == true) runs.Reverse();
        return runs;
    }

    static readonly ConcurrentDictionary<SKTypeface, SKFont> GlyphLookup = new();

    static bool Has(string font, Rune rune) => GlyphLookup.GetOrAdd(EmbeddedFonts.Get(font), t => new SKFont(t)).ContainsGlyph(rune.Value);

    static bool IsRightToLeft(Rune r) => r.Value is >= 0x0590 and <= 0x08FF or >= 0xFB1D and <= 0xFDFF or >= 0xFE70 and <= 0xFEFF;

    static SKFont Font(SKTypeface typeface, float size) =>
        new(typeface, size) { Subpixel = true, Edging = SKFontEdging.Antialias, LinearMetrics = true };

    SKShaper Shaper(string font)
    {
        if (!shapers.TryGetValue(font, out var shaper)) shapers[font] = shaper = new SKShaper(typefaces(font));
        return shaper;
    }

    public void Dispose()
    {
        foreach (var shaper in shapers.Values) shaper.Dispose();
    }
}
