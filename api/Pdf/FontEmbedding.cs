using System.Collections.Concurrent;
using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;

namespace ELearning.Api.Pdf;

/// <summary>
/// What a document embeds for one font that depends only on the glyphs it draws and the text they stand for:
/// the subset program (compressed), its PDF name, the width array and the ToUnicode map (compressed), and where
/// each of the whole font's glyph ids went. Immutable, shared by every document that draws the same glyphs.
/// </summary>
internal sealed record FontEmbedding(string Name, int Length1, byte[] FontFile, string Widths, byte[] ToUnicode, IReadOnlyDictionary<ushort, ushort> NewGlyphIds)
{
    const int Capacity = 256;
    static readonly ConcurrentDictionary<string, FontEmbedding> Cache = new();

    /// <summary>
    /// The embedding for what a document draws with <paramref name="use"/>'s font. Every subset also carries the
    /// font's printable ASCII (a few KB), so documents that differ only in plain names, numbers and ids draw the
    /// same glyph set and share one embedding: subsetting and compressing a font happens once, not per document.
    /// </summary>
    public static FontEmbedding For(TaggedPdf.FontUse use)
    {
        var font = use.Font;
        for (var c = 0x20; c <= 0x7E; c++)
        {
            var (glyph, _) = font.Glyph(c);
            if (glyph != 0 && use.Text.TryAdd(glyph, ((char)c).ToString())) use.Codepoints.Add(c);
        }
        var key = Key(use);
        if (Cache.TryGetValue(key, out var embedding)) return embedding;
        embedding = Make(use);
        if (Cache.Count >= Capacity) Cache.Clear();
        Cache.TryAdd(key, embedding);
        return embedding;
    }

    static string Key(TaggedPdf.FontUse use)
    {
        var key = new StringBuilder(use.Font.Name).Append('\n');
        foreach (var (glyph, text) in use.Text.OrderBy(g => g.Key)) key.Append(glyph).Append('=').Append(text).Append('\n');
        foreach (var codepoint in use.Codepoints.Order()) key.Append(codepoint).Append(',');
        return key.ToString();
    }

    static FontEmbedding Make(TaggedPdf.FontUse use)
    {
        var program = use.Font;
        var subset = FontSubsetter.Subset(program, use.Text.Keys, use.Codepoints);
        var scale = 1000f / program.UnitsPerEm;
        var glyphs = use.Text.Keys.Select(old => (Old: old, New: subset.NewGlyphIds[old])).OrderBy(g => g.New).ToList();
        // A subset's name starts with six capital letters that differ with its glyphs (ISO 32000-1 9.6.4).
        var hash = SHA256.HashData(Encoding.ASCII.GetBytes(program.Name + string.Join(",", glyphs.Select(g => g.Old))));
        var name = new string([.. hash.Take(6).Select(b => (char)('A' + b % 26))]) + "+" + program.Name;

        var widths = new StringBuilder();
        for (var i = 0; i < glyphs.Count; i++)
        {
            if (i == 0 || glyphs[i].New != glyphs[i - 1].New + 1) widths.Append(i == 0 ? "" : "] ").Append(glyphs[i].New).Append(" [");
            else widths.Append(' ');
            widths.Append(PdfPage.Number(program.Advance(glyphs[i].Old) * scale));
        }
        if (glyphs.Count > 0) widths.Append(']');

        var cmap = new StringBuilder("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n" +
            "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n" +
            "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
        foreach (var chunk in glyphs.Chunk(100))
        {
            cmap.Append(chunk.Length).Append(" beginbfchar\n");
            foreach (var (old, @new) in chunk)
                cmap.Append('<').Append(@new.ToString("X4", CultureInfo.InvariantCulture)).Append("> <")
                    .Append(Convert.ToHexString(Encoding.BigEndianUnicode.GetBytes(use.Text[old]))).Append(">\n");
            cmap.Append("endbfchar\n");
        }
        cmap.Append("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");

        return new(name, subset.Data.Length, Deflate(subset.Data), widths.ToString(), Deflate(Encoding.ASCII.GetBytes(cmap.ToString())), subset.NewGlyphIds);
    }

    internal static byte[] Deflate(ReadOnlySpan<byte> data)
    {
        using var memory = new MemoryStream(data.Length / 2 + 64);
        using (var zlib = new ZLibStream(memory, CompressionLevel.Optimal)) zlib.Write(data);
        return memory.ToArray();
    }

    /// <summary>ASCII text (a content stream's operators) deflated straight from the builder, without a string or a byte copy of it.</summary>
    internal static byte[] Deflate(StringBuilder ascii)
    {
        using var memory = new MemoryStream(ascii.Length / 3 + 64);
        Span<byte> buffer = stackalloc byte[1024];
        using (var zlib = new ZLibStream(memory, CompressionLevel.Optimal))
        {
            foreach (var chunk in ascii.GetChunks())
                for (var at = 0; at < chunk.Length; at += buffer.Length)
                {
                    var part = chunk.Span[at..Math.Min(chunk.Length, at + buffer.Length)];
                    zlib.Write(buffer[..Encoding.ASCII.GetBytes(part, buffer)]);
                }
        }
        return memory.ToArray();
    }
}
