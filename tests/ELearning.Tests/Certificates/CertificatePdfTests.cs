using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using ELearning.Tests.Support;
using System.Text.RegularExpressions;
using UglyToad.PdfPig;
using UglyToad.PdfPig.DocumentLayoutAnalysis.TextExtractor;

namespace ELearning.Tests.Certificates;

public sealed class CertificatePdfTests : IAsyncLifetime
{
    readonly ELearningApp app = new();
    public Task InitializeAsync() => Task.CompletedTask;
    public Task DisposeAsync() => app.DisposeAsync().AsTask();

    [Fact]
    public async Task The_pdf_text_names_the_delegate_course_certificate_id_and_completion_date()
    {
        var (asha, certificate) = await CertificateWalk.CertifiedAsync(app);
        var id = certificate.GetProperty("id").GetString()!;

        var pdf = await CertificateWalk.GetBytesAsync(asha.Http, $"/api/certificates/{id}.pdf", "application/pdf");

        var text = PdfText(pdf);
        File.WriteAllText(Path.Combine(TestOutput.Folder("certificates"), "certificate.txt"), text);
        Assert.Contains("Asha Patel", text);
        Assert.Contains("Social media and your professional standards", text);
        Assert.Contains(id, text);
        var issuedInUk = TimeZoneInfo.ConvertTime(certificate.GetProperty("issuedAt").GetDateTimeOffset(), TimeZoneInfo.FindSystemTimeZoneById("Europe/London"));
        Assert.Contains("Completed on " + issuedInUk.ToString("d MMMM yyyy", System.Globalization.CultureInfo.GetCultureInfo("en-GB")), text);
        Assert.Contains("Registration number PH123456", text);
        Assert.Contains("Physiotherapist", text);
        Assert.Contains("16 minutes", text);
        Assert.Contains("Confidentiality and privacy", text);
        Assert.Contains("100%", text);
        Assert.Contains($"http://localhost:5080/verify/{id}", text.Replace("/verify/ ", "/verify/"));
        Assert.Contains("You must treat information about service users as confidential.", text);
    }

    [Fact]
    public async Task The_completion_date_is_the_uk_date_when_the_last_module_was_passed()
    {
        // 23:30 UTC on 30 June is 00:30 on 1 July in the UK (BST).
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 6, 30, 23, 30, 0, TimeSpan.Zero));
        using var dated = app.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(clock)));
        var (asha, certificate) = await CertificateWalk.CertifiedAsync(dated);
        var id = certificate.GetProperty("id").GetString();

        var pdf = await CertificateWalk.GetBytesAsync(asha.Http, $"/api/certificates/{id}.pdf", "application/pdf");
        var verified = await dated.CreateClient().GetFromJsonAsync<JsonElement>($"/api/verify/{id}");

        Assert.Contains("Completed on 1 July 2026", PdfText(pdf));
        Assert.Contains("1 Jul 2026", PdfText(pdf));
        Assert.Equal("2026-07-01", verified.GetProperty("date").GetString());
    }

    [Fact]
    public async Task The_pdf_is_a4_landscape_with_embedded_fonts_and_well_under_200_kb()
    {
        var (asha, certificate) = await CertificateWalk.CertifiedAsync(app);

        var pdf = await CertificateWalk.GetBytesAsync(asha.Http, $"/api/certificates/{certificate.GetProperty("id").GetString()}.pdf", "application/pdf");

        Assert.True(pdf.Length < 150_000, $"The PDF is {pdf.Length:N0} bytes.");
        using var document = PdfDocument.Open(pdf);
        var first = document.GetPage(1);
        Assert.Equal((842, 595), ((int)Math.Round(first.Width), (int)Math.Round(first.Height)));
        Assert.Contains("FontFile2", Encoding.Latin1.GetString(pdf)); // TrueType font programs are embedded, not referenced
        Assert.All(first.Letters.Where(l => !string.IsNullOrWhiteSpace(l.Value)), l => Assert.Contains("Noto", l.FontName));
    }

    [Fact]
    public async Task The_pdf_renders_to_png_pages_kept_for_a_person_to_look_at()
    {
        var (asha, certificate) = await CertificateWalk.CertifiedAsync(app);
        var pdf = await CertificateWalk.GetBytesAsync(asha.Http, $"/api/certificates/{certificate.GetProperty("id").GetString()}.pdf", "application/pdf");

        var pngs = TestOutput.RenderPngs(pdf, TestOutput.Folder("certificates"), "certificate");

        Assert.Equal(2, pngs.Count);
        Assert.All(pngs, png => Assert.True(new FileInfo(png).Length > 10_000, $"{png} looks blank."));
    }

    [Theory]
    [InlineData("accents", "Zoë Åsa Núñez-Łukasiewicz")]
    [InlineData("apostrophe", "Siobhán O'Neill-D'Arcy")]
    [InlineData("injection", "<script>alert('x')</script> & \"Bobby\" Tables")]
    public async Task Names_print_exactly_as_written(string label, string name)
    {
        var (asha, certificate) = await CertificateWalk.CertifiedAsync(app, name);
        var pdf = await CertificateWalk.GetBytesAsync(asha.Http, $"/api/certificates/{certificate.GetProperty("id").GetString()}.pdf", "application/pdf");

        TestOutput.RenderPngs(pdf, TestOutput.Folder("certificates"), $"name-{label}");

        Assert.Contains(name, PdfText(pdf));
    }

    [Theory]
    [InlineData("arabic", "محمد عبد الله")]
    [InlineData("hebrew", "שרה לוי")]
    public async Task Right_to_left_names_are_drawn_with_their_own_fonts_and_read_back_as_written(string label, string name)
    {
        var (asha, certificate) = await CertificateWalk.CertifiedAsync(app, name);
        var pdf = await CertificateWalk.GetBytesAsync(asha.Http, $"/api/certificates/{certificate.GetProperty("id").GetString()}.pdf", "application/pdf");

        var pngs = TestOutput.RenderPngs(pdf, TestOutput.Folder("certificates"), $"name-{label}");

        Assert.Contains(name, TestOutput.PdfToText(TestOutput.Folder("certificates"), $"name-{label}"));
        using var document = PdfDocument.Open(pdf);
        var script = label == "arabic" ? "NotoSansArabic" : "NotoSansHebrew";
        Assert.Contains(document.GetPage(1).Letters, l => l.FontName?.Contains(script) == true);
        Assert.Equal(2, pngs.Count);
    }

    /// <summary>The text of every page in drawing order, with runs of white space (line breaks included) as one space.</summary>
    public static string PdfText(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        var text = string.Join(" ", document.GetPages().Select(p => ContentOrderTextExtractor.GetText(p)));
        return Regex.Replace(text, @"\s+", " ");
    }
}
