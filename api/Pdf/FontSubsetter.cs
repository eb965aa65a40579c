using System.Runtime.InteropServices;

namespace ELearning.Api.Pdf;

/// <summary>A font cut down to the glyphs one document draws, and where each of the whole font's glyph ids went.</summary>
public sealed record FontSubset(byte[] Data, IReadOnlyDictionary<ushort, ushort> NewGlyphIds);

/// <summary>
/// Cuts a font down to the glyphs a document draws, with HarfBuzz's subsetter (hb-subset): a whole Noto font
/// is about 500 KB, the glyphs of one certificate a few KB. The text is already shaped (Arabic joining forms
/// chosen), so the subset keeps exactly those glyphs and drops the layout tables (GSUB, GPOS, GDEF) that only
/// a shaper reads. hb-subset renumbers glyphs; the plan API says how, and the PDF uses the new numbers.
/// HarfBuzzSharp ships hb-subset in its native library but has no managed API for it, hence the P/Invoke.
/// </summary>
public static class FontSubsetter
{
    const string Lib = "libHarfBuzzSharp";
    // Hinting instructions matter on low-resolution screens at small sizes, not in a PDF: dropping them halves a subset.
    const uint NoHinting = 0x1;
    const int GlyphIndexSet = 0, UnicodeSet = 1, DropTableTagSet = 3;
    static readonly string[] LayoutTables = ["GSUB", "GPOS", "GDEF", "BASE", "JSTF", "DSIG"];

    /// <param name="font">The whole font.</param>
    /// <param name="glyphs">Glyph ids of the whole font that the document draws.</param>
    /// <param name="codepoints">Characters drawn with their cmap glyph, so the subset's cmap still maps them (some tools read it).</param>
    public static FontSubset Subset(FontProgram font, IEnumerable<ushort> glyphs, IEnumerable<int> codepoints)
    {
        var input = hb_subset_input_create_or_fail();
        if (input == IntPtr.Zero) throw new InvalidOperationException("HarfBuzz could not allocate a subset input.");
        var plan = IntPtr.Zero;
        var subset = IntPtr.Zero;
        try
        {
            hb_subset_input_set_flags(input, NoHinting);
            var glyphSet = hb_subset_input_set(input, GlyphIndexSet);
            foreach (var glyph in glyphs) hb_set_add(glyphSet, glyph);
            var unicodes = hb_subset_input_set(input, UnicodeSet);
            foreach (var codepoint in codepoints) hb_set_add(unicodes, (uint)codepoint);
            var drop = hb_subset_input_set(input, DropTableTagSet);
            foreach (var tag in LayoutTables) hb_set_add(drop, HarfBuzzSharp.Tag.Parse(tag));

            plan = hb_subset_plan_create_or_fail(font.HbFace.Handle, input);
            if (plan == IntPtr.Zero) throw new InvalidOperationException($"HarfBuzz could not plan a subset of {font.Name}.");
            var map = hb_subset_plan_old_to_new_glyph_mapping(plan); // owned by the plan
            var newIds = new Dictionary<ushort, ushort>();
            foreach (var glyph in glyphs) newIds[glyph] = (ushort)hb_map_get(map, glyph);

            subset = hb_subset_plan_execute_or_fail(plan);
            if (subset == IntPtr.Zero) throw new InvalidOperationException($"HarfBuzz could not subset {font.Name}.");
            var blob = hb_face_reference_blob(subset);
            try
            {
                var data = hb_blob_get_data(blob, out var length);
                var bytes = new byte[length];
                Marshal.Copy(data, bytes, 0, (int)length);
                return new FontSubset(bytes, newIds);
            }
            finally
            {
                hb_blob_destroy(blob);
            }
        }
        finally
        {
            if (subset != IntPtr.Zero) hb_face_destroy(subset);
            if (plan != IntPtr.Zero) hb_subset_plan_destroy(plan);
            hb_subset_input_destroy(input);
        }
    }

    [DllImport(Lib)] static extern void hb_blob_destroy(IntPtr blob);
    [DllImport(Lib)] static extern IntPtr hb_blob_get_data(IntPtr blob, out uint length);
    [DllImport(Lib)] static extern void hb_face_destroy(IntPtr face);
    [DllImport(Lib)] static extern IntPtr hb_face_reference_blob(IntPtr face);
    [DllImport(Lib)] static extern IntPtr hb_subset_input_create_or_fail();
    [DllImport(Lib)] static extern void hb_subset_input_destroy(IntPtr input);
    [DllImport(Lib)] static extern void hb_subset_input_set_flags(IntPtr input, uint flags);
    [DllImport(Lib)] static extern IntPtr hb_subset_input_set(IntPtr input, int setType);
    [DllImport(Lib)] static extern void hb_set_add(IntPtr set, uint codepoint);
    [DllImport(Lib)] static extern IntPtr hb_subset_plan_create_or_fail(IntPtr face, IntPtr input);
    [DllImport(Lib)] static extern void hb_subset_plan_destroy(IntPtr plan);
    [DllImport(Lib)] static extern IntPtr hb_subset_plan_old_to_new_glyph_mapping(IntPtr plan);
    [DllImport(Lib)] static extern IntPtr hb_subset_plan_execute_or_fail(IntPtr plan);
    [DllImport(Lib)] static extern uint hb_map_get(IntPtr map, uint key);
}
