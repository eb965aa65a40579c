using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using ELearning.Tests.Support;
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
/// recording the Authorization header of each request. Each launch is a session with its own fetch URL, token and
/// session id; launching a registration again abandons its open session as an LMS must (cmi5 9.3.6: the LMS records
/// abandoned, and the old token is refused from then on), and <see cref="Expire"/> ends a token as an LMS's timeout does.
/// </summary>
public sealed class SimulatedCmi5Lms(WebApplication app, Uri lrs) : IAsyncDisposable
{
    public sealed class Session(Guid fetchId, string token, string sessionId, string launchData)
    {
        public Guid FetchId { get; } = fetchId;
        public string Token { get; } = token;
        public string SessionId { get; } = sessionId;
        public string LaunchData { get; } = launchData;
        public int Fetches;
        public volatile bool Expired;
    }

    public sealed class Registration(Guid id, string launchMode, double? masteryScore, string moveOn)
    {
        public Guid Id { get; } = id;
        public string LaunchMode { get; set; } = launchMode;
        public double? MasteryScore { get; } = masteryScore;
        public string MoveOn { get; } = moveOn;
        public List<Session> Sessions { get; } = [];
        /// <summary>The newest session's (the first until the registration is launched again).</summary>
        public Session Current => Sessions[^1];
        public string Token => Current.Token;
        public string SessionId => Current.SessionId;
    }

    readonly ConcurrentDictionary<Guid, Registration> registrations = new();
    readonly ConcurrentDictionary<Guid, (Registration Registration, Session Session)> fetches = new();
    readonly HttpClient forward = new() { Timeout = TimeSpan.FromSeconds(30) };

    public string Origin { get; private set; } = "";
    public Uri Endpoint => new($"{Origin}/xAPI/");
    /// <summary>Every request to /xAPI/ (statements, state, profile) with its Authorization header, body and our answer.</summary>
    public ConcurrentQueue<(string Path, string Query, string? Authorization, string Body)> Seen { get; } = new();
    /// <summary>Statement POSTs refused because their token had expired or its session was abandoned.</summary>
    public int Refused;
    /// <summary>While true the LRS answers statement requests 503 (down for a while): they wait in our outbox.</summary>
    public volatile bool Unavailable;
    public const string ActivityId = "https://lms.example/courses/social-media/aus/boundaries";
    public static readonly string Actor = """{"objectType":"Agent","name":"Asha Patel","account":{"homePage":"https://lms.example","name":"learner-1001"}}""";
    public static string ActorFor(string name) => JsonSerializer.Serialize(new
    {
        objectType = "Agent", name, account = new { homePage = "https://lms.example", name = name.ToLowerInvariant().Replace(' ', '-') },
    });

