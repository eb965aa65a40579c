// Measures the xAPI dispatcher against a running LRS: the time to drain a backlog of statements from the
// outbox (the real OutboxDispatcher loop over a real SQLite outbox), next to the LRS's own ingest rate for the
// same batches POSTed directly. The ratio dispatcher/direct is the figure that matters: the dispatcher's
// overhead (claim, mark delivered) on top of what the LRS costs anyway.
// Usage: XapiDispatch direct|dispatch <lrs endpoint> [statements=10000] [batch=50]
// Prints one line: "<mode> <statements> <seconds> <statements per second>". xapi-dispatch.sh runs each mode
// against a fresh LRS (it keeps statements in memory and slows as it fills) and compares them.
using System.Diagnostics;
using System.Text.Json;
using ELearning.Api.Data;
using ELearning.Api.Tracking;
using ELearning.Api.Tracking.Xapi;
using Activity = ELearning.Api.Tracking.Xapi.Activity;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

var mode = args[0];
var endpoint = new Uri(args[1]);
var count = args.Length > 2 ? int.Parse(args[2]) : 10_000;
var batchSize = args.Length > 3 ? int.Parse(args[3]) : 50;

// Statements of the shape the profile makes: an answered choice question with result and full context.
IReadOnlyList<Statement> Make(int n) => [.. Enumerable.Range(0, n).Select(i =>
{
    var registration = Guid.NewGuid();
    return new Statement
    {
        Id = Guid.NewGuid(),
        Actor = Agent.WithAccount("http://localhost:5080/", Guid.NewGuid().ToString()),
        Verb = Verbs.Answered,
        Target = new Activity
        {
            Id = $"http://localhost:5080/xapi/activities/modules/confidentiality/cases/c{i % 20}/nodes/n{i % 7}",
            Definition = new ActivityDefinition
            {
                Name = new Dictionary<string, string> { ["en-GB"] = "What do you do with the photo?" },
                Type = ActivityTypes.Interaction, InteractionType = "choice", CorrectResponsesPattern = ["a"],
                Choices = [new("a", new Dictionary<string, string> { ["en-GB"] = "Ask first" }), new("b", new Dictionary<string, string> { ["en-GB"] = "Post it" })],
            },
        },
        Result = new Result { Score = new Score { Scaled = 1, Raw = 2, Min = 0, Max = 2 }, Success = true, Completion = true, Response = "a", Duration = TimeSpan.FromSeconds(31.5) },
        Context = new Context
        {
            Registration = registration, Platform = "ELearning", Language = "en-GB",
            ContextActivities = new ContextActivities
            {
                Parent = [new Activity { Id = "http://localhost:5080/xapi/activities/modules/confidentiality/cases/c1" }],
                Grouping = [new Activity { Id = "http://localhost:5080/xapi/activities/modules/confidentiality" }, new Activity { Id = "https://elearning.example/courses/smps" }],
            },
        },
        Timestamp = DateTimeOffset.UtcNow,
    };
})];

var lrs = LrsClient.Create(endpoint, "bench", "bench");

async Task<TimeSpan> PostDirectAsync(IReadOnlyList<Statement> statements)
{
    var batches = statements.Select(XapiJson.Serialize).Chunk(batchSize).Select(b => "[" + string.Join(",", b) + "]").ToList();
    var clock = Stopwatch.StartNew();
    foreach (var batch in batches)
    {
        var response = await lrs.PostStatementsJsonAsync(batch, CancellationToken.None);
        if (!response.IsSuccess) throw new InvalidOperationException($"LRS answered {(int)response.Status}: {response.Body}");
    }
    return clock.Elapsed;
}

async Task<TimeSpan> DispatchAsync(IReadOnlyList<Statement> statements)
{
    var folder = Directory.CreateTempSubdirectory("xapi-bench-").FullName;
    try
    {
        var services = new ServiceCollection();
        services.AddLogging(l => l.SetMinimumLevel(LogLevel.Warning).AddSimpleConsole());
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<IDbConnectionFactory>(new SqliteConnectionFactory($"Data Source={Path.Combine(folder, "bench.db")}", folder));
        services.AddSingleton<OutboxStore>();
        services.AddSingleton<LrsStatus>();
        services.AddSingleton<OutboxDispatcher>();
        services.AddOptions<LrsOptions>().Configure(o =>
        {
            o.Endpoint = endpoint.AbsoluteUri; o.Key = "bench"; o.Secret = "bench"; o.BatchSize = batchSize;
            o.PollInterval = TimeSpan.FromMilliseconds(50);
        });
        services.AddHttpClient(LrsClient.HttpClientName, (sp, http) =>
        {
            var o = sp.GetRequiredService<IOptions<LrsOptions>>().Value;
            LrsClient.Configure(http, o.EndpointUri(), o.Key, o.Secret, o.RequestTimeout);
        });
        await using var provider = services.BuildServiceProvider();
        var connections = provider.GetRequiredService<IDbConnectionFactory>();
        await new Migrator(connections, NullLogger<Migrator>.Instance).MigrateAsync();

        // The backlog: as the API writes it, a few statements per transaction.
        await using (var connection = await connections.OpenAsync())
            foreach (var chunk in statements.Chunk(10))
            {
                await using var tx = await connection.BeginTransactionAsync();
                await OutboxStore.AppendAsync(connection, tx, Guid.NewGuid(), chunk, DateTimeOffset.UtcNow);
                await tx.CommitAsync();
            }

        var outbox = provider.GetRequiredService<OutboxStore>();
        var dispatcher = provider.GetRequiredService<OutboxDispatcher>();
        var clock = Stopwatch.StartNew();
        await dispatcher.StartAsync(CancellationToken.None);
        OutboxCounts counts;
        while ((counts = await outbox.CountsAsync(CancellationToken.None)).Pending > 0) await Task.Delay(20);
        var elapsed = clock.Elapsed;
        await dispatcher.StopAsync(CancellationToken.None);
        if (counts.Delivered != statements.Count) throw new InvalidOperationException($"delivered {counts.Delivered} of {statements.Count}, rejected {counts.Rejected}");
        return elapsed;
    }
    finally
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }
}

// Warm up (JIT, connections, the LRS's own warm-up) on a small set first, then measure.
Func<IReadOnlyList<Statement>, Task<TimeSpan>> run = mode == "direct" ? PostDirectAsync : DispatchAsync;
await run(Make(500));
var elapsed = await run(Make(count));
Console.WriteLine(FormattableString.Invariant($"{mode} {count} {elapsed.TotalSeconds:0.00} {count / elapsed.TotalSeconds:0}"));
