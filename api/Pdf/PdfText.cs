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

    sealed record Run(string Text, FontProgram Font, bool Shaped);

    public float Measure(string text, Face face, float size)
    {
        var width = 0f;
        foreach (var run in Runs(text, face))
        {
            var units = 0;
            if (run.Shaped)
            {
                using var buffer = Shape(run);
                foreach (var position in buffer.GetGlyphPositionSpan()) units += position.XAdvance;
            }
            else
            {
                foreach (var rune in run.Text.EnumerateRunes()) units += run.Font.Glyph(rune.Value).Advance;
            }
            width += units * size / run.Font.UnitsPerEm;
        }
        return width;
    }

    /// <summary>
    /// Draws <paramref name="text"/> with its baseline at <paramref name="y"/>. With <paramref name="tag"/>, the text is
    /// that element's content; without, it is drawn into the marked content the page has open (an artifact or a figure).
    /// </summary>
    public void Draw(PdfPage page, string text, float x, float y, Face face, float size, Colour colour, Align align = Align.Left, StructElement? tag = null)
    {
        var runs = Runs(text, face).Select(r => Place(r, y, size, colour)).ToList();
        var width = runs.Sum(r => r.Width);
        x -= align switch { Align.Centre => width / 2, Align.Right => width, _ => 0 };
        var i = 0;
        while (i < runs.Count)
        {
            // Consecutive runs of one kind share a marked-content sequence: left-to-right text belongs to the
            // element itself; a right-to-left run (or one with a character no font has, which PDF/UA forbids
            // drawing as .notdef) to a Span of its own language that carries its text in logical order.
            var own = runs[i].NeedsSpan;
            var j = i;
            while (j < runs.Count && runs[j].NeedsSpan == own) j++;
            var span = tag is null ? null
                : own ? tag.Add("Span", lang: runs[i].Font.Language, actualText: string.Concat(runs.Skip(i).Take(j - i).Select(r => r.Text)))
                : tag;
            using (span is null ? default : page.Tag(span))
            {
                for (; i < j; i++)
                {
                    page.Glyphs(runs[i].Run with { X = x });
                    x += runs[i].Width;
                }
            }
        }
    }

    sealed record PlacedRun(GlyphRun Run, float Width, string Text, FontProgram Font, bool Missing)
    {
        public bool NeedsSpan => Font.RightToLeft || Missing;
    }

    PlacedRun Place(Run run, float y, float size, Colour colour)
    {
        var font = run.Font;
        var glyphs = new List<PlacedGlyph>(run.Text.Length);
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
                    document.Use(font, glyph, texts[g]);
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
                document.Use(font, glyph, rune);
                glyphs.Add(new(glyph, pen, 0));
                pen += advance;
            }
        }
        return new(new GlyphRun(font, size, colour, 0, y, [.. glyphs]), pen * size / font.UnitsPerEm, run.Text, font, missing);
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
    public List<string> Wrap(string text, Face face, float size, float width, bool keepSpaces = false)
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
        return lines;
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
