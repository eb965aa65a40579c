using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using ELearning.Tests.Tracking;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ELearning.Tests.Player;

/// <summary>
/// A cmi5 LMS on its own 127.0.0.1 port: it registers launches (a registration with its LMS.LaunchData), serves
/// the fetch URL (cmi5 8.2: the token on the first POST, error-code 1 on any later one), answers the State and
/// Agent Profile reads itself (the real LRS has no State API), and proxies /xAPI/statements to the real LRS,
/// recording the Authorization header of each request.
/// </summary>
public sealed class SimulatedCmi5Lms(WebApplication app, Uri lrs) : IAsyncDisposable
{
    public sealed record Registration(Guid Id, string Token, string LaunchData, string SessionId)
    {
        public int Fetches;
    }

    readonly ConcurrentDictionary<Guid, Registration> registrations = new();
    readonly HttpClient forward = new() { Timeout = TimeSpan.FromSeconds(30) };

    public string Origin { get; private set; } = "";
    public Uri Endpoint => new($"{Origin}/xAPI/");
    /// <summary>Every request to /xAPI/ (statements, state, profile) with its Authorization header and body.</summary>
    public ConcurrentQueue<(string Path, string Query, string? Authorization, string Body)> Seen { get; } = new();
    public const string ActivityId = "https://lms.example/courses/social-media/aus/boundaries";
    public static readonly string Actor = """{"objectType":"Agent","name":"Asha Patel","account":{"homePage":"https://lms.example","name":"learner-1001"}}""";

    public static async Task<SimulatedCmi5Lms> StartAsync(Uri lrs)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var lms = new SimulatedCmi5Lms(app, lrs);
        app.MapPost("/fetch/{id:guid}", (Guid id) =>
        {
            if (!lms.registrations.TryGetValue(id, out var r)) return Results.NotFound();
            return Interlocked.Increment(ref r.Fetches) == 1
                ? Results.Json(new Dictionary<string, string> { ["auth-token"] = r.Token })
                : Results.Json(new Dictionary<string, string> { ["error-code"] = "1", ["error-text"] = "Already in use" });
        });
        app.MapGet("/returned", () => Results.Content("<!DOCTYPE html><html lang=\"en\"><head><title>LMS</title></head><body><main><h1>Back in your LMS</h1></main></body></html>", "text/html"));
        app.Map("/xAPI/{**path}", lms.XapiAsync);
        await app.StartAsync();
        lms.Origin = app.Urls.First().TrimEnd('/');
        return lms;
    }

    /// <summary>A registration as the LMS makes it before a launch, with its LMS.LaunchData (cmi5 10).</summary>
    public Registration Register(string launchMode = "Normal", double masteryScore = 0.8)
    {
        var id = Guid.NewGuid();
        var sessionId = "lms-session-" + Guid.NewGuid().ToString("N");
        var launchData = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["contextTemplate"] = new Dictionary<string, object>
            {
                ["contextActivities"] = new { grouping = new[] { new { id = "https://lms.example/courses/social-media" } } },
                ["extensions"] = new Dictionary<string, string> { ["https://w3id.org/xapi/cmi5/context/extensions/sessionid"] = sessionId },
            },
            ["launchMode"] = launchMode,
            ["moveOn"] = "CompletedAndPassed",
            ["masteryScore"] = masteryScore,
            ["returnURL"] = $"{Origin}/returned",
        });
        var token = Convert.ToBase64String(Encoding.UTF8.GetBytes($"lms-key:{Guid.NewGuid():N}"));
        return registrations[id] = new Registration(id, token, launchData, sessionId);
    }

    /// <summary>The launch URL the LMS gives the browser (cmi5 8.1), at our /lms/cmi5/{module}.</summary>
    public string LaunchUrl(string apiBaseUrl, Registration r, string moduleId = "boundaries") =>
        $"{apiBaseUrl}/lms/cmi5/{moduleId}?endpoint={Uri.EscapeDataString(Endpoint.AbsoluteUri)}&fetch={Uri.EscapeDataString($"{Origin}/fetch/{r.Id}")}" +
        $"&actor={Uri.EscapeDataString(Actor)}&registration={r.Id}&activityId={Uri.EscapeDataString(ActivityId)}";

    async Task XapiAsync(HttpContext context, string path)
    {
        var authorization = context.Request.Headers.Authorization.ToString();
        var body = await new StreamReader(context.Request.Body).ReadToEndAsync();
        Seen.Enqueue((path, Uri.UnescapeDataString(context.Request.QueryString.ToString()), authorization, body));
        var registration = Guid.TryParse(context.Request.Query["registration"], out var rid) && registrations.TryGetValue(rid, out var found) ? found : null;
        var known = registrations.Values.Any(r => authorization == "Basic " + r.Token);
        if (!known) { context.Response.StatusCode = 401; return; }
        if (path == "activities/state")
        {
            if (registration is null || context.Request.Query["stateId"] != "LMS.LaunchData") { context.Response.StatusCode = 404; return; }
            await Results.Content(registration.LaunchData, "application/json").ExecuteAsync(context);
            return;
        }
        if (path == "agents/profile") { context.Response.StatusCode = 404; return; }
        // Statements go to the real LRS, with the LRS's own credentials.
        using var request = new HttpRequestMessage(new HttpMethod(context.Request.Method), new Uri(lrs, path + context.Request.QueryString));
        request.Headers.Add("X-Experience-API-Version", "1.0.3");
        request.Headers.Authorization = new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("test-key:test-secret")));
        if (body.Length > 0) request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await forward.SendAsync(request);
        context.Response.StatusCode = (int)response.StatusCode;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(await response.Content.ReadAsStringAsync());
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        forward.Dispose();
    }
}

/// <summary>The API, a real LRS, the simulated cmi5 LMS in front of it, and Chromium.</summary>
public class Cmi5LmsFixture : BrowserFixture
{
    public LrsFixture Lrs { get; } = new();
    public SimulatedCmi5Lms Lms { get; private set; } = null!;
    public ELearningApp Api => Host;

    protected override async Task BeforeStartAsync()
    {
        await Lrs.InitializeAsync();
        Lms = await SimulatedCmi5Lms.StartAsync(Lrs.Endpoint);
        Host.Settings["Lrs:PollInterval"] = "00:00:00.2";
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (Lms is not null) await Lms.DisposeAsync();
        await Lrs.DisposeAsync();
    }
}
