using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace ELearning.Api.Pdf;

/// <summary>
/// Writes a <see cref="TaggedPdf"/> as PDF 1.7 bytes: catalog (MarkInfo, Lang, DisplayDocTitle, XMP with
/// pdfuaid:part 1), pages whose content streams carry marked content, the structure tree and parent tree, and
/// each font as Type 0 over a CIDFontType2 subset with Identity-H, its widths and a ToUnicode map.
/// </summary>
internal static class PdfWriter
{
    const int Catalog = 1, Pages = 2, StructTreeRoot = 3, Metadata = 4, Info = 5, ParentTree = 6, Resources = 7, FirstFree = 8;

    sealed class Output
    {
        // Under the large object heap's 85,000 bytes, and more than most documents need.
        public readonly MemoryStream Bytes = new(80 * 1024);
        public readonly List<long> Offsets = [0];

        public void Object(int number, string body)
        {
            Begin(number);
            Write(body);
            Write("\nendobj\n");
        }

        public void Stream(int number, string dictionary, ReadOnlySpan<byte> data, bool compress = true)
        {
            if (compress) Compressed(number, dictionary, FontEmbedding.Deflate(data));
            else Raw(number, dictionary, data, compress: false);
        }

        /// <summary>A stream whose data is already deflated (a cached font's).</summary>
        public void Compressed(int number, string dictionary, ReadOnlySpan<byte> deflated) => Raw(number, dictionary, deflated, compress: true);

        void Raw(int number, string dictionary, ReadOnlySpan<byte> body, bool compress)
        {
            Begin(number);
            Write($"<<{dictionary} /Length {body.Length}{(compress ? " /Filter /FlateDecode" : "")}>>\nstream\n");
            Bytes.Write(body);
            Write("\nendstream\nendobj\n");
        }

        void Begin(int number)
        {
            while (Offsets.Count <= number) Offsets.Add(0);
            Offsets[number] = Bytes.Position;
            Write($"{number} 0 obj\n");
        }

        public void Write(string text)
        {
            var buffer = text.Length <= 1024 ? stackalloc byte[text.Length] : new byte[text.Length];
            Encoding.ASCII.GetBytes(text, buffer);
            Bytes.Write(buffer);
        }
    }

    sealed record EmbeddedFont(TaggedPdf.FontUse Use, FontEmbedding Subset, int Type0);

    public static byte[] Write(TaggedPdf document)
    {
        var output = new Output();
        output.Write("%PDF-1.7\n");
        output.Bytes.Write([0x25, 0xE2, 0xE3, 0xCF, 0xD3, 0x0A]); // bytes above 127 tell transfer tools the file is binary

        var next = FirstFree;
        var pageNumbers = document.Pages.Select(_ => (Page: next++, Content: next++)).ToArray();
        var fonts = document.Fonts.Values.Select(use =>
        {
            var font = new EmbeddedFont(use, FontEmbedding.For(use), next);
            next += 5;
            return font;
        }).ToDictionary(f => f.Use.Font);
        var elements = new Dictionary<StructElement, int>();
        void Number(StructElement element)
        {
            elements[element] = next++;
            foreach (var kid in element.Kids.OfType<StructElement>().Where(k => k.HasContent)) Number(kid);
        }
        Number(document.Root);

        var info = document.Info;
        output.Object(Catalog, $"<< /Type /Catalog /Pages {Pages} 0 R /StructTreeRoot {StructTreeRoot} 0 R /MarkInfo << /Marked true >> " +
            $"/Lang {TextString(info.Language)} /ViewerPreferences << /DisplayDocTitle true >> /Metadata {Metadata} 0 R >>");
        output.Object(Pages, $"<< /Type /Pages /Kids [{string.Join(" ", pageNumbers.Select(p => $"{p.Page} 0 R"))}] /Count {pageNumbers.Length} >>");
        output.Object(StructTreeRoot, $"<< /Type /StructTreeRoot /K [{elements[document.Root]} 0 R] /ParentTree {ParentTree} 0 R /ParentTreeNextKey {document.Pages.Count} >>");
        output.Stream(Metadata, " /Type /Metadata /Subtype /XML", Encoding.UTF8.GetBytes(Xmp(info)), compress: false);
        output.Object(Info, $"<< /Title {TextString(info.Title)}{(info.Author is { } a ? " /Author " + TextString(a) : "")}" +
            $"{(info.Subject is { } s ? " /Subject " + TextString(s) : "")} /Creator {TextString(info.Creator)} /Producer {TextString(PdfInfo.Producer)} " +
            $"/CreationDate {TextString(PdfDate(info.Created))} /ModDate {TextString(PdfDate(info.Created))} >>");
        output.Object(ParentTree, "<< /Nums [" + string.Join(" ", document.Pages.Select(p =>
            $"{p.Index} [{string.Join(" ", p.Mcids.Select(e => $"{elements[e]} 0 R"))}]")) + "] >>");
        output.Object(Resources, "<< /Font << " + string.Join(" ", fonts.Values.Select(f => $"/{f.Use.Resource} {f.Type0} 0 R")) + " >> /ExtGState << " +
            string.Join(" ", document.Opacities.Select(a => $"/A{a} << /Type /ExtGState /ca {PdfPage.Number(a / 255f)} /CA {PdfPage.Number(a / 255f)} >>")) + " >> >>");

        foreach (var page in document.Pages)
        {
            var (pageObject, content) = pageNumbers[page.Index];
            output.Object(pageObject, $"<< /Type /Page /Parent {Pages} 0 R /MediaBox [0 0 {PdfPage.Number(page.Width)} {PdfPage.Number(page.Height)}] " +
                $"/Resources {Resources} 0 R /Contents {content} 0 R /StructParents {page.Index} /Tabs /S >>");
            page.Flush();
            var ops = new StringBuilder($"1 0 0 -1 0 {PdfPage.Number(page.Height)} cm\n"); // top-left origin, y down, as the layouts are written
            foreach (var item in page.Content)
                if (item is GlyphRun run) Glyphs(ops, run, fonts[run.Font]); else ops.Append((string)item);
            output.Compressed(content, "", FontEmbedding.Deflate(ops));
        }

        foreach (var font in fonts.Values) Font(output, font);
        foreach (var (element, number) in elements) Element(output, element, number, elements, pageNumbers);

        var xref = output.Bytes.Position;
        var size = output.Offsets.Count;
        var table = new StringBuilder($"xref\n0 {size}\n0000000000 65535 f \n");
        for (var i = 1; i < size; i++) table.Append(output.Offsets[i].ToString("D10", CultureInfo.InvariantCulture)).Append(" 00000 n \n");
        var id = Convert.ToHexString(MD5.HashData(output.Bytes.GetBuffer().AsSpan(0, (int)output.Bytes.Length)));
        output.Write(table.ToString());
        output.Write($"trailer\n<< /Size {size} /Root {Catalog} 0 R /Info {Info} 0 R /ID [<{id}> <{id}>] >>\nstartxref\n{xref}\n%%EOF\n");
        return output.Bytes.ToArray();
    }

