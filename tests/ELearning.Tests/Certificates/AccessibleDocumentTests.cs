using System.Diagnostics;
using System.IO.Compression;
using System.Net.Http.Json;
using System.Text;
using ELearning.Api.Pdf;
using ELearning.Tests.Support;
using UglyToad.PdfPig;

namespace ELearning.Tests.Certificates;

/// <summary>
/// The certificate and the CPD activity record as a screen reader meets them (PDF/UA-1): read through poppler
/// (<c>pdfinfo</c>, <c>pdfinfo -struct-text</c>) and through PdfPig's view of the structure tree, for documents
/// fetched from the API as a delegate fetches them.
/// </summary>
public sealed class AccessibleDocumentTests : IAsyncLifetime
{
    const string Contact = "accessibility@example.nhs.uk";
    readonly ELearningApp app = new(settings: new Dictionary<string, string?> { ["Certificates:AccessibilityContact"] = Contact });
    public Task InitializeAsync() => Task.CompletedTask;
    public Task DisposeAsync() => app.DisposeAsync().AsTask();

    static string Folder => TestOutput.Folder("accessibility");

    [Fact]
    public async Task The_certificate_reads_in_order_title_name_course_module_table_and_a_qr_code_that_says_where_it_leads()
    {
        var (asha, certificate) = await CertificateWalk.CertifiedAsync(app);
        var id = certificate.GetProperty("id").GetString()!;
        var pdf = await CertificateWalk.GetBytesAsync(asha.Http, $"/api/certificates/{id}.pdf", "application/pdf");
        TestOutput.RenderPngs(pdf, Folder, "certificate");

        Assert.Contains("Tagged:          yes", PdfInfo("certificate"));
        var items = TaggedPdfReader.PopplerStructText(Path.Combine(Folder, "certificate.pdf"));
        File.WriteAllLines(Path.Combine(Folder, "certificate-struct.txt"), items);
        InOrder(items, "H1: Certificate of Completion", "H2: Asha Patel", "H2: Social media and your professional standards",
            "TH: MODULE", "TH: SCORE", "TH: PASSED ON", "TD: Confidentiality and privacy", "TD: 100%",
            "P: Scan or visit to verify", "P: Issued by", "P: Certificate ID", $"P: {id}", "H2: Learning outcomes and professional standards");
        using var document = PdfDocument.Open(pdf);
        var structure = new TaggedPdfReader(document).Root;
        var table = Assert.Single(structure.Descendants(), n => n.Type == "Table");
        Assert.All(table.Kids[0].Kids, th => Assert.Equal(("TH", "Column"), (th.Type, th.Attributes["Scope"])));
        Assert.Equal(5, table.Kids.Count); // the header row and the four modules
        var figures = structure.Descendants().Where(n => n.Type == "Figure").ToList();
        Assert.Contains(figures, f => f.Alt!.StartsWith("QR code") && f.Alt.Contains($"http://localhost:5080/verify/{id}"));
        Assert.Contains(figures, f => f.Alt == "Seal: CPD, 16 minutes");
        // The frame, rules and the outcomes page's running header are artifacts, not text to read.
        Assert.DoesNotContain(items, i => i.Contains($"Certificate {id}  ·  page 2"));
    }

    [Fact]
    public async Task The_cpd_record_has_its_title_sections_fields_as_row_headers_and_lists_in_reading_order()
    {
        var (asha, _) = await CertificateWalk.CertifiedAsync(app);
        var pdf = Entry(await CertificateWalk.GetBytesAsync(asha.Http, "/api/learners/me/cpd-evidence", "application/zip"), "cpd-activity-record.pdf");
        TestOutput.RenderPngs(pdf, Folder, "cpd-activity-record");

        Assert.Contains("Tagged:          yes", PdfInfo("cpd-activity-record"));
        var items = TaggedPdfReader.PopplerStructText(Path.Combine(Folder, "cpd-activity-record.pdf"));
        File.WriteAllLines(Path.Combine(Folder, "cpd-activity-record-struct.txt"), items);
        InOrder(items, "H1: CPD activity record", "H2: The activity", "TH: NAME", "TD: Asha Patel", "TH: REGISTRATION NUMBER", "TD: PH123456",
            "H2: What I learned, in my own words", "P: I will ask my manager and use the trust's consent form.",
            "H2: How this benefits service users and my practice", "H2: Learning outcomes and standards mapping", "H2: HCPC standards for CPD");
        using var document = PdfDocument.Open(pdf);
        var structure = new TaggedPdfReader(document).Root;
        var fields = Assert.Single(structure.Descendants(), n => n.Type == "Table");
        Assert.All(fields.Kids, row => Assert.Equal(["TH", "TD"], row.Kids.Select(c => c.Type)));
        Assert.All(fields.Kids, row => Assert.Equal("Row", row.Kids[0].Attributes["Scope"]));
        var standards = structure.Descendants().Last(n => n.Type == "L");
        Assert.Equal(5, standards.Kids.Count);
        Assert.StartsWith("1. A continuous, up-to-date and accurate record", standards.Kids[0].Text);
        var outcome = structure.Descendants().First(n => n.Type == "LI" && n.Text.StartsWith('•'));
        Assert.Equal(["Lbl", "LBody"], outcome.Kids.Select(k => k.Type));
    }

