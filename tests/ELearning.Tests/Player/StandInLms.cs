using System.Collections.Concurrent;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using ELearning.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace ELearning.Tests.Player;

/// <summary>
/// A stand-in SCORM 1.2 LMS on its own port of 127.0.0.1 (another origin from the API): scorm-again's
/// Scorm12API (course/node_modules) as <c>window.API</c>, optionally pre-loaded with the cmi data an LMS kept from
/// an earlier launch, framing a SCO page of a package from the real /api/lms/scorm12.zip.
/// The page records what the SCO did in <c>window.lms</c>: commits, the session_time it set, whether LMSFinish
/// was called, and the cmi data as it was at LMSFinish.
/// </summary>
public sealed class StandInLms(WebApplication app) : IAsyncDisposable
{
    public const string ScoFrame = "iframe[title='Module']";

    static readonly Lazy<string> ScormAgain = new(() =>
        File.ReadAllText(Path.Combine(Repo.Root, "course", "node_modules", "scorm-again", "dist", "scorm12.js")));

    readonly ConcurrentDictionary<string, ZipArchive> packages = new();
    readonly ConcurrentDictionary<string, string> launches = new();

    public string Origin { get; private set; } = "";

    public static async Task<StandInLms> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var lms = new StandInLms(app);
        app.MapGet("/scorm-again/scorm12.js", () => Results.Text(ScormAgain.Value, "text/javascript"));
        app.MapGet("/launch/{id}", (string id) => lms.launches.TryGetValue(id, out var page) ? Results.Content(page, "text/html") : Results.NotFound());
        app.MapGet("/packages/{name}/{**path}", (string name, string path) =>
        {
            if (!lms.packages.TryGetValue(name, out var zip) || zip.GetEntry(path) is not { } entry) return Results.NotFound();
            using var stream = entry.Open();
            using var reader = new StreamReader(stream);
            return Results.Text(reader.ReadToEnd(), path.EndsWith(".js") ? "text/javascript" : "text/html");
        });
        await app.StartAsync();
        lms.Origin = app.Urls.First().TrimEnd('/');
        return lms;
    }

    /// <summary>Downloads a SCORM 1.2 package for a trust from the API (admin key) and "imports" it.</summary>
    public async Task<string> ImportAsync(string apiBaseUrl, string trust)
    {
        using var admin = AdminClient(apiBaseUrl);
        var bytes = await admin.GetByteArrayAsync($"/api/lms/scorm12.zip?trust={Uri.EscapeDataString(trust)}");
        var name = new string(trust.ToLowerInvariant().Where(char.IsAsciiLetterOrDigit).ToArray());
        packages[name] = new ZipArchive(new MemoryStream(bytes));
        return name;
    }

    /// <summary>The key in an imported package's sco/config.js.</summary>
    public string PackageKey(string package)
    {
        using var reader = new StreamReader(packages[package].GetEntry("sco/config.js")!.Open());
        return JsonDocument.Parse(reader.ReadToEnd().Split('=', 2)[1].Trim().TrimEnd(';')).RootElement.GetProperty("packageKey").GetString()!;
    }

    public static HttpClient AdminClient(string apiBaseUrl) => Clients.Admin(apiBaseUrl);

    /// <summary>A launch of one SCO of an imported package for a learner; <paramref name="cmi"/> is what the LMS kept (loadFromJSON).</summary>
    public string Launch(string package, string moduleId, object cmi)
    {
        var id = Guid.NewGuid().ToString("n");
        launches[id] = $$"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>Stand-in LMS</title>
            <script src="/scorm-again/scorm12.js"></script>
            <script>
              window.lms = { commits: 0, finished: false, atFinish: null };
              window.API = new Scorm12API({ autocommit: false, logLevel: 5 });
              API.loadFromJSON({{JsonSerializer.Serialize(cmi)}});
              API.on("LMSCommit", function () { lms.commits++; });
              API.on("LMSSetValue.cmi.core.session_time", function (element, value) { lms.sessionTime = value; });
              API.on("LMSFinish", function () { lms.finished = true; lms.atFinish = JSON.parse(JSON.stringify(API.cmi)); });
            </script></head>
            <body><main><h1>Your learning</h1>
            <iframe title="Module" src="/packages/{{package}}/{{moduleId}}.html" width="1000" height="850"></iframe>
            </main></body></html>
            """;
        return $"{Origin}/launch/{id}";
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        foreach (var zip in packages.Values) zip.Dispose();
    }
}

/// <summary>The API allowing the stand-in LMS's origin (Lms:AllowedOrigins), the LMS, and Chromium.</summary>
public sealed class StandInLmsFixture : BrowserFixture
{
    public StandInLms Lms { get; private set; } = null!;

    protected override async Task BeforeStartAsync()
    {
        Lms = await StandInLms.StartAsync();
        Host.Settings["Lms:AllowedOrigins:0"] = Lms.Origin;
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (Lms is not null) await Lms.DisposeAsync();
    }
}