    /// <summary>A glyph run as a text object: glyph ids renumbered for the subset, HarfBuzz's positions as TJ adjustments and rises.</summary>
    static void Glyphs(StringBuilder ops, GlyphRun run, EmbeddedFont font)
    {
        var program = run.Font;
        var c = run.Colour;
        ops.Append("BT /").Append(font.Use.Resource).Append(' ');
        PdfPage.AppendNumber(ops, run.Size).Append(" Tf ");
        PdfPage.AppendNumber(ops, c.R / 255f).Append(' ');
        PdfPage.AppendNumber(ops, c.G / 255f).Append(' ');
        PdfPage.AppendNumber(ops, c.B / 255f).Append(" rg 1 0 0 -1 ");
        PdfPage.AppendNumber(ops, run.X).Append(' ');
        PdfPage.AppendNumber(ops, run.Y).Append(" Tm [<");
        var pen = 0;
        var rise = 0;
        foreach (var glyph in run.Glyphs)
        {
            if (glyph.Y != rise)
            {
                PdfPage.AppendNumber(ops.Append(">] TJ "), glyph.Y * run.Size / program.UnitsPerEm).Append(" Ts [<");
                rise = glyph.Y;
            }
            if (glyph.X != pen) PdfPage.AppendNumber(ops.Append('>'), (pen - glyph.X) * 1000f / program.UnitsPerEm).Append('<');
            ops.Append(CultureInfo.InvariantCulture, $"{font.Subset.NewGlyphIds[glyph.Glyph]:X4}");
            pen = glyph.X + program.Advance(glyph.Glyph);
        }
        ops.Append(">] TJ ").Append(rise != 0 ? "0 Ts " : "").Append("ET\n");
    }

    static void Font(Output output, EmbeddedFont font)
    {
        var (use, subset, type0) = (font.Use, font.Subset, font.Type0);
        var (cid, descriptor, file, toUnicode) = (type0 + 1, type0 + 2, type0 + 3, type0 + 4);
        var program = use.Font;
        var (name, widths) = (subset.Name, subset.Widths);
        var scale = 1000f / program.UnitsPerEm;
        output.Object(type0, $"<< /Type /Font /Subtype /Type0 /BaseFont /{name} /Encoding /Identity-H /DescendantFonts [{cid} 0 R] /ToUnicode {toUnicode} 0 R >>");
        output.Object(cid, $"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /{name} /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> " +
            $"/FontDescriptor {descriptor} 0 R /CIDToGIDMap /Identity /W [{widths}] >>");
        var d = program.Descriptor;
        var box = program.Box;
        var flags = 4 | (d.Serif ? 2 : 0) | (d.Italic ? 64 : 0); // symbolic: glyphs are addressed by id, not by a standard encoding
        output.Object(descriptor, $"<< /Type /FontDescriptor /FontName /{name} /Flags {flags} " +
            $"/FontBBox [{PdfPage.Number(box.XMin * scale)} {PdfPage.Number(box.YMin * scale)} {PdfPage.Number(box.XMax * scale)} {PdfPage.Number(box.YMax * scale)}] " +
            $"/ItalicAngle {PdfPage.Number(d.ItalicAngle)} /Ascent {PdfPage.Number(d.Ascent * scale)} /Descent {PdfPage.Number(d.Descent * scale)} " +
            $"/CapHeight {PdfPage.Number(d.CapHeight * scale)} /StemV {(program.Name.Contains("Bold") ? 140 : 80)} /FontFile2 {file} 0 R >>");
        output.Compressed(file, $" /Length1 {subset.Length1}", subset.FontFile);
        output.Compressed(toUnicode, "", subset.ToUnicode);
    }

