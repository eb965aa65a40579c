// A workshop's worth of delegates answering at the same moment: starts the published API on 127.0.0.1 as N nodes on one
// database (a fresh SQLite file, or the PostgreSQL / SQL Server database named by the connection string), signs in the
// delegates spread across the nodes (as a load balancer would), starts an attempt each, then has them all answer the
// same node at once, round after round. Prints each round and a RESULT line (answers/s, p50/p95/p99, failures) over
// all rounds. Stops the API processes when done.
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;

var apiDll = args.ElementAtOrDefault(0) ?? throw new ArgumentException("usage: Answers <ELearning.Api.dll> [delegates] [rounds] [provider] [nodes] [connection string]");
var delegates = int.Parse(args.ElementAtOrDefault(1) ?? "300");
var rounds = int.Parse(args.ElementAtOrDefault(2) ?? "3");
var provider = args.ElementAtOrDefault(3) ?? "sqlite";
var nodeCount = int.Parse(args.ElementAtOrDefault(4) ?? "1");
var folder = Directory.CreateTempSubdirectory("elearning-bench-").FullName;
var connectionString = args.ElementAtOrDefault(5) is { Length: > 0 } cs ? cs : $"Data Source={folder}/bench.db";
if (provider != "sqlite" && args.ElementAtOrDefault(5) is not { Length: > 0 }) throw new ArgumentException($"{provider} needs a connection string.");

var nodes = new List<(Process Process, HttpClient Http)>();
try
{
    for (var n = 0; n < nodeCount; n++)
    {
        var port = FreePort();
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
        nodes.Add((api, new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1000 }) { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromMinutes(2) }));
    }
    foreach (var (_, http) in nodes)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            try { if ((await http.GetAsync("/health")).IsSuccessStatusCode) break; } catch (HttpRequestException) { }
            if (DateTime.UtcNow > deadline) throw new TimeoutException("The API did not start.");
            await Task.Delay(200);
        }
    }
    HttpClient Node(int i) => nodes[i % nodes.Count].Http;
    var course = await Node(0).GetFromJsonAsync<JsonElement>("/api/course");
    var moduleId = course.GetProperty("modules")[0].GetProperty("id").GetString()!;

    var sessions = await Task.WhenAll(Enumerable.Range(0, delegates).Select(async i =>
    {
        var signIn = await (await Node(i).PostAsJsonAsync("/api/learners", new { name = $"Delegate {i}" })).Content.ReadFromJsonAsync<JsonElement>();
        var token = signIn.GetProperty("token").GetString()!;
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/attempts") { Content = JsonContent.Create(new { moduleId }) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var started = await (await Node(i).SendAsync(request)).Content.ReadFromJsonAsync<JsonElement>();
        return (token, attempt: started.GetProperty("attemptId").GetString()!, next: started.GetProperty("next"));
    }));
    var caseId = sessions[0].next.GetProperty("caseId").GetString()!;
    var @case = await Node(0).GetFromJsonAsync<JsonElement>($"/api/modules/{moduleId}/cases/{caseId}");

    Console.WriteLine($"{provider}, {nodeCount} node(s): {delegates} delegates, module '{moduleId}', {rounds} rounds of simultaneous answers");
    var position = sessions.Select(s => (caseId: s.next.GetProperty("caseId").GetString()!, nodeId: s.next.GetProperty("nodeId").GetString()!)).ToArray();
    var all = new List<double>();
    var totalFailures = 0;
    var totalTime = TimeSpan.Zero;
    for (var round = 1; round <= rounds; round++)
    {
        var node = @case.GetProperty("nodes").EnumerateArray().First(n => n.GetProperty("id").GetString() == position[0].nodeId);
        var response = ResponseFor(node);
        var latencies = new double[delegates];
        var failures = 0;
        var clock = Stopwatch.StartNew();
        var outcomes = await Task.WhenAll(Enumerable.Range(0, delegates).Select(async i =>
        {
            var request = new HttpRequestMessage(HttpMethod.Post, $"/api/attempts/{sessions[i].attempt}/answers")
            {
                Content = JsonContent.Create(new { position[i].caseId, position[i].nodeId, response }),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", sessions[i].token);
            var started = Stopwatch.GetTimestamp();
            var reply = await Node(i).SendAsync(request);
            latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            if (!reply.IsSuccessStatusCode) { Interlocked.Increment(ref failures); return default; }
            return await reply.Content.ReadFromJsonAsync<JsonElement>();
        }));
        clock.Stop();
        all.AddRange(latencies);
        totalFailures += failures;
        totalTime += clock.Elapsed;
        Array.Sort(latencies);
        Console.WriteLine($"round {round} ({node.GetProperty("type").GetString()}): {delegates} answers in {clock.Elapsed.TotalMilliseconds:F0} ms = {delegates / clock.Elapsed.TotalSeconds:F0} answers/s; " +
                          $"latency p50 {latencies[delegates / 2]:F0} ms, p95 {latencies[(int)(delegates * 0.95)]:F0} ms, p99 {latencies[(int)(delegates * 0.99)]:F0} ms; failures {failures}");
        if (failures > 0 || outcomes[0].GetProperty("next").ValueKind == JsonValueKind.Null) break;
        var next = outcomes[0].GetProperty("next");
        if (next.GetProperty("caseId").GetString() != caseId) break;
        position = outcomes.Select(o => (o.GetProperty("next").GetProperty("caseId").GetString()!, o.GetProperty("next").GetProperty("nodeId").GetString()!)).ToArray();
    }
    all.Sort();
    double P(double q) => all[Math.Min(all.Count - 1, (int)(all.Count * q))];
    Console.WriteLine($"RESULT|{provider}|{nodeCount}|{all.Count / totalTime.TotalSeconds:F0}|{P(0.50):F0}|{P(0.95):F0}|{P(0.99):F0}|{totalFailures}|{all.Count}");
}
finally
{
    foreach (var (api, http) in nodes)
    {
        http.Dispose();
        if (!api.HasExited) { api.Kill(entireProcessTree: true); await api.WaitForExitAsync(); }
    }
    Directory.Delete(folder, recursive: true);
}

static object ResponseFor(JsonElement node) => node.GetProperty("type").GetString() switch
{
    "single-choice" => new { choices = new[] { node.GetProperty("options")[0].GetProperty("id").GetString() } },
    "multiple-response" => new { choices = new[] { node.GetProperty("options")[0].GetProperty("id").GetString() } },
    "select-text" => new { selected = new[] { node.GetProperty("segments").EnumerateArray().First(s => s.GetProperty("id").ValueKind == JsonValueKind.String).GetProperty("id").GetString() } },
    "true-false" => new { value = true },
    "reflection" => new { text = "A reflection written for the benchmark." },
    _ => new { },
};

static int FreePort()
{
    using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
    listener.Start();
    return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
}
