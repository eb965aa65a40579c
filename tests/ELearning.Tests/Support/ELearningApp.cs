using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ELearning.Tests.Support;

/// <summary>
/// The test host: the API in-process with <see cref="TestSettings"/> (its own SQLite file, the fixture course unless told
/// otherwise). <c>new ELearningApp()</c> serves through the in-memory test server; <see cref="OnRealPort"/> listens on a
/// free port of 127.0.0.1 as well, for a browser, an LMS page or an LRS to reach it. Disposing it stops the server and
/// deletes the database.
/// </summary>
public sealed class ELearningApp : WebApplicationFactory<Program>
{
    public const string AdminKey = TestSettings.AdminKey;
    public static string FixtureContent => TestSettings.FixtureContent;
    public static string RealContent => TestSettings.RealContent;

    readonly string folder = Directory.CreateTempSubdirectory("elearning-test-").FullName;
    readonly int? port;

    public ELearningApp(string? contentRoot = null, IReadOnlyDictionary<string, string?>? settings = null) : this(contentRoot, settings, realPort: false) { }

    ELearningApp(string? contentRoot, IReadOnlyDictionary<string, string?>? settings, bool realPort)
    {
        Settings = TestSettings.For(folder, contentRoot);
        if (realPort)
        {
            // The port is chosen before the start, so App:PublicBaseUrl (read once, by whichever feature asks first)
            // names it from the outset: LMS packages, launch URLs and xAPI identifiers all carry it.
            port = FreePort.Next();
            Settings["App:PublicBaseUrl"] = Address;
            UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port.Value));
        }
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) Settings[key] = value;
    }

    /// <summary>The app on a real port of 127.0.0.1; <see cref="Start"/> it once its <see cref="Settings"/> are final.</summary>
    public static ELearningApp OnRealPort(IReadOnlyDictionary<string, string?>? settings = null) => new(null, settings, realPort: true);

    /// <summary>The configuration the app starts with; change it (e.g. Lms:AllowedOrigins) before the first request or <see cref="Start"/>.</summary>
    public Dictionary<string, string?> Settings { get; }

    public string DatabasePath => TestSettings.DatabasePath(folder);

    /// <summary>The app lets go of its SQLite file (pooled connections, the writer's), as before an operator replaces it.</summary>
    public void ReleaseDatabaseFile() =>
        ((ELearning.Api.Data.SqliteConnectionFactory)Services.GetRequiredService<ELearning.Api.Data.IDbConnectionFactory>()).ReleaseConnections();

    /// <summary>Like http://127.0.0.1:41234, for an app made <see cref="OnRealPort"/>.</summary>
    public string Address => port is { } p ? $"http://127.0.0.1:{p}" : throw new InvalidOperationException("This app has no real port: make it with ELearningApp.OnRealPort().");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        // The app's JSON console logs would bury the test results; tests that read logs add their own provider.
        builder.ConfigureLogging(logging => logging.ClearProviders());
        foreach (var (key, value) in Settings) builder.UseSetting(key, value);
    }

    /// <summary>Starts the real server and returns its <see cref="Address"/>.</summary>
    public string Start()
    {
        StartServer();
        return Address;
    }

    public HttpClient AdminClient() => CreateClient().WithBearer(AdminKey);

    /// <summary>Signs up a delegate as the player does, and returns a client carrying their token.</summary>
    public Task<DelegateClient> SignInAsync(string name = "Asha Patel", string? registrationNumber = null) =>
        DelegateClient.SignUpAsync(CreateClient, name, registrationNumber);

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
    }
}
