// A workshop's worth of delegates answering: starts the published API on 127.0.0.1 as N nodes on one database (a
// fresh SQLite file, or the PostgreSQL / SQL Server database named by the connection string), signs delegates in
// spread across the nodes (as a load balancer would), warms the API up (answers not counted, until its tiered
// compilation is quiet), then measures
//   burst:  every delegate answers the same node at the same moment, round after round;
//   steady: N other delegates each answer every T seconds (spread over the interval), for a while;
// and, on SQLite, the group-commit ceiling of the same disk: the rows a burst wrote (answer, attempt progress,
// xAPI statements), written again with the burst's own keys in batches of 50 per transaction with synchronous=FULL,
// on a copy of the database, just before the burst and just after it (GroupCommitCeiling.cs), and the same burst
// against a bare Kestrel app (HttpFloor.cs).
// Prints a RESULT line for the script and, last, the summary line. Stops the API processes when done.
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Data.Sqlite;

var apiDll = args.ElementAtOrDefault(0) ?? throw new ArgumentException(
    "usage: Answers <ELearning.Api.dll> [delegates] [rounds] [provider] [nodes] [connection string] [steady delegates] [interval s] [steady s]");
var delegates = int.Parse(args.ElementAtOrDefault(1) ?? "300");
var rounds = int.Parse(args.ElementAtOrDefault(2) ?? "20");
var provider = args.ElementAtOrDefault(3) ?? "sqlite";
var nodeCount = int.Parse(args.ElementAtOrDefault(4) ?? "1");
var steadyDelegates = int.Parse(args.ElementAtOrDefault(6) is { Length: > 0 } sd ? sd : "500");
var interval = double.Parse(args.ElementAtOrDefault(7) is { Length: > 0 } iv ? iv : "5", System.Globalization.CultureInfo.InvariantCulture);
var steadySeconds = double.Parse(args.ElementAtOrDefault(8) is { Length: > 0 } ss ? ss : "30", System.Globalization.CultureInfo.InvariantCulture);
var folder = Directory.CreateTempSubdirectory("elearning-bench-").FullName;
var databaseFile = $"{folder}/bench.db";
var connectionString = args.ElementAtOrDefault(5) is { Length: > 0 } cs ? cs : $"Data Source={databaseFile}";
if (provider != "sqlite" && args.ElementAtOrDefault(5) is not { Length: > 0 }) throw new ArgumentException($"{provider} needs a connection string.");

