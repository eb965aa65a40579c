using Microsoft.Extensions.Logging;
using System.Net;
using ELearning.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace ELearning.Tests.Player;

/// <summary>
/// The API and player on a real port on 127.0.0.1 (a browser needs one), with the fixture course and its
/// own SQLite file. Disposing it stops the server and deletes the database.
/// </summary>
public sealed class PlayerHost : WebApplicationFactory<Program>
{
    readonly string folder = Directory.CreateTempSubdirectory("elearning-player-").FullName;

    // The port is chosen before the start, so App:PublicBaseUrl (read once, by whichever feature asks first)
    // names it from the outset: LMS packages, launch URLs and xAPI identifiers all carry it.
    readonly int port = Tracking.LrsFixture.FreePort();

    public PlayerHost() => UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));

    public string Address => $"http://127.0.0.1:{port}";

    /// <summary>More configuration (e.g. Lms:AllowedOrigins), applied when the server starts.</summary>
    public Dictionary<string, string?> Settings { get; } = [];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        // The app's JSON console logs would bury the test results; tests that read logs add their own provider.
        builder.ConfigureLogging(logging => logging.ClearProviders());
        builder.UseSetting("ConnectionStrings:ELearning", $"Data Source={Path.Combine(folder, "elearning.db")}");
        builder.UseSetting("Content:Root", ELearningApp.FixtureContent);
        builder.UseSetting("Admin:ApiKey", ELearningApp.AdminKey);
        builder.UseSetting("App:PublicBaseUrl", Address);
        // Each host signs certificates with its own key, kept beside its database.
        builder.UseSetting("Certificates:SigningKeyPath", Path.Combine(folder, "signing-key.pem"));
        foreach (var (key, value) in Settings) builder.UseSetting(key, value);
    }

    /// <summary>Starts the server and returns its address, like http://127.0.0.1:41234.</summary>
    public string Start()
    {
        StartServer();
        return Address;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
    }
}
