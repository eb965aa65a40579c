using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using ELearning.Api.Tracking;
using ELearning.Api.Tracking.Xapi;
using ELearning.Tests.Player;
using ELearning.Tests.Support;
using ELearning.Tests.Tracking;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ELearning.Tests.Lms;

/// <summary>A cmi5 session as the player holds it after POST /api/lms/cmi5/launches, with a client signed in with its token.</summary>
public sealed record Cmi5Session(Guid AttemptId, Guid SessionId, string ExitKey, bool Resumed, HttpClient Http)
{
    public DelegateClient Delegate => new(Http, Guid.Empty);
}

/// <summary>
/// What the cmi5 session tests run on: a real LRS, the simulated cmi5 LMS in front of it and the API, all on 127.0.0.1.
/// The one place these tests set up a host, so moving them to another host is a change here only.
/// </summary>
public sealed class Cmi5Rig : IAsyncDisposable
{
    readonly LrsFixture lrs = new();
    readonly ELearningApp api = ELearningApp.OnRealPort();
    readonly List<HttpClient> clients = [];
    public SimulatedCmi5Lms Lms { get; private set; } = null!;
    public HttpClient Http { get; private set; } = null!;
    public LrsFixture Lrs => lrs;
    public IServiceProvider Services => api.Services;

    public static async Task<Cmi5Rig> StartAsync(IReadOnlyDictionary<string, string?>? settings = null)
    {
        var rig = new Cmi5Rig();
        await rig.lrs.InitializeAsync();
        rig.Lms = await SimulatedCmi5Lms.StartAsync(rig.lrs.Endpoint);
        rig.api.Settings["Lrs:PollInterval"] = "00:00:00.2";
        // The simulated LMS is on 127.0.0.1: with no allow-list the API would refuse to connect to it (OutboundGuard).
        rig.api.Settings["Lms:LaunchEndpoints:0"] = rig.Lms.Origin;
        rig.api.Settings["Lrs:InitialBackoff"] = "00:00:00.2";
        rig.api.Settings["Lrs:MaxBackoff"] = "00:00:01";
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) rig.api.Settings[key] = value;
        rig.Http = new HttpClient { BaseAddress = new Uri(rig.api.Start()) };
        return rig;
    }

    public Task<HttpResponseMessage> PostLaunchAsync(SimulatedCmi5Lms.Registration r, SimulatedCmi5Lms.Session? session = null, string moduleId = "boundaries",
        string? actor = null, string activityId = SimulatedCmi5Lms.ActivityId) =>
        Http.PostAsJsonAsync("/api/lms/cmi5/launches", new
        {
            moduleId, endpoint = Lms.Endpoint.AbsoluteUri, fetch = Lms.FetchUrl(session ?? r.Current), actor = actor ?? SimulatedCmi5Lms.Actor,
            registration = r.Id.ToString(), activityId,
        });

    /// <summary>The player's launch: the session and a client with its bearer token.</summary>
    public async Task<Cmi5Session> LaunchAsync(SimulatedCmi5Lms.Registration r, string moduleId = "boundaries", string activityId = SimulatedCmi5Lms.ActivityId)
    {
        var response = await PostLaunchAsync(r, moduleId: moduleId, activityId: activityId);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var http = new HttpClient { BaseAddress = Http.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", body.GetProperty("token").GetString());
        clients.Add(http);
        return new(body.GetProperty("attemptId").GetGuid(), body.GetProperty("sessionId").GetGuid(), body.GetProperty("exitKey").GetString()!,
            body.GetProperty("resumed").GetBoolean(), http);
    }

    public static async Task AnswerAsync(Cmi5Session s, IEnumerable<(string Case, string Node, object Response)> steps)
    {
        foreach (var (caseId, nodeId, response) in steps) await s.Delegate.AnswerOkAsync(s.AttemptId, caseId, nodeId, response);
    }

    public static async Task<JsonElement> CompleteAsync(Cmi5Session s)
    {
        var reply = await s.Http.PostAsync($"/api/attempts/{s.AttemptId}/complete", null);
        Assert.True(reply.IsSuccessStatusCode, await reply.Content.ReadAsStringAsync());
        return await reply.Content.ReadFromJsonAsync<JsonElement>();
    }

    public Task<HttpResponseMessage> SessionCallAsync(Cmi5Session s, string action) =>
        Http.PostAsJsonAsync($"/api/lms/sessions/{s.SessionId}/{action}", new { exitKey = s.ExitKey });

    /// <summary>The LMS's view: what its LRS holds for the registration once our outbox has nothing left to try, oldest first.</summary>
    public async Task<IReadOnlyList<Statement>> LmsStatementsAsync(Guid registration, Func<IReadOnlyList<Statement>, bool> until, string what)
    {
        var outbox = Services.GetRequiredService<OutboxStore>();
        IReadOnlyList<Statement> statements = [];
        await Eventually.UntilAsync(async () =>
        {
            if ((await outbox.CountsAsync(CancellationToken.None)).Pending > 0) return false;
            statements = await lrs.StatementsAsync(registration);
            return until(statements);
        }, TimeSpan.FromSeconds(30), what);
        return [.. statements.OrderBy(s => s.Stored)];
    }

    /// <summary>One round of the dispatcher's LMS loop, run by the test itself: what it would try next, now.</summary>
    public Task DispatchLmsDestinationsOnceAsync() =>
        Services.GetServices<IHostedService>().OfType<OutboxDispatcher>().Single().DispatchDestinationsOnceAsync(CancellationToken.None);

    public static string Verb(Statement s) => s.Verb.Id.Split('/')[^1];

    public static string? SessionId(Statement s) =>
        s.Context?.Extensions?.TryGetValue(ELearning.Api.Lms.Cmi5.Cmi5Statements.SessionIdExtension, out var id) == true ? id.GetString() : null;

    public async ValueTask DisposeAsync()
    {
        foreach (var c in clients) c.Dispose();
        Http?.Dispose();
        await api.DisposeAsync();
        if (Lms is not null) await Lms.DisposeAsync();
        await lrs.DisposeAsync();
    }
}