var nodes = new List<(Process Process, HttpClient Http)>();
try
{
    for (var n = 0; n < nodeCount; n++)
    {
        var port = Ports.Free();
        var api = Process.Start(new ProcessStartInfo("dotnet", [apiDll, "--urls", $"http://127.0.0.1:{port}", "--Database:Provider", provider,
            "--ConnectionStrings:ELearning", connectionString, "--Certificates:SigningKeyPath", $"{folder}/key.pem", "--Logging:LogLevel:Default", "Warning",
            // The bench measures throughput, not the limits that stop one caller hammering a door.
            "--RateLimits:SignInsPerMinute", "1000000", "--RateLimits:AnswersPerMinute", "1000000"])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetDirectoryName(Path.GetFullPath(apiDll))!,
        })!;
        api.OutputDataReceived += (_, _) => { };
        api.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine(e.Data); };
        api.BeginOutputReadLine();
        api.BeginErrorReadLine();
        nodes.Add((api, new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 2000 }) { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromMinutes(2) }));
    }
    foreach (var (_, http) in nodes) await Started.WaitAsync(http, "/health", TimeSpan.FromSeconds(90), "The API");
    HttpClient Node(int i) => nodes[i % nodes.Count].Http;
    var course = await Node(0).GetFromJsonAsync<JsonElement>("/api/course");
    var moduleId = course.GetProperty("modules")[0].GetProperty("id").GetString()!;
    // Concurrent delegates reach a case at the same moment: one fetch each, shared.
    var cases = new System.Collections.Concurrent.ConcurrentDictionary<string, Lazy<Task<JsonElement>>>();
    async Task<JsonElement> NodeOf(string caseId, string nodeId)
    {
        var @case = await cases.GetOrAdd(caseId, id => new Lazy<Task<JsonElement>>(
            () => Node(0).GetFromJsonAsync<JsonElement>($"/api/modules/{moduleId}/cases/{id}"))).Value;
        return @case.GetProperty("nodes").EnumerateArray().First(n => n.GetProperty("id").GetString() == nodeId);
    }

    async Task<Delegate> SignIn(int i, string label)
    {
        var signIn = await (await Node(i).PostAsync("/api/learners", JsonBody.Of(new { name = $"{label} {i}" }))).Content.ReadFromJsonAsync<JsonElement>();
        var d = new Delegate(Node(i), signIn.GetProperty("token").GetString()!);
        await d.StartAsync(moduleId);
        return d;
    }

    // One answer to wherever the delegate is; a delegate at the end of the module starts it again.
    async Task<(bool Ok, double Ms)> Answer(Delegate d)
    {
        if (d.CaseId is null) await d.StartAsync(moduleId);
        var response = ResponseFor(await NodeOf(d.CaseId!, d.NodeId!));
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/attempts/{d.AttemptId}/answers")
        {
            Content = JsonBody.Of(new { caseId = d.CaseId, nodeId = d.NodeId, response }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", d.Token);
        var started = Stopwatch.GetTimestamp();
        using var reply = await d.Http.SendAsync(request);
        var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        if (!reply.IsSuccessStatusCode) return (false, ms);
        d.MoveTo((await reply.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("next"));
        return (true, ms);
    }

    // Warm-up, not counted: a workshop's server has been serving its delegates for a while before they all answer
    // at once, so the burst meets code already compiled at its final tier, and warm pools. Tiered compilation
    // recompiles a hot method in the background only after it has been called 30 times with no new method compiled in
    // the last 100 ms, and tiered PGO compiles it twice, so a fixed warm-up and a pause were not enough: measured, the
    // compiler thread still took up to a core during the burst after 30 rounds and a 2 s pause (idle, the pause
    // compiled nothing that the burst then needed). So the warm-up goes on, round after round, until five rounds in a
    // row have cost the API's compiler thread under 30 ms of CPU (about 70 rounds on two cores, at most 300); the
    // burst's delegates sign in before it, so what their sign-ins compile is done too. The line "tiered compilation
    // during the burst" shows what was left.
    var warm = await Task.WhenAll(Enumerable.Range(0, delegates).Select(i => SignIn(i, "Warm-up")));
    var burst = await Task.WhenAll(Enumerable.Range(0, delegates).Select(i => SignIn(i, "Delegate")));
    TimeSpan CompilerCpu() => nodes.Aggregate(TimeSpan.Zero, (sum, n) => sum + RuntimeThreads.TieredCompilerCpu(n.Process.Id));
    var warmRounds = 0;
    var lastRounds = new Queue<TimeSpan>();
    while (warmRounds < 300)
    {
        var before = CompilerCpu();
        await Task.WhenAll(warm.Select(Answer));
        warmRounds++;
        lastRounds.Enqueue(CompilerCpu() - before);
        if (lastRounds.Count > 5) lastRounds.Dequeue();
        if (warmRounds >= 30 && lastRounds.Count == 5 && lastRounds.Sum(t => t.TotalMilliseconds) < 30) break;
    }
    Console.WriteLine($"warm-up: {warmRounds} rounds of {delegates} answers, until the API's tiered compilation went quiet ({CompilerCpu().TotalMilliseconds:F0} ms of its CPU so far)");
    // On SQLite the group-commit ceiling is measured just before the burst and just after it (GroupCommitCeiling.Point),
    // and the burst is read against their mean: this disk's fsyncs drift by half or more over minutes on a shared
    // machine (the probe read from 5,435 to 10,154/s within one sitting on 7 Dec 2026). One round by the
    // warm-up's delegates (not counted) wakes the API from the probe's pause before the burst begins.
    double? ceilingBefore = null;
    if (provider == "sqlite")
    {
        ceilingBefore = GroupCommitCeiling.Point(databaseFile, folder);
        await Task.WhenAll(warm.Select(Answer));
    }
    var compilerBefore = CompilerCpu();
    Console.WriteLine($"{provider}, {nodeCount} node(s): {delegates} delegates, module '{moduleId}', {rounds} rounds of simultaneous answers (after a warm-up)");
    var all = new List<double>();
    var failures = 0;
    var burstTime = TimeSpan.Zero;
    // Where the burst's CPU goes: the API's processes against this client's (both on the same cores).
    TimeSpan ApiCpu() => nodes.Aggregate(TimeSpan.Zero, (sum, n) => { n.Process.Refresh(); return sum + n.Process.TotalProcessorTime; });
    TimeSpan WriterCpu() => nodes.Aggregate(TimeSpan.Zero, (sum, n) => sum + RuntimeThreads.SqliteWriterCpu(n.Process.Id));
    var (apiCpuBefore, clientCpuBefore, writerCpuBefore) = (ApiCpu(), Process.GetCurrentProcess().TotalProcessorTime, WriterCpu());
    for (var round = 1; round <= rounds; round++)
    {
        // A delegate at the end of the module starts it again inside Answer: that round's first node is the module's first.
        var type = burst[0].CaseId is { } at ? (await NodeOf(at, burst[0].NodeId!)).GetProperty("type").GetString() : "a new attempt's first node";
        var clock = Stopwatch.StartNew();
        var outcomes = await Task.WhenAll(burst.Select(Answer));
        clock.Stop();
        var latencies = outcomes.Select(o => o.Ms).Order().ToArray();
        var failed = outcomes.Count(o => !o.Ok);
        all.AddRange(latencies);
        failures += failed;
        burstTime += clock.Elapsed;
        Console.WriteLine($"round {round} ({type}): {delegates} answers in {clock.Elapsed.TotalMilliseconds:F0} ms = {delegates / clock.Elapsed.TotalSeconds:F0} answers/s; " +
                          $"p50 {Q(latencies, 0.50):F0} ms, p95 {Q(latencies, 0.95):F0} ms, p99 {Q(latencies, 0.99):F0} ms, max {latencies[^1]:F0} ms; failures {failed}");
        if (failed > 0) break;
    }
    var sorted = all.Order().ToArray();
    var burstRate = sorted.Length / burstTime.TotalSeconds;
    var (apiCpu, clientCpu, writerCpu) = (ApiCpu() - apiCpuBefore, Process.GetCurrentProcess().TotalProcessorTime - clientCpuBefore, WriterCpu() - writerCpuBefore);
    Console.WriteLine($"tiered compilation during the burst: {(CompilerCpu() - compilerBefore).TotalMilliseconds:F0} ms of the API's CPU");
    Console.WriteLine($"burst CPU per answer: API {apiCpu.TotalMilliseconds / Math.Max(1, sorted.Length):F2} ms, " +
                      $"this client {clientCpu.TotalMilliseconds / Math.Max(1, sorted.Length):F2} ms ({Environment.ProcessorCount} cores); " +
                      $"of the API's, its SQLite writer {writerCpu.TotalMilliseconds / Math.Max(1, sorted.Length):F3} ms (one at a time; 0 on a server database)");
    Console.WriteLine($"burst: {burstRate:F0} answers/s, p50 {Q(sorted, 0.50):F0} ms, p95 {Q(sorted, 0.95):F0} ms, p99 {Q(sorted, 0.99):F0} ms, " +
                      $"max {sorted[^1]:F0} ms, failures {failures} of {sorted.Length}");
    double? ceiling = ceilingBefore is { } first ? (first + GroupCommitCeiling.Point(databaseFile, folder)) / 2 : null;

    // Steady: each delegate answers every `interval` seconds, the delegates' turns spread evenly over the interval.
    var steady = new List<Delegate>();
    foreach (var chunk in Enumerable.Range(0, steadyDelegates).Chunk(100))
        steady.AddRange(await Task.WhenAll(chunk.Select(i => SignIn(i, "Steady"))));
    var steadyLatencies = new List<double>();
    var steadyFailures = 0;
    var steadyClock = Stopwatch.StartNew();
    await Task.WhenAll(steady.Select(async (d, i) =>
    {
        var next = TimeSpan.FromSeconds(interval * i / steadyDelegates);
        while (next.TotalSeconds < steadySeconds)
        {
            var wait = next - steadyClock.Elapsed;
            if (wait > TimeSpan.Zero) await Task.Delay(wait);
            var (ok, ms) = await Answer(d);
            lock (steadyLatencies) { steadyLatencies.Add(ms); if (!ok) steadyFailures++; }
            next += TimeSpan.FromSeconds(interval);
        }
    }));
    var steadySorted = steadyLatencies.Order().ToArray();
    Console.WriteLine($"steady: {steadyDelegates} delegates answering every {interval:0.#} s for {steadySeconds:0} s: {steadySorted.Length} answers " +
                      $"({steadySorted.Length / steadyClock.Elapsed.TotalSeconds:F0}/s), p50 {Q(steadySorted, 0.50):F0} ms, p95 {Q(steadySorted, 0.95):F0} ms, " +
                      $"p99 {Q(steadySorted, 0.99):F0} ms, max {steadySorted[^1]:F0} ms, failures {steadyFailures}");

    if (args.ElementAtOrDefault(9) is { Length: > 0 } bareDll)
    {
        var floor = await HttpFloor.MeasureAsync(bareDll, burst.Select(d => (d.Token, d.AttemptId!, d.CaseId ?? "case", d.NodeId ?? "node")).ToList(), rounds);
        Console.WriteLine($"floor: a bare Kestrel app (bench/Startup) taking the same burst from this client: {floor:F0} answers/s; " +
                          $"the API's burst is {burstRate / floor:F2} of it");
    }
    Console.WriteLine($"RESULT|{provider}|{nodeCount}|{burstRate:F0}|{Q(sorted, 0.50):F0}|{Q(sorted, 0.95):F0}|{Q(sorted, 0.99):F0}|{failures}|{sorted.Length}");
    Console.WriteLine($"answers: burst {burstRate:F0}/s p99 {Q(sorted, 0.99):F0} ms (ceiling {(ceiling is { } c ? c.ToString("F0") : "n/a")}/s, " +
                      $"ratio {(ceiling is { } c2 ? (burstRate / c2).ToString("F2") : "n/a")}); steady p99 {Q(steadySorted, 0.99):F0} ms");
}
finally
{
    foreach (var (api, http) in nodes)
    {
        http.Dispose();
        if (!api.HasExited) { api.Kill(entireProcessTree: true); await api.WaitForExitAsync(); }
    }
    SqliteConnection.ClearAllPools();
    Directory.Delete(folder, recursive: true);
}

static double Q(double[] sorted, double q) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)(sorted.Length * q))];

