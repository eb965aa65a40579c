using System.Diagnostics;
using System.Net;
using ELearning.Api.Tracking.Xapi;

namespace ELearning.Tests.Tracking;

/// <summary>
/// A real LRS: Learning Locker's xapi-statements 5.0.1, installed with npm into a cache folder outside the
/// repository (ELEARNING_TEST_TOOLS, default ~/.cache/elearning-test-tools; scripts/setup-test-deps.sh does the
/// same install for CI) and started on a free 127.0.0.1 port with in-memory storage. Disposing stops it.
/// </summary>
public sealed class LrsFixture : IAsyncLifetime
{
    public const string Package = "xapi-statements@5.0.1";
    static readonly SemaphoreSlim installing = new(1, 1);

    Process? process;
    readonly string dataFolder = Directory.CreateTempSubdirectory("elearning-lrs-").FullName;

    public int Port { get; private set; }
    /// <summary>The xAPI endpoint; the Statements resource is {Endpoint}statements.</summary>
    public Uri Endpoint => new($"http://127.0.0.1:{Port}/xAPI/");

    public static string ToolsFolder => Environment.GetEnvironmentVariable("ELEARNING_TEST_TOOLS") is { Length: > 0 } folder
        ? folder
        : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "elearning-test-tools");
    static string InstallFolder => Path.Combine(ToolsFolder, "lrs");
    static string ServiceEntry => Path.Combine(InstallFolder, "node_modules", "xapi-statements", "dist", "index.js");
    static string Launcher => Path.Combine(AppContext.BaseDirectory, "lrs", "start-lrs.js");

    public async Task InitializeAsync()
    {
        await EnsureInstalledAsync();
        Port = FreePort.Next();
        var start = new ProcessStartInfo("node", [Launcher, ServiceEntry])
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            WorkingDirectory = dataFolder,
        };
        start.Environment["EXPRESS_PORT"] = Port.ToString();
        start.Environment["MODELS_REPO"] = "memory";
        start.Environment["STORAGE_REPO"] = "local";
        start.Environment["FS_LOCAL_STORAGE_DIR"] = dataFolder;
        start.Environment["EXPRESS_MORGAN_DIRECTORY"] = Path.Combine(dataFolder, "accessLogs");
        start.Environment["AUTH_REPO"] = "test";
        start.Environment["EVENTS_REPO"] = "test";
        start.Environment["LRS_EXIT_WITH_STDIN"] = "1"; // dies with us, even if we are killed
        process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        await Eventually.UntilAsync(async () =>
        {
            if (process.HasExited) throw new InvalidOperationException($"The LRS exited with code {process.ExitCode}.");
            try { return (await http.GetAsync(new Uri(Endpoint, "about"))).StatusCode == HttpStatusCode.OK; }
            catch (HttpRequestException) { return false; }
        }, TimeSpan.FromSeconds(60), "the LRS to listen");
    }

    public LrsClient Client() => LrsClient.Create(Endpoint, "test-key", "test-secret");

    /// <summary>Every statement the LRS holds for one registration, oldest first (C 2.1.3).</summary>
    public Task<IReadOnlyList<Statement>> StatementsAsync(Guid registration, string? activity = null)
    {
        var query = new Dictionary<string, string> { ["registration"] = registration.ToString("D"), ["ascending"] = "true", ["limit"] = "500" };
        if (activity is not null) { query["activity"] = activity; query["related_activities"] = "true"; }
        return Client().QueryStatementsAsync(query, CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        if (process is { HasExited: false })
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        process?.Dispose();
        try { Directory.Delete(dataFolder, recursive: true); } catch (IOException) { }
    }

    static async Task EnsureInstalledAsync()
    {
        await installing.WaitAsync();
        try
        {
            if (File.Exists(ServiceEntry)) return;
            Directory.CreateDirectory(InstallFolder);
            var package = Path.Combine(InstallFolder, "package.json");
            if (!File.Exists(package)) await File.WriteAllTextAsync(package, """{ "name": "elearning-test-lrs", "private": true }""");
            using var npm = Process.Start(new ProcessStartInfo("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error", Package])
            {
                WorkingDirectory = InstallFolder, RedirectStandardOutput = true, RedirectStandardError = true,
            })!;
            var errors = npm.StandardError.ReadToEndAsync();
            await npm.StandardOutput.ReadToEndAsync();
            await npm.WaitForExitAsync();
            if (npm.ExitCode != 0 || !File.Exists(ServiceEntry))
                throw new InvalidOperationException($"npm install {Package} failed in {InstallFolder}: {await errors}");
        }
        finally { installing.Release(); }
    }
}

/// <summary>The tests that talk to the LRS share one and run one at a time (the machine is small).</summary>
[CollectionDefinition(Name)]
public sealed class LrsCollection : ICollectionFixture<LrsFixture>
{
    public const string Name = "LRS";
}