    public static async Task<SimulatedCmi5Lms> StartAsync(Uri lrs)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var lms = new SimulatedCmi5Lms(app, lrs);
        app.MapPost("/fetch/{id:guid}", (Guid id) =>
        {
            if (!lms.fetches.TryGetValue(id, out var f)) return Results.NotFound();
            return Interlocked.Increment(ref f.Session.Fetches) == 1
                ? Results.Json(new Dictionary<string, string> { ["auth-token"] = f.Session.Token })
                : Results.Json(new Dictionary<string, string> { ["error-code"] = "1", ["error-text"] = "Already in use" });
        });
        app.MapGet("/returned", () => Results.Content("<!DOCTYPE html><html lang=\"en\"><head><title>LMS</title></head><body><main><h1>Back in your LMS</h1></main></body></html>", "text/html"));
        app.Map("/xAPI/{**path}", lms.XapiAsync);
        await app.StartAsync();
        lms.Origin = app.Urls.First().TrimEnd('/');
        return lms;
    }

    /// <summary>A registration as the LMS makes it before a launch, with its first session's LMS.LaunchData (cmi5 10).</summary>
    public Registration Register(string launchMode = "Normal", double? masteryScore = 0.8, string moveOn = "CompletedAndPassed")
    {
        var r = new Registration(Guid.NewGuid(), launchMode, masteryScore, moveOn);
        registrations[r.Id] = r;
        NewSession(r, fetchId: r.Id);
        return r;
    }

    /// <summary>
    /// The LMS launches the registration again: the open session is abandoned (its token refused, an abandoned
    /// statement recorded on the AU's behalf) and a new session with its own fetch URL, token and session id begins.
    /// </summary>
    public async Task<Session> RelaunchAsync(Registration r, string? launchMode = null)
    {
        var previous = r.Current;
        if (!previous.Expired)
        {
            previous.Expired = true;
            await RecordAbandonedAsync(r, previous);
        }
        if (launchMode is not null) r.LaunchMode = launchMode;
        return NewSession(r, Guid.NewGuid());
    }

    /// <summary>The LMS's own timeout: the session's token is refused from now on.</summary>
    public void Expire(Session session) => session.Expired = true;

    Session NewSession(Registration r, Guid fetchId)
    {
        var sessionId = "lms-session-" + Guid.NewGuid().ToString("N");
        var launchData = new Dictionary<string, object>
        {
            ["contextTemplate"] = new Dictionary<string, object>
            {
                ["contextActivities"] = new { grouping = new[] { new { id = "https://lms.example/courses/social-media" } } },
                ["extensions"] = new Dictionary<string, string> { ["https://w3id.org/xapi/cmi5/context/extensions/sessionid"] = sessionId },
            },
            ["launchMode"] = r.LaunchMode,
            ["moveOn"] = r.MoveOn,
            ["returnURL"] = $"{Origin}/returned",
        };
        if (r.MasteryScore is { } mastery) launchData["masteryScore"] = mastery;
        var token = Convert.ToBase64String(Encoding.UTF8.GetBytes($"lms-key:{Guid.NewGuid():N}"));
        var session = new Session(fetchId, token, sessionId, JsonSerializer.Serialize(launchData));
        lock (r.Sessions) r.Sessions.Add(session);
        fetches[fetchId] = (r, session);
        return session;
    }

    async Task RecordAbandonedAsync(Registration r, Session s)
    {
        var statement = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["id"] = Guid.NewGuid(), ["actor"] = JsonDocument.Parse(Actor).RootElement,
            ["verb"] = new { id = "https://w3id.org/xapi/adl/verbs/abandoned", display = new Dictionary<string, string> { ["en-US"] = "abandoned" } },
            ["object"] = new { id = ActivityId }, ["timestamp"] = DateTimeOffset.UtcNow.ToString("O"),
            ["context"] = new Dictionary<string, object>
            {
                ["registration"] = r.Id,
                ["extensions"] = new Dictionary<string, string> { ["https://w3id.org/xapi/cmi5/context/extensions/sessionid"] = s.SessionId },
                ["contextActivities"] = new { category = new[] { new { id = "https://w3id.org/xapi/cmi5/context/categories/cmi5" } } },
            },
        });
        using var request = LrsRequest(HttpMethod.Post, "statements", "", statement);
        using var response = await forward.SendAsync(request);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>The launch URL the LMS gives the browser (cmi5 8.1), at our /lms/cmi5/{module}; its current session's fetch URL.</summary>
    public string LaunchUrl(string apiBaseUrl, Registration r, string moduleId = "boundaries", string? actor = null) =>
        $"{apiBaseUrl}/lms/cmi5/{moduleId}?endpoint={Uri.EscapeDataString(Endpoint.AbsoluteUri)}&fetch={Uri.EscapeDataString(FetchUrl(r.Current))}" +
        $"&actor={Uri.EscapeDataString(actor ?? Actor)}&registration={r.Id}&activityId={Uri.EscapeDataString(ActivityId)}";

    public string FetchUrl(Session s) => $"{Origin}/fetch/{s.FetchId}";

    HttpRequestMessage LrsRequest(HttpMethod method, string path, string query, string body) => LrsForwarding.Request(lrs, method, path, query, body);

    async Task XapiAsync(HttpContext context, string path)
    {
        var authorization = context.Request.Headers.Authorization.ToString();
        var body = await new StreamReader(context.Request.Body).ReadToEndAsync();
        Seen.Enqueue((path, Uri.UnescapeDataString(context.Request.QueryString.ToString()), authorization, body));
        var session = fetches.Values.Select(f => f.Session).FirstOrDefault(s => authorization == "Basic " + s.Token);
        if (session is null) { context.Response.StatusCode = 401; return; }
        if (Unavailable && path == "statements") { context.Response.StatusCode = 503; return; }
        if (session.Expired)
        {
            if (path == "statements") Interlocked.Increment(ref Refused);
            context.Response.StatusCode = 401;
            return;
        }
        if (path == "activities/state")
        {
            if (!Guid.TryParse(context.Request.Query["registration"], out var rid) || !registrations.ContainsKey(rid)
                || context.Request.Query["stateId"] != "LMS.LaunchData") { context.Response.StatusCode = 404; return; }
            await Results.Content(session.LaunchData, "application/json").ExecuteAsync(context);
            return;
        }
        if (path == "agents/profile") { context.Response.StatusCode = 404; return; }
        // Statements go to the real LRS, with the LRS's own credentials.
        await LrsForwarding.ForwardAsync(forward, lrs, context, path, body);
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        forward.Dispose();
    }
}

/// <summary>The API, a real LRS, the simulated cmi5 and Tin Can LMSs in front of it, and Chromium.</summary>
public class Cmi5LmsFixture : BrowserFixture
{
    public LrsFixture Lrs { get; } = new();
    public SimulatedCmi5Lms Lms { get; private set; } = null!;
    public SimulatedTinCanLms TinCan { get; private set; } = null!;
    public ELearningApp Api => Host;

    protected override async Task BeforeStartAsync()
    {
        await Lrs.InitializeAsync();
        Lms = await SimulatedCmi5Lms.StartAsync(Lrs.Endpoint);
        TinCan = await SimulatedTinCanLms.StartAsync(Lrs.Endpoint);
        Host.Settings["Lrs:PollInterval"] = "00:00:00.2";
        // Both LMSs are on 127.0.0.1: with no allow-list the API would refuse to connect to them (OutboundGuard).
        Host.Settings["Lms:LaunchEndpoints:0"] = Lms.Origin;
        Host.Settings["Lms:LaunchEndpoints:1"] = TinCan.Origin;
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (Lms is not null) await Lms.DisposeAsync();
        if (TinCan is not null) await TinCan.DisposeAsync();
        await Lrs.DisposeAsync();
    }
}
