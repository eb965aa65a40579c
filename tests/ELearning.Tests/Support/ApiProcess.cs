using System.Diagnostics;

namespace ELearning.Tests.Support;

/// <summary>
/// The built API as a real separate process (`dotnet ELearning.Api.dll --urls http://127.0.0.1:port`), so a
/// test can kill it with SIGKILL mid-flight and start another on the same database. It runs with the same
/// <see cref="TestSettings"/> as <see cref="ELearningApp"/>, passed as environment variables.
/// </summary>
public sealed class ApiProcess : IAsyncDisposable
{
    Process? process;
    readonly string folder = Directory.CreateTempSubdirectory("elearning-process-").FullName;
    public int Port { get; } = FreePort.Next();
    public Uri BaseAddress => new($"http://127.0.0.1:{Port}/");

    /// <summary>The API's own build output, beside the tests' (same configuration).</summary>
    public static string ApiDll
    {
        get
        {
            var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}") ? "Release" : "Debug";
            return Path.Combine(Repo.Root, "api", "bin", configuration, "net10.0", "ELearning.Api.dll");
        }
    }

    /// <summary><paramref name="settings"/> go on top of <see cref="TestSettings"/> (e.g. a shared ConnectionStrings:ELearning).</summary>
    public static async Task<ApiProcess> StartAsync(IReadOnlyDictionary<string, string?> settings)
    {
        var api = new ApiProcess();
        var start = new ProcessStartInfo("dotnet", [ApiDll, "--urls", api.BaseAddress.AbsoluteUri.TrimEnd('/')])
        {
            WorkingDirectory = Path.GetDirectoryName(ApiDll)!, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        foreach (var (key, value) in TestSettings.For(api.folder, overrides: settings)) start.Environment[key.Replace(":", "__")] = value ?? "";
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
        return bearer is null ? http : http.WithBearer(bearer);
    }

    public HttpClient AdminClient() => Client(TestSettings.AdminKey);

    public Task<DelegateClient> SignInAsync(string name) => DelegateClient.SignUpAsync(() => Client(), name);

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
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
    }
}
