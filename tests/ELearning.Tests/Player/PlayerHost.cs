using System.Net;
using ELearning.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ELearning.Tests.Player;

/// <summary>
/// The API and player on a real port on 127.0.0.1 (a browser needs one), with the fixture course and its
/// own SQLite file. Disposing it stops the server and deletes the database.
/// </summary>
public sealed class PlayerHost : WebApplicationFactory<Program>
{
    readonly string folder = Directory.CreateTempSubdirectory("elearning-player-").FullName;

    // The port is chosen before the server starts, so App:PublicBaseUrl is right from the first service that reads it
    // (options bound during start-up would otherwise keep the default, and packages would name the wrong address).
    readonly int port = Tracking.LrsFixture.FreePort();

    public PlayerHost() => UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));

    /// <summary>More configuration (e.g. Lms:AllowedOrigins), applied when the server starts.</summary>
    public Dictionary<string, string?> Settings { get; } = [];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("ConnectionStrings:ELearning", $"Data Source={Path.Combine(folder, "elearning.db")}");
        builder.UseSetting("Content:Root", ELearningApp.FixtureContent);
        builder.UseSetting("Admin:ApiKey", ELearningApp.AdminKey);
        builder.UseSetting("App:PublicBaseUrl", $"http://127.0.0.1:{port}");
        foreach (var (key, value) in Settings) builder.UseSetting(key, value);
    }

    /// <summary>Starts the server and returns its address, like http://127.0.0.1:41234.</summary>
    public string Start()
    {
        StartServer();
        var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        // The port is only known now: LMS packages and launch URLs must name it. AppOptions is bound on first use.
        Services.GetRequiredService<IConfiguration>()["App:PublicBaseUrl"] = address;
        return address;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
    }
}
