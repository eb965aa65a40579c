using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using SkiaSharp;

namespace ELearning.Api.Pdf;

/// <summary>
/// Cuts a font down to the characters a document uses, with HarfBuzz's subsetter (hb-subset). The Skia build
/// in SkiaSharp embeds whole fonts in PDFs (about 500 KB each for Noto); subset first, a certificate is tens
/// of kilobytes. The subsetter follows GSUB, so Arabic joining forms of the kept characters stay.
/// HarfBuzzSharp ships hb-subset in its native library but has no managed API for it, hence the P/Invoke.
/// </summary>
public static class FontSubsetter
{
    const string Lib = "libHarfBuzzSharp";
    const int MemoryModeReadOnly = 1;
    // Hinting instructions matter on low-resolution screens at small sizes, not in a PDF: dropping them halves a subset.
    const uint NoHinting = 0x1;

    /// <summary>One HarfBuzz face per font, over bytes pinned for the life of the process (faces are immutable and shareable).</summary>
    static readonly ConcurrentDictionary<string, Lazy<IntPtr>> Faces = new();

    public static SKTypeface Subset(string fontName, IEnumerable<int> codepoints)
    {
        var face = Faces.GetOrAdd(fontName, name => new Lazy<IntPtr>(() => CreateFace(name))).Value;
        var input = hb_subset_input_create_or_fail();
        if (input == IntPtr.Zero) throw new InvalidOperationException("HarfBuzz could not allocate a subset input.");
        try
        {
            hb_subset_input_set_flags(input, NoHinting);
            var unicodes = hb_subset_input_unicode_set(input);
            foreach (var codepoint in codepoints) hb_set_add(unicodes, (uint)codepoint);
            var subset = hb_subset_or_fail(face, input);
            if (subset == IntPtr.Zero) throw new InvalidOperationException($"HarfBuzz could not subset {fontName}.");
            var blob = hb_face_reference_blob(subset);
            try
            {
                var data = hb_blob_get_data(blob, out var length);
                return SKTypeface.FromData(SKData.CreateCopy(data, length))
                    ?? throw new InvalidOperationException($"Skia could not read the subset of {fontName}.");
            }
            finally
            {
                hb_blob_destroy(blob);
                hb_face_destroy(subset);
            }
        }
        finally
        {
            hb_subset_input_destroy(input);
        }
    }

    static IntPtr CreateFace(string fontName)
    {
        var bytes = EmbeddedFonts.Bytes(fontName);
        var pinned = GC.AllocateArray<byte>(bytes.Length, pinned: true);
        bytes.CopyTo(pinned, 0);
        var blob = hb_blob_create(Marshal.UnsafeAddrOfPinnedArrayElement(pinned, 0), (uint)pinned.Length, MemoryModeReadOnly, IntPtr.Zero, IntPtr.Zero);
        var face = hb_face_create(blob, 0);
        hb_blob_destroy(blob); // the face holds its own reference
        PinnedFonts.Add(pinned);
        return face;
    }

    static readonly ConcurrentBag<byte[]> PinnedFonts = [];

    [DllImport(Lib)] static extern IntPtr hb_blob_create(IntPtr data, uint length, int mode, IntPtr userData, IntPtr destroy);
    [DllImport(Lib)] static extern void hb_blob_destroy(IntPtr blob);
    [DllImport(Lib)] static extern IntPtr hb_blob_get_data(IntPtr blob, out uint length);
    [DllImport(Lib)] static extern IntPtr hb_face_create(IntPtr blob, uint index);
    [DllImport(Lib)] static extern void hb_face_destroy(IntPtr face);
    [DllImport(Lib)] static extern IntPtr hb_face_reference_blob(IntPtr face);
    [DllImport(Lib)] static extern IntPtr hb_subset_input_create_or_fail();
    [DllImport(Lib)] static extern void hb_subset_input_destroy(IntPtr input);
    [DllImport(Lib)] static extern void hb_subset_input_set_flags(IntPtr input, uint flags);
    [DllImport(Lib)] static extern IntPtr hb_subset_input_unicode_set(IntPtr input);
    [DllImport(Lib)] static extern void hb_set_add(IntPtr set, uint codepoint);
    [DllImport(Lib)] static extern IntPtr hb_subset_or_fail(IntPtr face, IntPtr input);
}
