using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ELearning.Tests.Player;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ELearning.Tests.Lms;

/// <summary>With Lms:LaunchEndpoints set, a launch naming any other address is refused before the API calls it.</summary>
public sealed class LaunchEndpointAllowListTests : IAsyncLifetime
{
    readonly ELearningApp api = ELearningApp.OnRealPort();
    HttpClient http = null!;

    public Task InitializeAsync()
    {
        api.Settings["Lms:LaunchEndpoints:0"] = "https://lrs.northshire.nhs.uk/";
        http = new HttpClient { BaseAddress = new Uri(api.Start()) };
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        http.Dispose();
        await api.DisposeAsync();
    }

    [Fact]
    public async Task A_cmi5_launch_naming_an_unlisted_lrs_or_fetch_url_is_invalid()
    {
        var reply = await http.PostAsJsonAsync("/api/lms/cmi5/launches", new
        {
            endpoint = "http://127.0.0.1:9/xAPI/",
            fetch = "http://127.0.0.1:9/fetch",
            actor = """{"objectType":"Agent","account":{"homePage":"https://lms.example","name":"learner-1"}}""",
            registration = Guid.NewGuid().ToString(),
            activityId = "https://lms.example/aus/boundaries",
            moduleId = "boundaries",
        });

        Assert.Equal(HttpStatusCode.BadRequest, reply.StatusCode);
        var errors = (await reply.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("endpoint", out _) && errors.TryGetProperty("fetch", out _), errors.ToString());
    }

    [Fact]
    public async Task A_tin_can_launch_naming_an_unlisted_lrs_is_invalid()
    {
        var reply = await http.PostAsJsonAsync("/api/lms/tincan/launches", new
        {
            endpoint = "http://127.0.0.1:9/xAPI/",
            auth = "Basic eDp5",
            actor = """{"mbox":"mailto:ben@example.org"}""",
        });

        Assert.Equal(HttpStatusCode.BadRequest, reply.StatusCode);
        Assert.True((await reply.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("endpoint", out _));
    }
}

/// <summary>Lms:LaunchEndpoints entries are parsed and compared by scheme, host, port and path segment; user-info is refused.</summary>
public sealed class LaunchEndpointMatchingTests
{
    static readonly ELearning.Api.Lms.LmsOptions Options = new() { LaunchEndpoints = ["http://127.0.0.1:8081", "https://lrs.northshire.nhs.uk/xAPI"] };

    [Theory]
    [InlineData("http://127.0.0.1:8081/xAPI/", true)]
    [InlineData("http://127.0.0.1:8081", true)]
    [InlineData("https://lrs.northshire.nhs.uk/xAPI/statements", true)]
    [InlineData("https://LRS.Northshire.NHS.uk:443/xAPI/", true)]
    [InlineData("http://127.0.0.1:8081@attacker.example/xAPI/", false)] // the text starts with the entry; the host is attacker.example
    [InlineData("http://user:pw@127.0.0.1:8081/xAPI/", false)]
    [InlineData("http://127.0.0.1:18081/xAPI/", false)]
    [InlineData("http://127.0.0.1:8082/xAPI/", false)]
    [InlineData("https://127.0.0.1:8081/xAPI/", false)]
    [InlineData("https://lrs.northshire.nhs.uk.attacker.example/xAPI/", false)]
    [InlineData("https://lrs.northshire.nhs.uk/xAPIfake/", false)]
    [InlineData("https://lrs.northshire.nhs.uk/other/", false)]
    [InlineData("https://lrs.northshire.nhs.uk/xAPI/../admin/", false)]
    public void A_url_is_allowed_only_under_a_listed_origin_and_path(string url, bool allowed) =>
        Assert.Equal(allowed, Options.AllowsLaunchEndpoint(new Uri(url)));

    [Fact]
    public void With_no_list_any_http_url_is_allowed_but_never_one_with_user_info()
    {
        var open = new ELearning.Api.Lms.LmsOptions();
        Assert.True(open.AllowsLaunchEndpoint(new Uri("https://anywhere.example/xAPI/")));
        Assert.False(open.AllowsLaunchEndpoint(new Uri("https://me@anywhere.example/xAPI/")));
        Assert.False(open.AllowsLaunchEndpoint(new Uri("ftp://anywhere.example/")));
    }
}

/// <summary>
/// Over HTTP: an allowed LMS whose fetch URL redirects elsewhere, and the place it redirects to, each a tiny server on
/// 127.0.0.1 that counts its calls. The API must neither follow the redirect off the list nor be fooled by user-info.
/// </summary>
public sealed class LaunchEndpointRedirectTests : IAsyncLifetime
{
    readonly ELearningApp api = ELearningApp.OnRealPort();
    WebApplication allowed = null!, other = null!;
    int otherCalls;
    HttpClient http = null!;

    static async Task<WebApplication> ServeAsync(Action<WebApplication> routes)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        routes(app);
        await app.StartAsync();
        return app;
    }

    public async Task InitializeAsync()
    {
        other = await ServeAsync(app => app.Map("/{**any}", () => { Interlocked.Increment(ref otherCalls); return Results.Json(new Dictionary<string, string> { ["auth-token"] = "c3RvbGVu" }); }));
        allowed = await ServeAsync(app => app.MapPost("/fetch", () => Results.Redirect(other.Urls.First() + "/fetch", permanent: false, preserveMethod: true)));
        api.Settings["Lms:LaunchEndpoints:0"] = allowed.Urls.First().TrimEnd('/'); // no trailing slash, as finding 7 had it
        http = new HttpClient { BaseAddress = new Uri(api.Start()) };
    }

    public async Task DisposeAsync()
    {
        http.Dispose();
        await api.DisposeAsync();
        await allowed.DisposeAsync();
        await other.DisposeAsync();
    }

    object Launch(string endpoint, string fetch) => new
    {
        moduleId = "boundaries", endpoint, fetch, registration = Guid.NewGuid().ToString(), activityId = "https://lms.example/aus/boundaries",
        actor = """{"objectType":"Agent","account":{"homePage":"https://lms.example","name":"learner-1"}}""",
    };

    [Fact]
    public async Task A_redirect_from_an_allowed_fetch_url_to_an_unlisted_address_is_not_followed()
    {
        var origin = allowed.Urls.First().TrimEnd('/');

        var reply = await http.PostAsJsonAsync("/api/lms/cmi5/launches", Launch($"{origin}/xAPI/", $"{origin}/fetch"));

        Assert.Equal(HttpStatusCode.BadGateway, reply.StatusCode);
        Assert.Equal(0, otherCalls);
    }

    [Fact]
    public async Task A_url_with_user_info_that_starts_with_an_allowed_entry_is_invalid_and_never_called()
    {
        var origin = allowed.Urls.First().TrimEnd('/');
        var elsewhere = new Uri(other.Urls.First());
        var sneaky = $"{origin}@{elsewhere.Authority}";

        var reply = await http.PostAsJsonAsync("/api/lms/cmi5/launches", Launch($"{sneaky}/xAPI/", $"{sneaky}/fetch"));

        Assert.Equal(HttpStatusCode.BadRequest, reply.StatusCode);
        var errors = (await reply.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("endpoint", out _) && errors.TryGetProperty("fetch", out _), errors.ToString());
        Assert.Equal(0, otherCalls);
    }
}
