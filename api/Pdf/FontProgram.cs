using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using HarfBuzzSharp;

namespace ELearning.Api.Pdf;

public enum Face { Serif, SerifBold, SerifItalic, Sans, SansBold }

/// <summary>
/// One of the OFL fonts shipped in the assembly (Pdf/Fonts): its bytes, a HarfBuzz face and font at design
/// units (so advances are exact integers, the same numbers the PDF's width array carries), the metrics a PDF
/// font descriptor needs, and a cache of character → glyph. Loaded once per process and shared: HarfBuzz
/// faces and fonts are immutable once made and safe to shape with from several threads.
/// </summary>
public sealed class FontProgram
{
    static readonly ConcurrentDictionary<string, Lazy<FontProgram>> Loaded = new();

    readonly ConcurrentDictionary<int, (ushort Glyph, int Advance)> glyphs = new();
    readonly Blob blob;

    public string Name { get; }
    public int UnitsPerEm { get; }
    /// <summary>The language a screen reader should read this font's text in, for the Arabic and Hebrew fallbacks.</summary>
    public string? Language { get; }
    public bool RightToLeft => Language is not null;
    internal HarfBuzzSharp.Face HbFace { get; }
    internal Font HbFont { get; }
    internal (short XMin, short YMin, short XMax, short YMax) Box { get; }
    internal (short Ascent, short Descent, short CapHeight, float ItalicAngle, bool Serif, bool Italic) Descriptor { get; }

    FontProgram(string name)
    {
        Name = name;
        using var stream = typeof(FontProgram).Assembly.GetManifestResourceStream($"ELearning.Api.Pdf.Fonts.{name}.ttf")
            ?? throw new InvalidOperationException($"Font {name} is not embedded in the assembly.");
        // The font's bytes in native memory kept for the life of the process (fonts are loaded once): HarfBuzz
        // reads them whenever it shapes or subsets, so nothing may free or move them.
        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        var data = Marshal.AllocHGlobal(bytes.Length);
        Marshal.Copy(bytes, 0, data, bytes.Length);
        blob = new Blob(data, bytes.Length, MemoryMode.ReadOnly);
        blob.MakeImmutable();
        HbFace = new HarfBuzzSharp.Face(blob, 0);
        HbFace.MakeImmutable();
        HbFont = new Font(HbFace);
        HbFont.SetFunctionsOpenType();
        UnitsPerEm = HbFace.UnitsPerEm;
        HbFont.SetScale(UnitsPerEm, UnitsPerEm);
        hb_font_make_immutable(HbFont.Handle); // shared by every document, on any thread
        Language = name.StartsWith("NotoSansArabic") ? "ar" : name.StartsWith("NotoSansHebrew") ? "he" : null;

        var head = Table("head");
        Box = (I16(head, 36), I16(head, 38), I16(head, 40), I16(head, 42));
        var hhea = Table("hhea");
        var os2 = Table("OS/2");
        var post = Table("post");
        Descriptor = (I16(hhea, 4), I16(hhea, 6), os2.Length >= 90 ? I16(os2, 88) : I16(hhea, 4),
            BinaryPrimitives.ReadInt32BigEndian(post.AsSpan(4)) / 65536f, name.Contains("Serif"), name.Contains("Italic"));
    }

    public static FontProgram Get(string name) => Loaded.GetOrAdd(name, static n => new Lazy<FontProgram>(() => new FontProgram(n))).Value;

    public static FontProgram For(Face face) => Get(face switch
    {
        Face.Serif => "NotoSerif-Regular",
        Face.SerifBold => "NotoSerif-Bold",
        Face.SerifItalic => "NotoSerif-Italic",
        Face.Sans => "NotoSans-Regular",
        _ => "NotoSans-Bold",
    });

    /// <summary>Where a character missing from the face is looked for: Arabic and Hebrew of the same weight.</summary>
    public static FontProgram[] Fallbacks(Face face) => face is Face.SerifBold or Face.SansBold
        ? [Get("NotoSansArabic-Bold"), Get("NotoSansHebrew-Bold"), Get("NotoSans-Bold")]
        : [Get("NotoSansArabic-Regular"), Get("NotoSansHebrew-Regular"), Get("NotoSans-Regular")];

    /// <summary>The glyph the font's cmap gives a character (0 when it has none) and its advance in design units.</summary>
    public (ushort Glyph, int Advance) Glyph(int codepoint) => glyphs.GetOrAdd(codepoint, static (c, font) =>
    {
        if (!font.HbFont.TryGetNominalGlyph(c, out var glyph)) return (0, 0);
        return ((ushort)glyph, font.HbFont.GetHorizontalGlyphAdvance(glyph));
    }, this);

    public bool Has(int codepoint) => Glyph(codepoint).Glyph != 0;

    public int Advance(ushort glyph) => HbFont.GetHorizontalGlyphAdvance(glyph);

    byte[] Table(string tag)
    {
        using var blob = HbFace.ReferenceTable(Tag.Parse(tag));
        return blob.AsSpan().ToArray();
    }

    static short I16(byte[] table, int offset) => BinaryPrimitives.ReadInt16BigEndian(table.AsSpan(offset));

    // HarfBuzzSharp makes faces immutable but has no managed call for fonts.
    [DllImport("libHarfBuzzSharp")] static extern void hb_font_make_immutable(IntPtr font);
}