static object ResponseFor(JsonElement node) => node.GetProperty("type").GetString() switch
{
    "single-choice" => new { choices = new[] { node.GetProperty("options")[0].GetProperty("id").GetString() } },
    "multiple-response" => new { choices = new[] { node.GetProperty("options")[0].GetProperty("id").GetString() } },
    "select-text" => new { selected = new[] { node.GetProperty("segments").EnumerateArray().First(s => s.GetProperty("id").ValueKind == JsonValueKind.String).GetProperty("id").GetString() } },
    "true-false" => new { value = true },
    "reflection" => new { text = "A reflection written for the benchmark." },
    _ => new { },
};

/// <summary>A signed-in delegate and where they are in their attempt.</summary>
sealed class Delegate(HttpClient http, string token)
{
    public HttpClient Http { get; } = http;
    public string Token { get; } = token;
    public string? AttemptId { get; private set; }
    public string? CaseId { get; private set; }
    public string? NodeId { get; private set; }

    public async Task StartAsync(string moduleId)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/attempts") { Content = JsonBody.Of(new { moduleId }) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        using var reply = await Http.SendAsync(request);
        var started = await reply.Content.ReadFromJsonAsync<JsonElement>();
        AttemptId = started.GetProperty("attemptId").GetString();
        MoveTo(started.GetProperty("next"));
    }

    public void MoveTo(JsonElement next)
    {
        CaseId = next.ValueKind == JsonValueKind.Null ? null : next.GetProperty("caseId").GetString();
        NodeId = next.ValueKind == JsonValueKind.Null ? null : next.GetProperty("nodeId").GetString();
    }
}
