// 300 delegates in one workshop answer the same node at once while the facilitator's projector listens on the
// workshop's event stream. For each answer: the time from its response reaching the delegate to the first event
// that counts at least as many answers as had been acknowledged by then (0 if that event came first). Then the API's
// resident memory with many streams open, against the same API before they opened. Stops the API when done.
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;

var apiDll = args.ElementAtOrDefault(0) ?? throw new ArgumentException("usage: Workshop <path to ELearning.Api.dll> [delegates] [streams]");
var delegates = int.Parse(args.ElementAtOrDefault(1) ?? "300");
var streams = int.Parse(args.ElementAtOrDefault(2) ?? "200");
const string AdminKey = "bench-admin-key-0123456789-abcdefghij";

var folder = Directory.CreateTempSubdirectory("elearning-bench-").FullName;
var port = FreePort();
var api = Process.Start(new ProcessStartInfo("dotnet", [apiDll, "--urls", $"http://127.0.0.1:{port}", "--ConnectionStrings:ELearning", $"Data Source={folder}/bench.db",
    "--Logging:LogLevel:Default", "Warning", "--Admin:ApiKey", AdminKey, "--RateLimits:JoinsPerMinute", "100000", "--RateLimits:AnswersPerMinute", "100000", "--RateLimits:SignInsPerMinute", "100000",
    "--Certificates:SigningKeyPath", Path.Combine(folder, "key.pem")])
{
    RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetDirectoryName(Path.GetFullPath(apiDll))!,
})!;
api.OutputDataReceived += (_, _) => { };
api.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine(e.Data); };
api.BeginOutputReadLine();
api.BeginErrorReadLine();
using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 2000 }) { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromMinutes(2) };
try
{
    await Started.WaitAsync(http, "/health", TimeSpan.FromSeconds(60), "The API");
    var course = await http.GetFromJsonAsync<JsonElement>("/api/course");
    var moduleId = course.GetProperty("modules")[0].GetProperty("id").GetString()!;
    var facilitator = await Send<JsonElement>(HttpMethod.Post, "/api/admin/facilitators", AdminKey, new { name = "Bench Facilitator", email = "bench@example.nhs.uk" });
    var facilitatorToken = facilitator.GetProperty("token").GetString()!;
    var workshop = await Send<JsonElement>(HttpMethod.Post, "/api/workshops", facilitatorToken, new { title = "Bench", moduleIds = new[] { moduleId } });
    var workshopId = workshop.GetProperty("id").GetString()!;
    var code = workshop.GetProperty("joinCode").GetString()!;

    var sessions = await Task.WhenAll(Enumerable.Range(0, delegates).Select(async i =>
    {
        var joined = await Send<JsonElement>(HttpMethod.Post, "/api/workshops/join", null, new { code, name = $"Delegate {i}" });
        var token = joined.GetProperty("token").GetString()!;
        var started = await Send<JsonElement>(HttpMethod.Post, "/api/attempts", token, new { moduleId });
        return (token, attempt: started.GetProperty("attemptId").GetString()!, next: started.GetProperty("next"));
    }));
    var caseId = sessions[0].next.GetProperty("caseId").GetString()!;
    var nodeId = sessions[0].next.GetProperty("nodeId").GetString()!;
    var @case = await http.GetFromJsonAsync<JsonElement>($"/api/modules/{moduleId}/cases/{caseId}");
    var node = @case.GetProperty("nodes").EnumerateArray().First(n => n.GetProperty("id").GetString() == nodeId);

    // The projector's stream: every event's arrival time and how many had answered the node.
    var clock = Stopwatch.StartNew();
    var events = new List<(double At, int Answered)>();
    using var streamCts = new CancellationTokenSource();
    var firstEvent = new TaskCompletionSource();
    var reader = Task.Run(async () =>
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/workshops/{workshopId}/events");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", facilitatorToken);
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, streamCts.Token);
        using var lines = new StreamReader(await response.Content.ReadAsStreamAsync(streamCts.Token));
        while (await lines.ReadLineAsync(streamCts.Token) is { } line)
        {
            if (!line.StartsWith("data: ")) continue;
            var data = JsonDocument.Parse(line["data: ".Length..]).RootElement;
            var answered = data.GetProperty("cases").EnumerateArray().First(c => c.GetProperty("caseId").GetString() == caseId)
                .GetProperty("nodes").EnumerateArray().First(n => n.GetProperty("nodeId").GetString() == nodeId).GetProperty("answered").GetInt32();
            lock (events) events.Add((clock.Elapsed.TotalMilliseconds, answered));
            firstEvent.TrySetResult();
        }
    });
    await firstEvent.Task.WaitAsync(TimeSpan.FromSeconds(10));

    var response = ResponseFor(node);
    var acknowledged = new List<double>();
    var sent = clock.Elapsed.TotalMilliseconds;
    var latencies = await Task.WhenAll(sessions.Select(async s =>
    {
        await Send<JsonElement>(HttpMethod.Post, $"/api/attempts/{s.attempt}/answers", s.token, new { caseId, nodeId, response });
        var at = clock.Elapsed.TotalMilliseconds;
        lock (acknowledged) acknowledged.Add(at);
        return at - sent;
    }));
    var until = DateTime.UtcNow.AddSeconds(10);
    while (DateTime.UtcNow < until && events.Last().Answered < delegates) await Task.Delay(20);

    acknowledged.Sort();
    var toScreen = new List<double>();
    lock (events)
        for (var rank = 1; rank <= acknowledged.Count; rank++)
        {
            var at = acknowledged[rank - 1];
            // The count can reach the screen before the response reaches the delegate: that is no wait at all.
            var seen = events.FirstOrDefault(e => e.Answered >= rank);
            toScreen.Add(seen == default ? double.PositiveInfinity : Math.Max(0, seen.At - at));
        }
    Console.WriteLine($"{delegates} delegates in one workshop answer '{caseId}/{nodeId}' together; {events.Count - 1} distribution events after the first");
    Console.WriteLine($"answer response (baseline): p50 {P(latencies, 50):F0} ms, p99 {P(latencies, 99):F0} ms");
    Console.WriteLine($"response -> count on the facilitator's stream: p50 {P(toScreen, 50):F0} ms, p99 {P(toScreen, 99):F0} ms " +
        $"(p99 is {P(toScreen, 99) / P(latencies, 99):F2}x the answers' own p99; aim under 1000 ms)");

    // Memory per stream: the API's resident set with the one stream, then with many more open, each read once it has
    // settled: the server GC (DATAS) gives memory back for a while after the burst, which read at once came out as a
    // negative cost per stream.
    async Task<long> SettledWorkingSet()
    {
        var until = DateTime.UtcNow.AddSeconds(15);
        api.Refresh();
        var last = api.WorkingSet64;
        while (DateTime.UtcNow < until)
        {
            await Task.Delay(1000);
            api.Refresh();
            var now = api.WorkingSet64;
            if (Math.Abs(now - last) < last / 200) return now;
            last = now;
        }
        return last;
    }
    var before = await SettledWorkingSet();
    var extra = new List<Task>();
    using var moreCts = new CancellationTokenSource();
    var opened = 0;
    for (var i = 0; i < streams; i++)
        extra.Add(Task.Run(async () =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/workshops/{workshopId}/events");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", facilitatorToken);
            using var r = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, moreCts.Token);
            using var lines = new StreamReader(await r.Content.ReadAsStreamAsync(moreCts.Token));
            var counted = false;
            while (await lines.ReadLineAsync(moreCts.Token) is { } line)
                if (!counted && line.StartsWith("data: ")) { Interlocked.Increment(ref opened); counted = true; }
        }));
    var wait = DateTime.UtcNow.AddSeconds(30);
    while (Volatile.Read(ref opened) < streams && DateTime.UtcNow < wait) await Task.Delay(50);
    var after = await SettledWorkingSet();
    Console.WriteLine($"API memory: {before / 1048576.0:F1} MiB with 1 stream, {after / 1048576.0:F1} MiB with {opened + 1} open: " +
        $"{(after - before) / 1024.0 / Math.Max(1, opened):F1} KiB per open stream ({(double)after / before:F2}x the baseline)");
    moreCts.Cancel();
    streamCts.Cancel();
    try { await Task.WhenAll(extra.Append(reader)); } catch (Exception) { }
}
finally
{
    if (!api.HasExited) { api.Kill(entireProcessTree: true); await api.WaitForExitAsync(); }
    try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
}

