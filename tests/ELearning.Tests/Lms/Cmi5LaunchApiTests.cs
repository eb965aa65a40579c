using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ELearning.Api.Tracking.Xapi;
using ELearning.Tests.Player;
using ELearning.Tests.Tracking;

namespace ELearning.Tests.Lms;

/// <summary>
/// POST /api/lms/cmi5/launches and the session's end, over HTTP: a simulated cmi5 LMS in front of a real LRS, and the
/// API with a tiny Lms:IdleTimeoutMinutes so that a session left alone is ended by the server.
/// </summary>
public sealed class Cmi5LaunchApiTests : IAsyncLifetime
{
    readonly LrsFixture lrs = new();
    readonly ELearningApp api = ELearningApp.OnRealPort();
    SimulatedCmi5Lms lms = null!;
    HttpClient http = null!;

    public async Task InitializeAsync()
    {
        await lrs.InitializeAsync();
        lms = await SimulatedCmi5Lms.StartAsync(lrs.Endpoint);
        api.Settings["Lms:IdleTimeoutMinutes"] = "0.02"; // 1.2 s
        api.Settings["Lms:LaunchEndpoints:0"] = lms.Origin; // on 127.0.0.1, which OutboundGuard refuses without a list
        api.Settings["Lrs:PollInterval"] = "00:00:00.2";
        http = new HttpClient { BaseAddress = new Uri(api.Start()) };
    }

    public async Task DisposeAsync()
    {
        http.Dispose();
        await api.DisposeAsync();
        await lms.DisposeAsync();
        await lrs.DisposeAsync();
    }

    object Launch(SimulatedCmi5Lms.Registration r) => new
    {
        moduleId = "boundaries", endpoint = lms.Endpoint.AbsoluteUri, fetch = $"{lms.Origin}/fetch/{r.Id}", actor = SimulatedCmi5Lms.Actor,
        registration = r.Id.ToString(), activityId = SimulatedCmi5Lms.ActivityId,
    };

    async Task<IReadOnlyList<string>> VerbsWhenTerminatedAsync(Guid registration)
    {
        IReadOnlyList<Statement> statements = [];
        await Eventually.UntilAsync(async () =>
        {
            statements = await lrs.StatementsAsync(registration);
            return statements.Any(s => s.Verb.Id == Verbs.Terminated.Id);
        }, TimeSpan.FromSeconds(30), "a terminated statement at the LMS's LRS");
        return [.. statements.OrderBy(s => s.Stored).Select(s => s.Verb.Id.Split('/')[^1])];
    }

    [Fact]
    public async Task A_launch_gives_the_player_a_session_but_never_the_lms_token()
    {
        var r = lms.Register();

        var response = await http.PostAsJsonAsync("/api/lms/cmi5/launches", Launch(r));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain(r.Token, body);
        var started = JsonDocument.Parse(body).RootElement;
        Assert.Equal("Normal", started.GetProperty("launchMode").GetString());
        Assert.Equal($"{lms.Origin}/returned", started.GetProperty("returnUrl").GetString());
        Assert.False(string.IsNullOrEmpty(started.GetProperty("exitKey").GetString()));
    }

    [Fact]
    public async Task A_session_left_idle_is_terminated_by_the_server_once()
    {
        var r = lms.Register();
        var response = await http.PostAsJsonAsync("/api/lms/cmi5/launches", Launch(r));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);

        var verbs = await VerbsWhenTerminatedAsync(r.Id);

        Assert.Equal(["initialized", "terminated"], verbs);
    }

    [Fact]
    public async Task Terminate_needs_the_exit_key_and_ends_the_session_once()
    {
        var r = lms.Register();
        var started = await (await http.PostAsJsonAsync("/api/lms/cmi5/launches", Launch(r))).Content.ReadFromJsonAsync<JsonElement>();
        var url = $"/api/lms/sessions/{started.GetProperty("sessionId").GetString()}/terminate";
        var exitKey = started.GetProperty("exitKey").GetString();

        Assert.Equal(HttpStatusCode.NotFound, (await http.PostAsJsonAsync(url, new { exitKey = "wrong" })).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await http.PostAsJsonAsync(url, new { exitKey })).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await http.PostAsJsonAsync(url, new { exitKey })).StatusCode);

        Assert.Equal(["initialized", "terminated"], await VerbsWhenTerminatedAsync(r.Id));
    }

    [Fact]
    public async Task A_launch_with_bad_parameters_is_refused_field_by_field_before_the_lms_is_called()
    {
        var response = await http.PostAsJsonAsync("/api/lms/cmi5/launches", new
        {
            moduleId = "boundaries", endpoint = "ftp://lrs.example/", fetch = "/relative", actor = """{"mbox":"mailto:a@example.org"}""",
            registration = "r-1", activityId = "not an iri",
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Equal(["endpoint", "fetch", "actor", "registration", "activityId"], errors.EnumerateObject().Select(p => p.Name));
        Assert.Empty(lms.Seen);
    }

    [Fact]
    public async Task A_fetch_url_already_used_is_a_conflict_with_the_lms_words()
    {
        var r = lms.Register();
        Assert.Equal(HttpStatusCode.Created, (await http.PostAsJsonAsync("/api/lms/cmi5/launches", Launch(r))).StatusCode);

        var again = await http.PostAsJsonAsync("/api/lms/cmi5/launches", Launch(r));

        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        var problem = await again.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("already been used", problem.GetProperty("detail").GetString());
        Assert.Contains("Already in use", problem.GetProperty("detail").GetString());
    }
}
