using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

static class HttpFloor
{
    // The most answers per second this client and these cores carry over HTTP at all: the same burst (as many delegates,
    // the same bodies and bearer headers, one connection pool) against a bare Kestrel app that parses the JSON and replies
    // with an outcome of the API's size, after the same warm-up, alternating with nothing else.
    public static async Task<double> MeasureAsync(string bareDll, List<(string Token, string AttemptId, string CaseId, string NodeId)> delegates, int rounds)
    {
        var port = Ports.Free();
        using var bare = Process.Start(new ProcessStartInfo("dotnet", [bareDll, "--urls", $"http://127.0.0.1:{port}", "--Logging:LogLevel:Default", "Warning"])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetDirectoryName(Path.GetFullPath(bareDll))!,
        })!;
        bare.OutputDataReceived += (_, _) => { };
        bare.ErrorDataReceived += (_, _) => { };
        bare.BeginOutputReadLine();
        bare.BeginErrorReadLine();
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 2000 }) { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        try
        {
            await Started.WaitAsync(http, "/", TimeSpan.FromSeconds(60), "The bare app");
            async Task<bool> Post((string Token, string AttemptId, string CaseId, string NodeId) d)
            {
                var request = new HttpRequestMessage(HttpMethod.Post, $"/api/attempts/{d.AttemptId}/answers")
                {
                    Content = JsonBody.Of(new { caseId = d.CaseId, nodeId = d.NodeId, response = new { choices = new[] { "option-a" } } }),
                };
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", d.Token);
                using var reply = await http.SendAsync(request);
                if (!reply.IsSuccessStatusCode) return false;
                await reply.Content.ReadFromJsonAsync<JsonElement>();
                return true;
            }
            for (var i = 0; i < 30; i++) await Task.WhenAll(delegates.Select(Post));
            await Task.Delay(TimeSpan.FromSeconds(2));
            var clock = Stopwatch.StartNew();
            for (var round = 0; round < rounds; round++)
                if ((await Task.WhenAll(delegates.Select(Post))).Any(ok => !ok)) throw new InvalidOperationException("The bare app refused an answer.");
            return delegates.Count * rounds / clock.Elapsed.TotalSeconds;
        }
        finally
        {
            if (!bare.HasExited) { bare.Kill(entireProcessTree: true); await bare.WaitForExitAsync(); }
        }
    }
}