async Task<T> Send<T>(HttpMethod method, string url, string? bearer, object body)
{
    // With its length, as the player's fetch() sends it (JsonContent has none, so HTTP/1.1 would send it chunked).
    using var request = new HttpRequestMessage(method, url)
    {
        Content = JsonBody.Of(body),
    };
    if (bearer is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
    using var reply = await http.SendAsync(request);
    if (!reply.IsSuccessStatusCode) throw new InvalidOperationException($"{method} {url}: {(int)reply.StatusCode} {await reply.Content.ReadAsStringAsync()}");
    return (await reply.Content.ReadFromJsonAsync<T>())!;
}

static object ResponseFor(JsonElement node) => node.GetProperty("type").GetString() switch
{
    "single-choice" or "multiple-response" => new { choices = new[] { node.GetProperty("options")[0].GetProperty("id").GetString() } },
    "true-false" => new { value = true },
    "select-text" => new { selected = new[] { node.GetProperty("segments").EnumerateArray().First(s => s.GetProperty("id").ValueKind == JsonValueKind.String).GetProperty("id").GetString() } },
    "reflection" => new { text = "Bench reflection." },
    _ => new { },
};

static double P(IReadOnlyList<double> values, int percentile)
{
    var sorted = values.Order().ToArray();
    return sorted[Math.Clamp((int)Math.Ceiling(percentile / 100.0 * sorted.Length) - 1, 0, sorted.Length - 1)];
}

static int FreePort()
{
    using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
    listener.Start();
    return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
}
