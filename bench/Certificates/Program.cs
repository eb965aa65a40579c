// Renders 1,000 certificate PDFs, one after another, as GET /api/certificates/{id}.pdf does, and prints
// whole-process figures: certificates per second, bytes per PDF and peak memory.
using System.Diagnostics;
using System.Security.Cryptography;
using ELearning.Api.Certificates;
using ELearning.Api.Content;
using Microsoft.Extensions.Logging.Abstractions;

var count = args.Length > 0 && int.TryParse(args[0], out var n) ? n : 1000;
var catalog = ContentLoader.Load(Path.Combine(AppContext.BaseDirectory, "bench-content"));

string[] names =
[
    "Asha Patel", "Siobhán O'Neill-D'Arcy", "Zoë Åsa Núñez-Łukasiewicz", "محمد عبد الله", "שרה לוי",
    "Dr Oluwaseun Adeyemi-Richardson", "<script>alert('x')</script>", "Wei Chen",
];
var modules = catalog.Modules.Select((m, i) => new CertificateModule(m.Id, m.Definition.Title, 0.8 + i * 0.05, DateTimeOffset.UtcNow)).ToList();
Certificate Make(int i) => new(CertificateIds.New(), Guid.NewGuid(), catalog.Course.Id, catalog.Course.Title, names[i % names.Length],
    i % 3 == 0 ? null : $"PH{100000 + i}", i % 2 == 0 ? "Physiotherapist" : "Paramedic", modules, catalog.Course.CpdMinutes,
    DateTimeOffset.UtcNow, "", null, null);
byte[] Render(Certificate c) => CertificatePdf.Render(
    CertificateSheet.From(c, catalog, "ELearning CPD", $"https://elearning.example/verify/{c.Id}"), DateTimeOffset.UtcNow);

for (var i = 0; i < 20; i++) Render(Make(i)); // warm-up: JIT, font loading, HarfBuzz faces

var process = Process.GetCurrentProcess();
var cpuBefore = process.TotalProcessorTime;
var sizes = new long[count];
var clock = Stopwatch.StartNew();
for (var i = 0; i < count; i++) sizes[i] = Render(Make(i)).Length;
clock.Stop();
process.Refresh();
var cpu = process.TotalProcessorTime - cpuBefore;

// Signing cost, for comparison: one RS256 signature per issued certificate.
var keyFile = Path.Combine(Path.GetTempPath(), $"bench-key-{Guid.NewGuid():N}.pem");
using (var keys = SigningKeys.Load(new CertificateOptions { SigningKeyPath = keyFile }, new Uri("https://elearning.example/"), "/", NullLogger.Instance))
{
    var signer = new CredentialSigner(keys, TimeProvider.System);
    var issuer = new Issuer("https://elearning.example/", "ELearning CPD");
    var signing = Stopwatch.StartNew();
    for (var i = 0; i < 200; i++)
        signer.Sign(OpenBadgeCredential.Build(Make(i), "a@example.nhs.uk", catalog.Course, issuer, new Uri("https://elearning.example/"), OpenBadgeCredential.NewSalt()));
    signing.Stop();
    Console.WriteLine($"signed credentials/s      {200 / signing.Elapsed.TotalSeconds,10:N1}   (RS256, 3072-bit key)");
}
File.Delete(keyFile);

Console.WriteLine($"certificates rendered     {count,10:N0}   in {clock.Elapsed.TotalSeconds:N2} s, one thread, {Environment.ProcessorCount} cores");
Console.WriteLine($"certificates/s            {count / clock.Elapsed.TotalSeconds,10:N1}");
Console.WriteLine($"ms per certificate        {clock.Elapsed.TotalMilliseconds / count,10:N2}   (CPU {cpu.TotalMilliseconds / count:N2} ms)");
Console.WriteLine($"bytes per PDF             {sizes.Average(),10:N0}   (min {sizes.Min():N0}, max {sizes.Max():N0})");
Console.WriteLine($"peak working set          {process.PeakWorkingSet64 / 1048576.0,10:N1} MiB (whole process)");
Console.WriteLine($"managed heap now          {GC.GetTotalMemory(false) / 1048576.0,10:N1} MiB; allocated {GC.GetTotalAllocatedBytes() / 1048576.0:N0} MiB in all");
