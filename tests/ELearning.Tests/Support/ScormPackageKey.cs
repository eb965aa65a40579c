using System.IO.Compression;
using System.Text.RegularExpressions;

namespace ELearning.Tests.Support;

/// <summary>The package key a trust's SCORM 1.2 package carries (in sco/config.js, so every learner's browser holds it).</summary>
public static class ScormPackageKey
{
    public static async Task<string> DownloadAsync(HttpClient admin, string trust)
    {
        using var zip = new ZipArchive(new MemoryStream(await admin.GetByteArrayAsync($"/api/lms/scorm12.zip?trust={Uri.EscapeDataString(trust)}")));
        using var reader = new StreamReader(zip.GetEntry("sco/config.js")!.Open());
        return Regex.Match(await reader.ReadToEndAsync(), "packageKey\":\"([^\"]+)").Groups[1].Value;
    }
}