    static void Element(Output output, StructElement element, int number, Dictionary<StructElement, int> elements, (int Page, int Content)[] pages)
    {
        var parent = element.Parent is { } p ? elements[p] : StructTreeRoot;
        var page = element.Kids.OfType<MarkedContent>().Select(m => m.Page).FirstOrDefault();
        var kids = element.Kids.Select(kid => kid switch
        {
            StructElement child when elements.ContainsKey(child) => $"{elements[child]} 0 R",
            MarkedContent m when m.Page == page => m.Mcid.ToString(CultureInfo.InvariantCulture),
            MarkedContent m => $"<< /Type /MCR /Pg {pages[m.Page.Index].Page} 0 R /MCID {m.Mcid} >>",
            _ => null,
        }).Where(k => k is not null);
        var body = new StringBuilder($"<< /Type /StructElem /S /{element.Type} /P {parent} 0 R");
        if (page is not null) body.Append(" /Pg ").Append(pages[page.Index].Page).Append(" 0 R");
        body.Append(" /K [").AppendJoin(' ', kids).Append(']');
        if (element.Alt is { } alt) body.Append(" /Alt ").Append(TextString(alt));
        if (element.Lang is { } lang) body.Append(" /Lang ").Append(TextString(lang));
        if (element.ActualText is { } actual) body.Append(" /ActualText ").Append(TextString(actual));
        if (element.Attributes is { } attributes) body.Append(" /A << ").Append(attributes).Append(" >>");
        if (element.Box is { } b && page is not null)
            body.Append(" /A << /O /Layout /BBox [").Append(PdfPage.Number(b.Left)).Append(' ').Append(PdfPage.Number(page.Height - b.Bottom)).Append(' ')
                .Append(PdfPage.Number(b.Right)).Append(' ').Append(PdfPage.Number(page.Height - b.Top)).Append("] >>");
        output.Object(number, body.Append(" >>").ToString());
    }

    static string Xmp(PdfInfo info)
    {
        static string X(string s) => System.Security.SecurityElement.Escape(s);
        var when = info.Created.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        return $"""
            <?xpacket begin="﻿" id="W5M0MpCehiHzreSzNTczkc9d"?>
            <x:xmpmeta xmlns:x="adobe:ns:meta/">
             <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
              <rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
                xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">
               <dc:format>application/pdf</dc:format>
               <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{X(info.Title)}</rdf:li></rdf:Alt></dc:title>
               {(info.Author is { } a ? $"<dc:creator><rdf:Seq><rdf:li>{X(a)}</rdf:li></rdf:Seq></dc:creator>" : "")}
               {(info.Subject is { } s ? $"<dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">{X(s)}</rdf:li></rdf:Alt></dc:description>" : "")}
               <dc:language><rdf:Bag><rdf:li>{X(info.Language)}</rdf:li></rdf:Bag></dc:language>
               <pdf:Producer>{X(PdfInfo.Producer)}</pdf:Producer>
               <xmp:CreatorTool>{X(info.Creator)}</xmp:CreatorTool>
               <xmp:CreateDate>{when}</xmp:CreateDate>
               <xmp:ModifyDate>{when}</xmp:ModifyDate>
               <xmp:MetadataDate>{when}</xmp:MetadataDate>
               <pdfuaid:part>1</pdfuaid:part>
              </rdf:Description>
             </rdf:RDF>
            </x:xmpmeta>
            <?xpacket end="w"?>
            """;
    }

    static string PdfDate(DateTimeOffset when) => "D:" + when.UtcDateTime.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture) + "Z";

    /// <summary>A PDF text string: literal when plain ASCII, otherwise UTF-16BE with a byte-order mark, in hex (nothing to escape).</summary>
    internal static string TextString(string text) => text.All(c => c is >= ' ' and <= '~')
        ? "(" + text.Replace("\\", "\\\\").Replace("(", "\\(").Replace(")", "\\)") + ")"
        : "<FEFF" + Convert.ToHexString(Encoding.BigEndianUnicode.GetBytes(text)) + ">";
}
