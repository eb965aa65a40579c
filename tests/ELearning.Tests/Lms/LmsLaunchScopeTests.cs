using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ELearning.Tests.Player;
using ELearning.Tests.Support;
using static ELearning.Tests.Lms.Cmi5Rig;

namespace ELearning.Tests.Lms;

/// <summary>
/// cmi5 and Tin Can launches are vouched for by what the learner's browser carries (the launch URL, the LRS's launch
/// credentials), so, like a SCORM session, their tokens only record progress on their own attempts: a simulated LMS
/// in front of a real LRS, the API over HTTP (README "Threat model").
/// </summary>
public sealed class LmsLaunchScopeTests : IAsyncLifetime
{
    Cmi5Rig rig = null!;

    public async Task InitializeAsync() => rig = await Cmi5Rig.StartAsync();
    public async Task DisposeAsync() => await rig.DisposeAsync();

    sealed record TinCanSession(Guid LaunchId, DelegateClient Client);

    async Task<HttpResponseMessage> PostTinCanAsync(SimulatedCmi5Lms.Registration r, string actor) =>
        await rig.Http.PostAsJsonAsync("/api/lms/tincan/launches", new
        {
            endpoint = rig.Lms.Endpoint.AbsoluteUri, auth = "Basic " + r.Token, actor, registration = r.Id.ToString(),
        });

    async Task<TinCanSession> TinCanAsync(string actor = """{"name":"Ben Clarke","mbox":"mailto:ben.clarke@example.org"}""")
    {
        var reply = await PostTinCanAsync(rig.Lms.Register(), actor);
        Assert.True(reply.StatusCode == HttpStatusCode.Created, await reply.Content.ReadAsStringAsync());
        var body = await reply.Content.ReadFromJsonAsync<JsonElement>();
        var http = new HttpClient { BaseAddress = rig.Http.BaseAddress }.WithBearer(body.GetProperty("token").GetString()!);
        return new(body.GetProperty("launchId").GetGuid(), new DelegateClient(http, Guid.Empty));
    }

    static Task<HttpResponseMessage> StartAsync(HttpClient http, Guid? launchId) =>
        http.PostAsJsonAsync("/api/attempts", new { moduleId = "boundaries", launchId });

    [Fact]
    public async Task A_tin_can_token_starts_attempts_under_its_own_launch_only_and_never_gets_the_certificate()
    {
        var ben = await TinCanAsync();

        Assert.Equal(HttpStatusCode.Forbidden, (await StartAsync(ben.Client.Http, null)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await StartAsync(ben.Client.Http, ben.LaunchId)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await ben.Client.Http.GetAsync("/api/learners/me/certificate")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await ben.Client.Http.GetAsync("/api/learners/me/cpd-evidence")).StatusCode);
    }

    [Fact]
    public async Task Another_tin_can_launch_naming_the_same_actor_does_not_reach_the_first_launchs_attempts()
    {
        var ben = await TinCanAsync();
        var started = await (await StartAsync(ben.Client.Http, ben.LaunchId)).Content.ReadFromJsonAsync<JsonElement>();
        var attemptId = started.GetProperty("attemptId").GetGuid();

        var other = await TinCanAsync(); // any credentials the LRS accepts, and Ben's actor

        Assert.Equal(HttpStatusCode.NotFound, (await other.Client.Http.GetAsync($"/api/attempts/{attemptId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.Client.AnswerAsync(attemptId, "fixture-boundaries", "q1", new { value = true })).StatusCode);
        var modules = (await other.Client.GetJsonAsync("/api/learners/me")).GetProperty("modules").EnumerateArray();
        Assert.All(modules, m => Assert.Equal(JsonValueKind.Null, m.GetProperty("attemptId").ValueKind));
    }

    [Fact]
    public async Task A_tin_can_launch_for_an_existing_actor_does_not_rename_them()
    {
        var ben = await TinCanAsync();

        var renamed = await TinCanAsync("""{"name":"Someone Else","mbox":"mailto:ben.clarke@example.org"}""");

        Assert.Equal("Ben Clarke", (await renamed.Client.GetJsonAsync("/api/learners/me")).GetProperty("name").GetString());
        Assert.Equal("Ben Clarke", (await ben.Client.GetJsonAsync("/api/learners/me")).GetProperty("name").GetString());
    }

    [Theory]
    [InlineData("Ben \u202EekralC")]
    [InlineData("Ben\u200B Clarke")]
    [InlineData("Ben\u0000Clarke")]
    public async Task Tin_can_and_cmi5_actor_names_get_the_same_checks_as_sign_in(string name)
    {
        var actorName = JsonSerializer.Serialize(name);
        var tinCan = await PostTinCanAsync(rig.Lms.Register(), "{\"name\":" + actorName + ",\"mbox\":\"mailto:ben.clarke@example.org\"}");
        var cmi5 = await rig.PostLaunchAsync(rig.Lms.Register(),
            actor: "{\"objectType\":\"Agent\",\"name\":" + actorName + ",\"account\":{\"homePage\":\"https://lms.example\",\"name\":\"learner-1001\"}}");

        foreach (var reply in new[] { tinCan, cmi5 })
        {
            Assert.Equal(HttpStatusCode.BadRequest, reply.StatusCode);
            Assert.True((await reply.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("actor", out _));
        }
    }

    [Fact]
    public async Task A_cmi5_token_records_its_own_attempt_only_and_never_gets_the_certificate()
    {
        var first = await rig.LaunchAsync(rig.Lms.Register());
        await AnswerAsync(first, Walks.OneQuestion("boundaries", right: true).Take(1));
        var second = await rig.LaunchAsync(rig.Lms.Register()); // the same learner, another registration

        Assert.NotEqual(first.AttemptId, second.AttemptId);
        Assert.Equal(HttpStatusCode.NotFound, (await second.Http.GetAsync($"/api/attempts/{first.AttemptId}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await StartAsync(second.Http, null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await second.Http.GetAsync("/api/learners/me/certificate")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await second.Http.GetAsync($"/api/attempts/{second.AttemptId}")).StatusCode);
    }
}
