using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ELearning.Api.Lms;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ELearning.Tests.Lms;

/// <summary>Which resolved addresses a launch may reach with Lms:LaunchEndpoints empty (pure).</summary>
public sealed class OutboundAddressTests
{
    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.255.0.9")]
    [InlineData("0.0.0.0")]
    [InlineData("10.1.2.3")]
    [InlineData("172.16.0.1")]
    [InlineData("172.31.255.255")]
    [InlineData("192.168.1.1")]
    [InlineData("169.254.169.254")] // cloud metadata
    [InlineData("169.254.0.1")]
    [InlineData("100.64.0.1")] // carrier-grade NAT
    [InlineData("100.127.255.255")]
    [InlineData("224.0.0.1")]
    [InlineData("255.255.255.255")]
    [InlineData("::1")]
    [InlineData("::")]
    [InlineData("fc00::1")]
    [InlineData("fd00:ec2::254")] // the metadata service over IPv6
    [InlineData("fe80::1")]
    [InlineData("ff02::1")]
    [InlineData("::ffff:127.0.0.1")] // IPv4 inside IPv6 is judged as IPv4
    [InlineData("::ffff:169.254.169.254")]
    [InlineData("::10.0.0.1")]
    public void Loopback_private_link_local_cgnat_and_metadata_addresses_are_refused(string address) =>
        Assert.True(OutboundAddresses.IsForbidden(IPAddress.Parse(address)));

    [Theory]
    [InlineData("8.8.8.8")]
    [InlineData("172.15.255.255")]
    [InlineData("172.32.0.1")]
    [InlineData("100.63.255.255")]
    [InlineData("100.128.0.1")]
    [InlineData("169.253.1.1")]
    [InlineData("192.167.1.1")]
    [InlineData("11.0.0.1")]
    [InlineData("223.255.255.254")]
    [InlineData("2a00:1450:4009:81f::200e")]
    [InlineData("::ffff:8.8.8.8")]
    [InlineData("fec0::1")] // not fe80::/10
    public void Public_addresses_are_allowed(string address) =>
        Assert.False(OutboundAddresses.IsForbidden(IPAddress.Parse(address)));
}

/// <summary>
/// Over HTTP with Lms:LaunchEndpoints empty: a Tin Can launch naming this machine (an open port, a closed one, a name
/// that resolves to it) or the metadata address gets one answer, and the listening server is never called.
/// </summary>
public sealed class OutboundGuardTests : IAsyncLifetime
{
    readonly ELearningApp api = ELearningApp.OnRealPort();
    WebApplication listening = null!;
    int calls;
    HttpClient http = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        listening = builder.Build();
        listening.Map("/{**any}", () => { Interlocked.Increment(ref calls); return Results.Ok(); });
        await listening.StartAsync();
        http = new HttpClient { BaseAddress = new Uri(api.Start()) };
    }

    public async Task DisposeAsync()
    {
        http.Dispose();
        await api.DisposeAsync();
        await listening.DisposeAsync();
    }

    async Task<(HttpStatusCode Status, string Detail)> TinCanAsync(string endpoint)
    {
        var reply = await http.PostAsJsonAsync("/api/lms/tincan/launches", new { endpoint, auth = "Basic eDp5", actor = """{"mbox":"mailto:ben@example.org"}""" });
        return (reply.StatusCode, (await reply.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString()!);
    }

    [Fact]
    public async Task An_open_port_a_closed_port_a_name_for_this_machine_and_the_metadata_address_all_get_one_answer()
    {
        var port = new Uri(listening.Urls.First()).Port;
        using var closed = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        closed.Start();
        var closedPort = ((IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop(); // nothing listens there now

        var answers = new[]
        {
            await TinCanAsync($"http://127.0.0.1:{port}/xAPI/"),
            await TinCanAsync($"http://127.0.0.1:{closedPort}/xAPI/"),
            await TinCanAsync($"http://localhost:{port}/xAPI/"),
            await TinCanAsync($"http://[::ffff:127.0.0.1]:{port}/xAPI/"),
            await TinCanAsync("http://169.254.169.254/latest/meta-data/"),
        };

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.BadGateway, a.Status));
        Assert.Single(answers.Select(a => a.Detail).Distinct());
        Assert.Equal(0, calls);
    }

    [Fact]
    public async Task A_cmi5_fetch_url_that_is_closed_blocked_or_not_cmi5_gets_one_answer_even_when_allowed()
    {
        var open = listening.Urls.First();
        using var closed = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        closed.Start();
        var closedOrigin = $"http://127.0.0.1:{((IPEndPoint)closed.LocalEndpoint).Port}";
        closed.Stop();
        await using var listed = ELearningApp.OnRealPort();
        listed.Settings["Lms:LaunchEndpoints:0"] = open;
        listed.Settings["Lms:LaunchEndpoints:1"] = closedOrigin;
        using var allowed = new HttpClient { BaseAddress = new Uri(listed.Start()) };

        async Task<string> LaunchAsync(HttpClient client, string fetch)
        {
            var reply = await client.PostAsJsonAsync("/api/lms/cmi5/launches", new
            {
                moduleId = "boundaries", endpoint = open + "/xAPI/", fetch, registration = Guid.NewGuid().ToString(),
                actor = """{"objectType":"Agent","account":{"homePage":"https://lms.example","name":"l-1"}}""", activityId = "https://lms.example/au/1",
            });
            Assert.Equal(HttpStatusCode.BadGateway, reply.StatusCode);
            var problem = await reply.Content.ReadFromJsonAsync<JsonElement>();
            return problem.GetProperty("title").GetString() + " / " + problem.GetProperty("detail").GetString();
        }

        var answers = new[]
        {
            await LaunchAsync(allowed, open + "/fetch/1"),        // an open port that is no cmi5 LMS (200, no token)
            await LaunchAsync(allowed, closedOrigin + "/fetch/1"), // nothing listens
            await LaunchAsync(http, open + "/fetch/1"),           // not allowed: this machine
        };

        Assert.Single(answers.Distinct());
    }

    [Fact]
    public async Task With_the_lrs_in_the_allow_list_a_launch_on_this_machine_is_made()
    {
        await using var listed = ELearningApp.OnRealPort();
        listed.Settings["Lms:LaunchEndpoints:0"] = listening.Urls.First();
        using var client = new HttpClient { BaseAddress = new Uri(listed.Start()) };

        var reply = await client.PostAsJsonAsync("/api/lms/tincan/launches",
            new { endpoint = listening.Urls.First() + "/xAPI/", auth = "Basic eDp5", actor = """{"mbox":"mailto:ben@example.org"}""" });

        Assert.True(calls > 0, await reply.Content.ReadAsStringAsync());
    }
}
