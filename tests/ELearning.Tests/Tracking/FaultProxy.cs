using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ELearning.Tests.Tracking;

/// <summary>
/// Sits between the API and the LRS on 127.0.0.1 and misbehaves on demand: drops connections, answers 503
/// with Retry-After, answers 409, or forwards the request and then holds the reply (the LRS has the batch,
/// the API does not know). Records every request it sees.
/// </summary>
public sealed class FaultProxy(Uri target) : IAsyncDisposable
{
    public enum Behaviour { Forward, Drop, Unavailable, Conflict, ForwardThenHold }

    public sealed record Seen(DateTimeOffset At, string Method, string PathAndQuery, int Status, string Body = "");

    /// <summary>How many statements the API posted, counting every resend (ids read from the request bodies).</summary>
    public IReadOnlyList<Guid> PostedStatementIds => [.. StatementPosts.Where(r => r.Body.StartsWith('['))
        .SelectMany(r => System.Text.Json.JsonDocument.Parse(r.Body).RootElement.EnumerateArray().Select(e => e.GetProperty("id").GetGuid()))];

    WebApplication? app;
    readonly HttpClient forward = new() { Timeout = TimeSpan.FromSeconds(30) };

    public volatile Behaviour Mode = Behaviour.Forward;
    public TimeSpan RetryAfter { get; set; } = TimeSpan.FromSeconds(1);
    public TimeSpan Hold { get; set; } = TimeSpan.FromSeconds(30);
    public ConcurrentQueue<Seen> Requests { get; } = new();
    public int Port { get; private set; }
    public Uri Endpoint => new($"http://127.0.0.1:{Port}/xAPI/");

    public IEnumerable<Seen> StatementPosts => Requests.Where(r => r.Method == "POST" && r.PathAndQuery.Contains("/statements"));

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        Port = FreePort.Next();
        builder.WebHost.UseUrls($"http://127.0.0.1:{Port}");
        app = builder.Build();
        app.Run(HandleAsync);
        await app.StartAsync();
    }

    async Task HandleAsync(HttpContext context)
    {
        var mode = Mode;
        var pathAndQuery = context.Request.Path + context.Request.QueryString;
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body);
        void Record(int status) => Requests.Enqueue(new(DateTimeOffset.UtcNow, context.Request.Method, pathAndQuery, status,
            System.Text.Encoding.UTF8.GetString(body.ToArray())));
        switch (mode)
        {
            case Behaviour.Drop:
                Record(0);
                context.Abort(); // the API sees the connection reset, as when the LRS is down
                return;
            case Behaviour.Unavailable:
                Record(503);
                context.Response.StatusCode = 503;
                context.Response.Headers.RetryAfter = ((int)RetryAfter.TotalSeconds).ToString();
                return;
            case Behaviour.Conflict:
                Record(409);
                context.Response.StatusCode = 409;
                await context.Response.WriteAsJsonAsync(new { message = "conflicting" });
                return;
        }

        using var request = new HttpRequestMessage(new HttpMethod(context.Request.Method), new Uri(target, pathAndQuery));
        if (body.Length > 0 || context.Request.Method is "POST" or "PUT")
        {
            request.Content = new ByteArrayContent(body.ToArray());
            if (context.Request.ContentType is { } type) request.Content.Headers.TryAddWithoutValidation("Content-Type", type);
        }
        foreach (var header in new[] { "Authorization", "X-Experience-API-Version" })
            if (context.Request.Headers.TryGetValue(header, out var value)) request.Headers.TryAddWithoutValidation(header, (string?)value);
        using var response = await forward.SendAsync(request, context.RequestAborted);
        var reply = await response.Content.ReadAsByteArrayAsync(context.RequestAborted);
        Record((int)response.StatusCode);
        if (mode == Behaviour.ForwardThenHold)
            await Task.Delay(Hold, context.RequestAborted);
        context.Response.StatusCode = (int)response.StatusCode;
        if (response.Content.Headers.ContentType is { } contentType) context.Response.ContentType = contentType.ToString();
        await context.Response.Body.WriteAsync(reply, context.RequestAborted);
    }

    public async ValueTask DisposeAsync()
    {
        if (app is not null)
        {
            using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await app.StopAsync(stopping.Token);
            await app.DisposeAsync();
        }
        forward.Dispose();
    }
}
