// Renders certificate PDFs as GET /api/certificates/{id}.pdf does, first on one thread (the baseline), then on
// every core at once (as concurrent requests do), and prints certificates per second, CPU time and bytes
// allocated per certificate for each, and their ratios. Whole-process figures, one sitting.
using System.Diagnostics;
using ELearning.Api.Certificates;
using ELearning.Api.Content;

var count = args.Length > 0 && int.TryParse(args[0], out var n) ? n : 1000;
var catalog = ContentLoader.Load(Path.Combine(AppContext.BaseDirectory, "bench-content"));

string[] names =
[
    "Asha Patel", "Siobhán O'Neill-D'Arcy", "Zoë Åsa Núñez-Łukasiewicz", "محمد عبد الله", "שרה לוי",
    "Dr Oluwaseun Adeyemi-Richardson", "<script>alert('x')</script>", "Wei Chen",
];
var modules = catalog.Modules.Select((m, i) => new CertificateModule(m.Id, m.Definition.Title, 0.8 + i * 0.05, DateTimeOffset.UtcNow)).ToList();
Certificate Make(int i) => new(CertificateIds.New(), Guid.NewGuid(), catalog.Course.Id, catalog.Course.Title, names[i % names.Length],
    i % 3 == 0 ? null : $"PH{100000 + i}", i % 2 == 0 ? "Physiotherapist" : "Paramedic", modules, catalog.CpdMinutes,
    DateTimeOffset.UtcNow, "", i % 50 == 7 ? DateTimeOffset.UtcNow : null, null);
byte[] Render(Certificate c) => CertificatePdf.Render(
    CertificateSheet.From(c, catalog, "ELearning CPD", $"https://elearning.example/verify/{c.Id}"), DateTimeOffset.UtcNow);

var certificates = Enumerable.Range(0, count).Select(Make).ToArray();
for (var i = 0; i < 300; i++) Render(certificates[i % count]); // warm-up: JIT (past tiering), font loading, HarfBuzz faces, shared caches
Parallel.For(0, 50, i => Render(certificates[i % count]));

var process = Process.GetCurrentProcess();
var sizes = new long[count];
var oneThread = Measure("one thread", () => { for (var i = 0; i < count; i++) sizes[i] = Render(certificates[i]).Length; });
var threads = Environment.ProcessorCount;
var parallel = Measure($"{threads} threads", () => Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = threads },
    i => sizes[i] = Render(certificates[i]).Length));
process.Refresh();

Console.WriteLine();
Console.WriteLine($"bytes per PDF             {sizes.Average(),10:N0}   (min {sizes.Min():N0}, max {sizes.Max():N0})");
Console.WriteLine($"peak working set          {process.PeakWorkingSet64 / 1048576.0,10:N1} MiB (whole process)");
Console.WriteLine($"ratio {threads} threads / one thread: certificates/s {parallel.PerSecond / oneThread.PerSecond:N2} " +
    $"(ideal {threads}), CPU per certificate {parallel.CpuMs / oneThread.CpuMs:N2}, bytes allocated {parallel.Bytes / oneThread.Bytes:N2}");
Console.WriteLine($"certificates: {parallel.PerSecond:N1}/s on {threads} threads ({oneThread.PerSecond:N1}/s on one, ratio {parallel.PerSecond / oneThread.PerSecond:N2}); " +
    $"CPU {oneThread.CpuMs:N2} ms, {oneThread.Bytes / 1024:N0} KiB allocated per certificate");

(double PerSecond, double CpuMs, double Bytes) Measure(string label, Action run)
{
    GC.Collect();
    process.Refresh();
    var cpuBefore = process.TotalProcessorTime;
    var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
    var clock = Stopwatch.StartNew();
    run();
    clock.Stop();
    process.Refresh();
    var result = (count / clock.Elapsed.TotalSeconds, (process.TotalProcessorTime - cpuBefore).TotalMilliseconds / count,
        (GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore) / (double)count);
    Console.WriteLine($"{label,-12} {count,6:N0} certificates in {clock.Elapsed.TotalSeconds,6:N2} s: {result.Item1,7:N1}/s, " +
        $"CPU {result.Item2,6:N2} ms and {result.Item3 / 1024,7:N0} KiB allocated per certificate");
    return result;
}
