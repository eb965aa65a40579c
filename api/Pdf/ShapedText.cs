using System.Collections.Concurrent;
using System.Text;

namespace ELearning.Api.Pdf;

/// <summary>
/// A glyph a piece of text draws and the text it stands for; <see cref="Character"/> when it is that character's
/// own cmap glyph (so the subset's cmap keeps it), null for a glyph HarfBuzz chose for a cluster.
/// </summary>
internal readonly record struct GlyphUse(ushort Glyph, string Text, Rune? Character);

/// <summary>
/// One font's stretch of a string, laid out at design units from its own origin: what <see cref="TextPainter"/>
/// draws at any size and position. Immutable, so one instance serves every document and thread.
/// </summary>
internal sealed record ShapedPiece(FontProgram Font, string Text, PlacedGlyph[] Glyphs, int Advance, bool Missing, GlyphUse[] Uses)
{
    public bool NeedsSpan => Font.RightToLeft || Missing;
    public float Width(float size) => Advance * size / Font.UnitsPerEm;
}

/// <summary>
/// Splits strings into runs by font, shapes them and wraps them into lines, remembering the result. Nearly all
/// of a certificate's text is the same in every certificate (its fixed wording, the course's outcomes and
/// standards), so after the first document drawing it is a lookup, not font fallback, cmap lookups and
/// HarfBuzz shaping again. Each string is split into runs by the font that has its characters (Noto Serif/Sans,
/// then Noto Sans Arabic or Hebrew). Arabic and Hebrew runs are shaped by HarfBuzz (joining forms, ligatures,
/// right-to-left glyph order); other runs take each character's glyph and advance from the cmap. A paragraph
/// whose first strong character is right-to-left lays its runs out right to left.
/// The caches are bounded: when one is full it is emptied and fills again with what is in use (names and
/// certificate ids, which differ each time, only pass through).
/// </summary>
internal static class ShapedText
{
    const int Capacity = 8192;
    static readonly ConcurrentDictionary<(string Text, Face Face), ShapedPiece[]> Shaped = new();
    static readonly ConcurrentDictionary<(string Text, Face Face, float Size, float Width, bool KeepSpaces), string[]> Lines = new();

    public static ShapedPiece[] Of(string text, Face face) => Remember(Shaped, (text, face), static ((string Text, Face Face) key) => [.. Runs(key.Text, key.Face).Select(Place)]);

    public static string[] Wrapped(string text, Face face, float size, float width, bool keepSpaces) =>
        Remember(Lines, (text, face, size, width, keepSpaces), static ((string Text, Face Face, float Size, float Width, bool KeepSpaces) key) => Wrap(key.Text, key.Face, key.Size, key.Width, key.KeepSpaces));

    public static float Measure(string text, Face face, float size)
    {
        var width = 0f;
        foreach (var piece in Of(text, face)) width += piece.Width(size);
        return width;
    }