/// <summary>The fixture course's walks the session tests use (FixtureWalk has the confidentiality ones).</summary>
public static class Walks
{
    public static (string, string, object)[] OneQuestion(string moduleId, bool right) =>
    [
        ($"fixture-{moduleId.Split('-')[0]}", "q1", new { value = right }),
        ($"fixture-{moduleId.Split('-')[0]}", "end", FixtureWalk.Acknowledge),
    ];

    /// <summary>Confidentiality at 6 of 8 (0.75): above our pass mark of 0.7.</summary>
    public static readonly (string, string, object)[] Confidentiality75 =
    [
        ("fixture-ward-photo", "n1", new { choices = new[] { "b" } }),
        ("fixture-ward-photo", "c1", FixtureWalk.Acknowledge),
        ("fixture-ward-photo", "n2", new { choices = new[] { "x", "y" } }),
        ("fixture-ward-photo", "n3", new { selected = new[] { "s1", "s2" } }),
        ("fixture-ward-photo", "n4", new { value = false }),
        ("fixture-ward-photo", "n5", new { text = "Ask first." }),
        ("fixture-ward-photo", "end", FixtureWalk.Acknowledge),
        ("fixture-second", "q1", new { value = true }),
        ("fixture-second", "end", FixtureWalk.Acknowledge),
    ];

    /// <summary>Confidentiality at 5 of 8 (0.625): below our pass mark of 0.7.</summary>
    public static readonly (string, string, object)[] Confidentiality625 =
    [
        ("fixture-ward-photo", "n1", new { choices = new[] { "b" } }),
        ("fixture-ward-photo", "c1", FixtureWalk.Acknowledge),
        ("fixture-ward-photo", "n2", new { choices = new[] { "x", "y", "z" } }),
        ("fixture-ward-photo", "n3", new { selected = new[] { "s1", "s2" } }),
        ("fixture-ward-photo", "n4", new { value = false }),
        ("fixture-ward-photo", "n5", new { text = "Ask first." }),
        ("fixture-ward-photo", "end", FixtureWalk.Acknowledge),
        ("fixture-second", "q1", new { value = true }),
        ("fixture-second", "end", FixtureWalk.Acknowledge),
    ];
}
