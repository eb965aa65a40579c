using System.Net;
using ELearning.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;

namespace ELearning.Tests.Lms;

/// <summary>LMS launch URLs land on /lms/…, which sends the browser on to the player with the launch in the query.</summary>
public sealed class LmsLaunchRouteTests : IAsyncLifetime
{
    readonly ELearningApp app = new();
    HttpClient client = null!;

    public Task InitializeAsync()
    {
        client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        return Task.CompletedTask;
    }

    public Task DisposeAsync() => app.DisposeAsync().AsTask();

    [Theory]
    [InlineData("/lms/scorm/confidentiality?x=1", "../../?launch=scorm&module=confidentiality&x=1")]
    [InlineData("/lms/scorm/boundaries", "../../?launch=scorm&module=boundaries")]
    [InlineData("/lms/cmi5/confidentiality?endpoint=https%3A%2F%2Flrs.example%2Fxapi%2F&fetch=https%3A%2F%2Flms.example%2Ft%3F1&registration=r-1",
        "../../?launch=cmi5&module=confidentiality&endpoint=https%3A%2F%2Flrs.example%2Fxapi%2F&fetch=https%3A%2F%2Flms.example%2Ft%3F1&registration=r-1")]
    [InlineData("/lms/tincan?endpoint=https%3A%2F%2Flrs.example%2F&actor=%7B%7D", "../?launch=tincan&endpoint=https%3A%2F%2Flrs.example%2F&actor=%7B%7D")]
    [InlineData("/lms/scorm/boundaries?launch=tincan&module=x&y=2", "../../?launch=scorm&module=boundaries&y=2")]
    public async Task A_launch_url_redirects_to_the_player_relatively_keeping_the_lms_parameters(string launch, string location)
    {
        var response = await client.GetAsync(launch);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(location, response.Headers.Location!.OriginalString);
        Assert.False(response.Headers.Location.IsAbsoluteUri);
    }

    [Fact]
    public async Task A_launch_of_an_unknown_module_is_not_found()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/lms/scorm/astrology")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/lms/cmi5/astrology")).StatusCode);
    }
}
