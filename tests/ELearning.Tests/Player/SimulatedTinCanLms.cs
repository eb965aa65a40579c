using System.Collections.Concurrent;
using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using ELearning.Tests.Support;
using ELearning.Tests.Tracking;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ELearning.Tests.Player;

/// <summary>
/// A Tin Can LMS as RusticiSoftware/launch lms_lrs.md describes one, on its own 127.0.0.1 port: it imports the real
/// /api/lms/tincan.zip, reads the launchable activity from tincan.xml, serves the package's launch page and launches it
/// with endpoint, auth, actor, registration and activity_id; its /xAPI/ passes statements on to a real LRS for the
/// credentials it issued. It decides "completed" the way such an LMS does: a completed statement by the learner whose
/// object is the activity tincan.xml names, read back from the LRS.
/// </summary>
public sealed class SimulatedTinCanLms(WebApplication app, Uri lrs) : IAsyncDisposable
{
    static readonly XNamespace Ns = "http://projecttincan.com/tincan.xsd";
    readonly ConcurrentDictionary<string, bool> tokens = new();
    readonly HttpClient forward = new() { Timeout = TimeSpan.FromSeconds(30) };
    ZipArchive? package;

    public string Origin { get; private set; } = "";
    public Uri Endpoint => new($"{Origin}/xAPI/");
    /// <summary>The launchable activity's id in the imported tincan.xml.</summary>
    public string ActivityId { get; private set; } = "";
    string launchPage = "";

    public static async Task<SimulatedTinCanLms> StartAsync(Uri lrs)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var lms = new SimulatedTinCanLms(app, lrs);
        app.MapGet("/content/{**path}", (string path) =>
        {
            if (lms.package?.GetEntry(path) is not { } entry) return Results.NotFound();
            using var reader = new StreamReader(entry.Open());
            return Results.Content(reader.ReadToEnd(), "text/html");
        });
        app.Map("/xAPI/{**path}", lms.XapiAsync);
        await app.StartAsync();
        lms.Origin = app.Urls.First().TrimEnd('/');
        return lms;
    }

    /// <summary>Downloads the Tin Can package from the API (admin key) and reads its tincan.xml.</summary>
    public async Task ImportAsync(string apiBaseUrl)
    {
        using var admin = StandInLms.AdminClient(apiBaseUrl);
        package = new ZipArchive(new MemoryStream(await admin.GetByteArrayAsync("/api/lms/tincan.zip")));
        using var stream = package.GetEntry("tincan.xml")!.Open();
        var launchable = XDocument.Load(stream).Descendants(Ns + "activity").Single(a => a.Element(Ns + "launch") is not null);
        ActivityId = launchable.Attribute("id")!.Value;
        launchPage = launchable.Element(Ns + "launch")!.Value;
    }

    /// <summary>A launch of the course for a learner: the URL the LMS opens, with credentials it issues for this launch.</summary>
    public string Launch(string actor, Guid registration)
    {
        var token = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"tincan:{Guid.NewGuid():N}"));
        tokens[token] = true;
        return $"{Origin}/content/{launchPage}?endpoint={Uri.EscapeDataString(Endpoint.AbsoluteUri)}&auth={Uri.EscapeDataString(token)}" +
            $"&actor={Uri.EscapeDataString(actor)}&registration={registration}&activity_id={Uri.EscapeDataString(ActivityId)}";
    }

    /// <summary>What the LMS shows for the learner: the verbs of statements by them about the launched activity itself.</summary>
    public async Task<IReadOnlyList<string>> VerbsForLaunchedActivityAsync(LrsFixture lrsFixture, string actor)
    {
        var statements = await lrsFixture.Client().QueryStatementsAsync(new Dictionary<string, string>
        {
            ["agent"] = actor, ["activity"] = ActivityId, ["limit"] = "100",
        }, CancellationToken.None);
        return [.. statements.Where(s => s.Target.Id == ActivityId).Select(s => s.Verb.Id.Split('/')[^1]).Distinct()];
    }

    async Task XapiAsync(HttpContext context, string path)
    {
        if (!tokens.ContainsKey(context.Request.Headers.Authorization.ToString())) { context.Response.StatusCode = 401; return; }
        var body = await new StreamReader(context.Request.Body).ReadToEndAsync();
        await LrsForwarding.ForwardAsync(forward, lrs, context, path, body);
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        forward.Dispose();
        package?.Dispose();
    }
}
