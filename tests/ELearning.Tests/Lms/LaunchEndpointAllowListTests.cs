using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ELearning.Tests.Player;

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