    [Theory]
    [InlineData("certificate", "Asha Patel", false)]
    [InlineData("revoked certificate", "Siobhán O'Neill-D'Arcy", true)]
    [InlineData("arabic certificate", "محمد عبد الله", false)]
    [InlineData("cpd record", "Asha Patel", false)]
    public async Task Every_mark_is_tagged_or_an_artifact_and_the_document_declares_itself_as_pdf_ua(string kind, string name, bool revoke)
    {
        var (asha, certificate) = await CertificateWalk.CertifiedAsync(app, name);
        var id = certificate.GetProperty("id").GetString()!;
        if (revoke) (await app.AdminClient().PostAsJsonAsync($"/api/admin/certificates/{id}/revoke", new { reason = "Issued in error" })).EnsureSuccessStatusCode();
        var pdf = kind == "cpd record"
            ? Entry(await CertificateWalk.GetBytesAsync(asha.Http, "/api/learners/me/cpd-evidence", "application/zip"), "cpd-activity-record.pdf")
            : await CertificateWalk.GetBytesAsync(asha.Http, $"/api/certificates/{id}.pdf", "application/pdf");
        var file = kind.Replace(' ', '-');
        File.WriteAllBytes(Path.Combine(Folder, file + ".pdf"), pdf);

        using var document = PdfDocument.Open(pdf);
        var reader = new TaggedPdfReader(document);
        Assert.Empty(reader.Problems);
        Assert.Equal("en-GB", document.Structure.Catalog.CatalogDictionary.Data["Lang"] is UglyToad.PdfPig.Tokens.StringToken s ? s.Data : null);
        var info = PdfInfo(file);
        var title = info.Split('\n').Single(l => l.StartsWith("Title:"))["Title:".Length..].Trim();
        Assert.Contains(kind == "cpd record" ? "CPD activity record: Social media and your professional standards" : $"Certificate {id}", title);
        Assert.Contains($"<rdf:li xml:lang=\"x-default\">{System.Security.SecurityElement.Escape(title)}</rdf:li>", reader.Xmp);
        Assert.Contains(name, reader.Root.Text);
    }

    [Theory]
    [InlineData("arabic", "محمد عبد الله", "ar")]
    [InlineData("hebrew", "שרה לוי", "he")]
    [InlineData("vowelled-arabic", "مُحَمَّد عَلِي", "ar")]
    public async Task A_right_to_left_name_is_a_heading_whose_span_has_its_language_and_its_text_as_written(string label, string name, string language)
    {
        var (asha, certificate) = await CertificateWalk.CertifiedAsync(app, name);
        var pdf = await CertificateWalk.GetBytesAsync(asha.Http, $"/api/certificates/{certificate.GetProperty("id").GetString()}.pdf", "application/pdf");
        TestOutput.RenderPngs(pdf, Folder, $"name-{label}");

        using var document = PdfDocument.Open(pdf);
        var heading = new TaggedPdfReader(document).Root.Descendants().Where(n => n.Type == "H2").First();
        var span = Assert.Single(heading.Kids);
        Assert.Equal(("Span", language, name), (span.Type, span.Lang, span.ActualText));
        Assert.Equal(name, heading.Text);
        // The glyphs are in visual order, as the page shows them, and map back to every letter and vowel mark
        // of the name once (copy and search read these maps, not the ActualText).
        Assert.Equal(name.Replace(" ", "").Order(), span.Drawn.Replace(" ", "").Order());
        if (label != "vowelled-arabic") Assert.Contains(name, TestOutput.PdfToText(Folder, $"name-{label}")); // pdftotext's own bidi misplaces vowel marks
    }