    /// <summary>Lines as <see cref="TextPainter.Wrap"/> describes.</summary>
    static string[] Wrap(string text, Face face, float size, float width, bool keepSpaces)
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
                if (line.Length > 0) lines.Add(keepSpaces ? line + " " : line);
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
            lines.Add(keepSpaces ? line + " " : line);
        }
        if (keepSpaces) lines[^1] = lines[^1].TrimEnd(' ');
        return [.. lines];
    }


    static TValue Remember<TKey, TValue>(ConcurrentDictionary<TKey, TValue> cache, TKey key, Func<TKey, TValue> make) where TKey : notnull
    {
        if (cache.TryGetValue(key, out var value)) return value;
        value = make(key);
        if (cache.Count >= Capacity) cache.Clear();
        cache.TryAdd(key, value);
        return value;
    }

    sealed record Run(string Text, FontProgram Font, bool Shaped);

    static ShapedPiece Place(Run run)
    {
        var font = run.Font;
        var glyphs = new List<PlacedGlyph>(run.Text.Length);
        var uses = new List<GlyphUse>(run.Text.Length);
        var pen = 0;
        var missing = false;
        if (run.Shaped)
        {
            using var buffer = Shape(run);
            var infos = buffer.GetGlyphInfoSpan();
            var positions = buffer.GetGlyphPositionSpan();
            // Clusters are UTF-16 offsets into the run; a cluster's text runs to the next cluster's start.
            var starts = new SortedSet<int>();
            foreach (var info in infos) starts.Add((int)info.Cluster);
            var texts = ClusterTexts(font, run.Text, infos, starts);
            for (var g = 0; g < infos.Length; g++)
            {
                var glyph = (ushort)infos[g].Codepoint;
                if (glyph == 0) missing = true;
                else
                {
                    uses.Add(new(glyph, texts[g], null));
                    glyphs.Add(new(glyph, pen + positions[g].XOffset, positions[g].YOffset));
                }
                pen += positions[g].XAdvance;
            }
        }
        else
        {
            foreach (var rune in run.Text.EnumerateRunes())
            {
                var (glyph, advance) = font.Glyph(rune.Value);
                if (glyph == 0) { missing = true; continue; }
                uses.Add(new(glyph, rune.ToString(), rune));
                glyphs.Add(new(glyph, pen, 0));
                pen += advance;
            }
        }
        return new(font, run.Text, [.. glyphs], pen, missing, [.. uses]);
    }

    /// <summary>
    /// The text each shaped glyph stands for, for the font's ToUnicode map (what copy and search read). A cluster
    /// of one glyph is its whole text (a lam-alef ligature is both letters). In a cluster of several, say a letter
    /// and its vowel marks, a glyph that is a character's own cmap glyph (the marks, usually) is that character,
    /// and the rest (the letter in its joining form) share what is left, so nothing is read twice.
    /// </summary>
    static string[] ClusterTexts(FontProgram font, string text, ReadOnlySpan<HarfBuzzSharp.GlyphInfo> infos, SortedSet<int> starts)
    {
        var texts = new string[infos.Length];
        foreach (var start in starts)
        {
            var end = starts.GetViewBetween(start + 1, int.MaxValue) is { Count: > 0 } later ? later.Min : text.Length;
            var members = new List<int>();
            for (var g = 0; g < infos.Length; g++) if (infos[g].Cluster == start) members.Add(g);
            var cluster = text[start..end];
            if (members.Count == 1) { texts[members[0]] = cluster; continue; }
            var chars = cluster.EnumerateRunes().ToList();
            var taken = new bool[chars.Count];
            var others = new List<int>();
            foreach (var g in members)
            {
                var own = -1;
                for (var c = 0; c < chars.Count && own < 0; c++)
                    if (!taken[c] && font.Glyph(chars[c].Value).Glyph == infos[g].Codepoint) own = c;
                if (own < 0) { others.Add(g); continue; }
                taken[own] = true;
                texts[g] = chars[own].ToString();
            }
            var rest = chars.Where((_, c) => !taken[c]).Select(c => c.ToString()).ToList();
            for (var i = 0; i < others.Count; i++)
            {
                // Every glyph needs a mapping (PDF/UA); with nothing left, repeat the cluster's last character.
                var at = Math.Min(i, rest.Count - 1);
                texts[others[i]] = rest.Count == 0 ? chars[^1].ToString()
                    : i == others.Count - 1 ? string.Concat(rest.Skip(at))
                    : rest[at];
            }
        }
        return texts;
    }

    static HarfBuzzSharp.Buffer Shape(Run run)
    {
        var buffer = new HarfBuzzSharp.Buffer();
        buffer.AddUtf16(run.Text);
        buffer.GuessSegmentProperties();
        run.Font.HbFont.Shape(buffer);
        return buffer;
    }


    static List<Run> Runs(string text, Face face)
    {
        text = text.Normalize(NormalizationForm.FormC);
        var primary = FontProgram.For(face);
        var fallbacks = FontProgram.Fallbacks(face);
        var runs = new List<Run>();
        var current = new StringBuilder();
        FontProgram? font = null;
        var rtl = false;
        bool? paragraphRtl = null;
        foreach (var rune in text.EnumerateRunes())
        {
            var isRtl = IsRightToLeft(rune);
            if (Rune.IsLetter(rune)) paragraphRtl ??= isRtl;
            // Spaces and punctuation stay in the run they are in, so a name is not split at every space.
            var neutral = Rune.IsWhiteSpace(rune) || Rune.IsPunctuation(rune) || Rune.IsDigit(rune);
            var chosen = neutral && font is not null && font.Has(rune.Value)
                ? font
                : primary.Has(rune.Value) && !isRtl ? primary
                : fallbacks.FirstOrDefault(f => f.Has(rune.Value)) ?? primary;
            if (font is not null && chosen != font)
            {
                runs.Add(new(current.ToString(), font, rtl || font != primary));
                current.Clear();
                rtl = false;
            }
            font = chosen;
            rtl |= isRtl;
            if (rune.IsBmp) current.Append((char)rune.Value); else current.Append(rune.ToString());
        }
        if (font is not null) runs.Add(new(current.ToString(), font, rtl || font != primary));
        if (paragraphRtl == true) runs.Reverse();
        return runs;
    }

    static bool IsRightToLeft(Rune r) => r.Value is >= 0x0590 and <= 0x08FF or >= 0xFB1D and <= 0xFDFF or >= 0xFE70 and <= 0xFEFF;
}
