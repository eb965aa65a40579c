using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using ELearning.Tests.Support;

namespace ELearning.Tests.Tracking;

/// <summary>
/// The built API as a real separate process (`dotnet ELearning.Api.dll --urls http://127.0.0.1:port`), so a
/// test can kill it with SIGKILL mid-flight and start another on the same database.
/// </summary>
public sealed class ApiProcess : IAsyncDisposable
{
    Process? process;
    public int Port { get; } = LrsFixture.FreePort();
    public Uri BaseAddress => new($"http://127.0.0.1:{Port}/");

    /// <summary>The API's own build output, beside the tests' (same configuration), found from the solution folder.</summary>
    public static string ApiDll
    {
        get
        {
            var folder = new DirectoryInfo(AppContext.BaseDirectory);
            while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "ELearning.sln"))) folder = folder.Parent;
            var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}") ? "Release" : "Debug";
            return Path.Combine(folder?.FullName ?? throw new DirectoryNotFoundException("ELearning.sln not found above the test binaries"),
                "api", "bin", configuration, "net10.0", "ELearning.Api.dll");
        }
    }

    public static async Task<ApiProcess> StartAsync(IReadOnlyDictionary<string, string?> settings)
    {
        var api = new ApiProcess();
        var start = new ProcessStartInfo("dotnet", [ApiDll, "--urls", api.BaseAddress.AbsoluteUri.TrimEnd('/')])
        {
            WorkingDirectory = Path.GetDirectoryName(ApiDll)!, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["Content__Root"] = ELearningApp.FixtureContent;
        start.Environment["Admin__ApiKey"] = ELearningApp.AdminKey;
        foreach (var (key, value) in settings) start.Environment[key.Replace(":", "__")] = value ?? "";
        api.process = Process.Start(start)!;
        api.process.OutputDataReceived += (_, _) => { };
        api.process.ErrorDataReceived += (_, _) => { };
        api.process.BeginOutputReadLine();
        api.process.BeginErrorReadLine();

        using var http = new HttpClient { BaseAddress = api.BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        await Eventually.UntilAsync(async () =>
        {
            if (api.process.HasExited) throw new InvalidOperationException($"The API exited with code {api.process.ExitCode}.");
            try { return (await http.GetAsync("/health")).IsSuccessStatusCode; }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException) { return false; }
        }, TimeSpan.FromSeconds(60), "the API process to answer /health");
        return api;
    }

    public HttpClient Client(string? bearer = null)
    {
        var http = new HttpClient { BaseAddress = BaseAddress };
        if (bearer is not null) http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        return http;
    }

    public async Task<DelegateClient> SignInAsync(string name)
    {
        var reply = await Client().PostAsJsonAsync("/api/learners", new { name });
        reply.EnsureSuccessStatusCode();
        var body = await reply.Content.ReadFromJsonAsync<JsonElement>();
        return new DelegateClient(Client(body.GetProperty("token").GetString()), body.GetProperty("learnerId").GetGuid());
    }

    /// <summary>SIGKILL: no shutdown hooks, no releasing of claims, whatever was in flight stays in flight.</summary>
    public async Task KillAsync()
    {
        if (process is { HasExited: false })
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        process?.Dispose();
    }
}