    [Fact]
    public async Task A_revoked_certificate_says_so_straight_after_its_title_and_its_later_pages_carry_it_as_a_watermark()
    {
        var (asha, certificate) = await CertificateWalk.CertifiedAsync(app);
        var id = certificate.GetProperty("id").GetString()!;
        (await app.AdminClient().PostAsJsonAsync($"/api/admin/certificates/{id}/revoke", new { reason = "Issued in error" })).EnsureSuccessStatusCode();

        var pdf = await CertificateWalk.GetBytesAsync(asha.Http, $"/api/certificates/{id}.pdf", "application/pdf");
        TestOutput.RenderPngs(pdf, Folder, "revoked");

        var items = TaggedPdfReader.PopplerStructText(Path.Combine(Folder, "revoked.pdf")).ToList();
        Assert.Equal("P: REVOKED", items[items.IndexOf("H1: Certificate of Completion") + 1]);
        Assert.Single(items, i => i.Contains("REVOKED"));
        using var document = PdfDocument.Open(pdf);
        Assert.Contains("REVOKED", document.GetPage(2).Text); // drawn on page 2 too, as an artifact
    }

    [Fact]
    public void Drawing_outside_a_tagged_element_or_an_artifact_is_refused()
    {
        var pdf = new TaggedPdf(new PdfInfo("Test", null, null, "tests", DateTimeOffset.UnixEpoch));
        var page = pdf.AddPage(200, 200);

        Assert.Throws<InvalidOperationException>(() => page.Line(0, 0, 10, 10, Ink.Rule, 1));
        Assert.Throws<InvalidOperationException>(() => pdf.Text.Draw(page, "loose text", 10, 10, Face.Sans, 10, Ink.Text));
        using (page.Artifact())
        {
            page.Line(0, 0, 10, 10, Ink.Rule, 1);
            Assert.Throws<InvalidOperationException>(() => pdf.Text.Draw(page, "tagged inside an artifact", 10, 10, Face.Sans, 10, Ink.Text, tag: pdf.Root.Paragraph()));
        }
    }

    [Fact]
    public async Task The_verify_page_and_the_evidence_packs_readme_say_the_documents_are_accessible_and_where_to_report_a_problem()
    {
        var (asha, certificate) = await CertificateWalk.CertifiedAsync(app);

        var page = await app.CreateClient().GetStringAsync($"/verify/{certificate.GetProperty("id").GetString()}");
        var readme = Encoding.UTF8.GetString(Entry(await CertificateWalk.GetBytesAsync(asha.Http, "/api/learners/me/cpd-evidence", "application/zip"), "README.txt"));

        Assert.Contains("<h2>Accessible documents</h2>", page);
        Assert.Contains($"tell us at <a href=\"mailto:{Contact}\">{Contact}</a>", page);
        Assert.Contains($"tell us at {Contact}", readme);
        foreach (var text in new[] { page, readme }) Assert.Contains("accessible PDFs, tagged to PDF/UA-1", text);
    }

    [Fact]
    public async Task Without_an_accessibility_contact_the_verify_page_says_to_contact_the_issuer()
    {
        await using var plain = new ELearningApp();
        var (_, certificate) = await CertificateWalk.CertifiedAsync(plain);

        var page = await plain.CreateClient().GetStringAsync($"/verify/{certificate.GetProperty("id").GetString()}");

        Assert.Contains("contact ELearning CPD, who issued it", page);
        Assert.DoesNotContain("mailto:", page);
    }

    static void InOrder(IReadOnlyList<string> items, params string[] expected)
    {
        var at = -1;
        foreach (var item in expected)
        {
            var next = items.ToList().FindIndex(at + 1, i => i == item);
            Assert.True(next > at, $"\"{item}\" is not after \"{(at >= 0 ? items[at] : "the start")}\" in reading order:\n{string.Join("\n", items)}");
            at = next;
        }
    }

    static string PdfInfo(string name)
    {
        var start = new ProcessStartInfo("pdfinfo", [Path.Combine(Folder, name + ".pdf")]) { RedirectStandardOutput = true };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("pdfinfo did not start (install poppler-utils).");
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return output;
    }

    static byte[] Entry(byte[] zip, string name)
    {
        using var archive = new ZipArchive(new MemoryStream(zip), ZipArchiveMode.Read);
        using var stream = archive.GetEntry(name)!.Open();
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return memory.ToArray();
    }
}
