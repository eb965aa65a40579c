using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ELearning.Tests.Support;

namespace ELearning.Tests.Api;

/// <summary>
/// Every door a stranger can knock on is rate-limited: sign-in, joining, answering, verification and LMS launches.
/// A refusal is 429 ProblemDetails with Retry-After, and a refused request writes nothing.
/// </summary>
public sealed class RateLimitTests
{
    static Dictionary<string, string?> Limit(string door, int perMinute, params (string Key, string Value)[] more)
    {
        var settings = new Dictionary<string, string?> { [$"RateLimits:{door}"] = perMinute.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        foreach (var (key, value) in more) settings[key] = value;
        return settings;
    }

    static async Task<string> AssertTooManyAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.InRange(response.Headers.RetryAfter?.Delta?.TotalSeconds ?? 0, 1, 60);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(429, problem.GetProperty("status").GetInt32());
        var detail = problem.GetProperty("detail").GetString()!;
        Assert.Contains("Try again in", detail);
        return detail;
    }

    static Task<HttpResponseMessage> SignIn(HttpClient client, string name = "Asha Patel") => client.PostAsJsonAsync("/api/learners", new { name });

    [Fact]
    public async Task Sign_ins_past_the_limit_are_refused_with_429_and_create_no_delegate()
    {
        await using var app = new ELearningApp(settings: Limit("SignInsPerMinute", 3));
        for (var i = 0; i < 3; i++) Assert.Equal(HttpStatusCode.Created, (await SignIn(app.CreateClient())).StatusCode);

        var refused = await SignIn(app.CreateClient());

        Assert.Contains("sign-ins from this network", await AssertTooManyAsync(refused));
        var summary = await app.AdminClient().GetFromJsonAsync<JsonElement>("/api/admin/summary");
        Assert.Equal(3, summary.GetProperty("learners").GetInt32());
    }

    [Fact]
    public async Task Answers_are_counted_per_delegate_so_one_delegate_at_the_limit_does_not_stop_another()
    {
        await using var app = new ELearningApp(settings: Limit("AnswersPerMinute", 2));
        var asha = await app.SignInAsync();
        var ben = await app.SignInAsync("Ben Clarke");
        var attempt = await asha.StartAsync("boundaries");
        await asha.AnswerOkAsync(attempt.AttemptId, attempt.CaseId, "q1", new { value = true });
        await asha.AnswerOkAsync(attempt.AttemptId, attempt.CaseId, "end", new { });

        await AssertTooManyAsync(await asha.AnswerAsync(attempt.AttemptId, attempt.CaseId, "end", new { }));

        var bens = await ben.StartAsync("boundaries");
        Assert.Equal(HttpStatusCode.OK, (await ben.AnswerAsync(bens.AttemptId, bens.CaseId, "q1", new { value = true })).StatusCode);
    }

    [Fact]
    public async Task Verification_is_limited_per_address_across_the_page_and_the_api()
    {
        await using var app = new ELearningApp(settings: Limit("VerificationsPerMinute", 2));
        var client = app.CreateClient();
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/verify/AAAAAAAAAAAAAAAAAAAAAAAA")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/verify/AAAAAAAAAAAAAAAAAAAAAAAB")).StatusCode);

        await AssertTooManyAsync(await client.PostAsJsonAsync("/api/verify", new { credential = "x.y.z" }));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/course")).StatusCode);
    }

    [Fact]
    public async Task Lms_launches_are_limited_per_address()
    {
        await using var app = new ELearningApp(settings: Limit("LmsLaunchesPerMinute", 2));
        var client = app.CreateClient();
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsJsonAsync("/api/lms/tincan/launches", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsJsonAsync("/api/lms/cmi5/launches", new { })).StatusCode);

        await AssertTooManyAsync(await client.PostAsJsonAsync("/api/lms/scorm/sessions", new { }));
    }

    [Fact]
    public async Task A_forwarded_address_from_an_unknown_peer_is_ignored_so_it_cannot_buy_a_fresh_allowance()
    {
        await using var app = ELearningApp.OnRealPort(Limit("SignInsPerMinute", 2));
        using var http = new HttpClient { BaseAddress = new Uri(app.Start()) };

        for (var i = 0; i < 2; i++) Assert.Equal(HttpStatusCode.Created, (await SignInFrom(http, $"203.0.113.{i + 1}")).StatusCode);

        await AssertTooManyAsync(await SignInFrom(http, "203.0.113.99"));
    }

    [Fact]
    public async Task Behind_a_known_proxy_each_forwarded_client_has_its_own_allowance()
    {
        await using var app = ELearningApp.OnRealPort(Limit("SignInsPerMinute", 2, ("RateLimits:KnownProxies:0", "127.0.0.0/8")));
        using var http = new HttpClient { BaseAddress = new Uri(app.Start()) };
        for (var i = 0; i < 2; i++) Assert.Equal(HttpStatusCode.Created, (await SignInFrom(http, "203.0.113.5")).StatusCode);

        await AssertTooManyAsync(await SignInFrom(http, "203.0.113.5"));
        // A client cannot pose as another by writing its own X-Forwarded-For: the proxy appends the address it heard from.
        await AssertTooManyAsync(await SignInFrom(http, "198.51.100.7, 203.0.113.5"));
        Assert.Equal(HttpStatusCode.Created, (await SignInFrom(http, "203.0.113.6")).StatusCode);
    }

    static Task<HttpResponseMessage> SignInFrom(HttpClient http, string forwardedFor)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/learners") { Content = JsonContent.Create(new { name = "Asha Patel" }) };
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        return http.SendAsync(request);
    }

    [Theory]
    [InlineData("RateLimits:SignInsPerMinute", "0")]
    [InlineData("RateLimits:AnswersPerMinute", "-5")]
    [InlineData("RateLimits:KnownProxies:0", "not-an-address")]
    public async Task A_limit_that_cannot_work_stops_the_api_starting_with_the_setting_named(string key, string value)
    {
        await using var bad = new ELearningApp(settings: new Dictionary<string, string?> { [key] = value });

        var failure = Record.Exception(() => bad.CreateClient());

        Assert.NotNull(failure);
        Assert.Contains(key.Split(":0")[0], failure.ToString());
    }
}
