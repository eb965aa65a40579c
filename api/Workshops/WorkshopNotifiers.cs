using System.Data.Common;
using Dapper;
using ELearning.Api.Data;
using Microsoft.Extensions.Options;
using Npgsql;

namespace ELearning.Api.Workshops;

/// <summary>
/// The notifier for the configured database: in process on SQLite (one node); PostgreSQL LISTEN/NOTIFY; polling the
/// workshops' stored versions on SQL Server. Each tells this node's streams at once and reaches the other nodes' streams
/// through the database.
/// </summary>
public static class WorkshopNotifiers
{
    public static IServiceCollection AddWorkshopNotifier(this IServiceCollection services)
    {
        services.AddSingleton<IWorkshopNotifier>(sp => sp.GetRequiredService<IDbConnectionFactory>().Provider switch
        {
            DatabaseProvider.PostgreSql => ActivatorUtilities.CreateInstance<PostgresWorkshopNotifier>(sp),
            DatabaseProvider.SqlServer => ActivatorUtilities.CreateInstance<PollingWorkshopNotifier>(sp),
            _ => new InProcessWorkshopNotifier(),
        });
        // The listening (or polling) loop runs as long as the node does; the in-process notifier has none.
        services.AddHostedService<NotifierLoop>();
        return services;
    }

    /// <summary>Starts and stops the notifier's loop, if it has one.</summary>
    sealed class NotifierLoop(IWorkshopNotifier notifier) : IHostedService
    {
        public Task StartAsync(CancellationToken ct) => notifier is IHostedService loop ? loop.StartAsync(ct) : Task.CompletedTask;
        public Task StopAsync(CancellationToken ct) => notifier is IHostedService loop ? loop.StopAsync(ct) : Task.CompletedTask;
    }
}

/// <summary>
/// PostgreSQL: a change is NOTIFY'd on one channel with the workshop id as payload; every node LISTENs on one
/// connection of its own and wakes its streams of that workshop. Notifications are sent only on commit and reach
/// listeners within milliseconds. If the listening connection drops, the node reconnects and wakes all its streams
/// (they read the counts again, so a change missed meanwhile is not lost; their keep-alive re-reads anyway).
/// </summary>
public sealed class PostgresWorkshopNotifier(IDbConnectionFactory connections, ILogger<PostgresWorkshopNotifier> log) : BackgroundService, IWorkshopNotifier
{
    public const string Channel = "elearning_workshop_changed";
    readonly InProcessWorkshopNotifier local = new();

    public WorkshopSubscription Subscribe(Guid workshopId) => local.Subscribe(workshopId);

    public async Task ChangedAsync(Guid workshopId, CancellationToken ct = default)
    {
        local.Changed(workshopId);
        try
        {
            await using var connection = await connections.OpenAsync(ct);
            await connection.ExecuteAsync(new CommandDefinition("SELECT pg_notify(@channel, @payload)", new { channel = Channel, payload = workshopId.ToString("D") }, cancellationToken: ct));
        }
        catch (Exception e) when (e is DbException or TimeoutException)
        {
            // The change is stored; other nodes' streams see it at their next keep-alive instead of at once.
            log.LogWarning("Could not NOTIFY other nodes of a workshop change: {Error}", e.Message);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = (NpgsqlConnection)await connections.OpenAsync(stoppingToken);
                connection.Notification += (_, e) =>
                {
                    if (Guid.TryParse(e.Payload, out var id)) local.Changed(id);
                };
                await connection.ExecuteAsync($"LISTEN {Channel}");
                local.ChangedAll(); // anything committed while we were not listening
                while (!stoppingToken.IsCancellationRequested) await connection.WaitAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { return; }
            catch (Exception e)
            {
                log.LogWarning("Listening for workshop changes stopped ({Error}); listening again in a second", e.Message);
                try { await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken); }
                catch (OperationCanceledException) { return; }
            }
        }
    }
}

/// <summary>
/// SQL Server: each node reads, every <see cref="WorkshopOptions.ChangePollInterval"/>, the stored version of each
/// workshop it has a stream open for (one small query, none when nobody is watching), and wakes the streams of those
/// whose version moved. Every change of a workshop (an answer counted, a case opened, pacing, closing) bumps its version.
/// </summary>
public sealed class PollingWorkshopNotifier(IDbConnectionFactory connections, IOptions<WorkshopOptions> options, ILogger<PollingWorkshopNotifier> log)
    : BackgroundService, IWorkshopNotifier
{
    const string Versions = "SELECT id AS Id, version AS Version FROM workshops WHERE id IN @ids";
    // Dapper hands Npgsql a list as one array parameter rather than expanding it, so PostgreSQL compares with ANY.
    const string VersionsPostgreSql = "SELECT id AS Id, version AS Version FROM workshops WHERE id = ANY(@ids)";
    readonly InProcessWorkshopNotifier local = new();
    readonly Dictionary<Guid, long> seen = [];

    public WorkshopSubscription Subscribe(Guid workshopId) => local.Subscribe(workshopId);

    public Task ChangedAsync(Guid workshopId, CancellationToken ct = default) => local.ChangedAsync(workshopId, ct);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.ChangePollInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                var watched = local.Watched();
                foreach (var gone in seen.Keys.Except(watched).ToList()) seen.Remove(gone);
                if (watched.Count == 0) continue;
                try
                {
                    await using var connection = await connections.OpenAsync(stoppingToken);
                    var rows = await connection.QueryAsync<VersionRow>(new CommandDefinition(
                        connections.Provider == DatabaseProvider.PostgreSql ? VersionsPostgreSql : Versions,
                        new { ids = watched.Select(id => id.ToString("D")).ToArray() }, cancellationToken: stoppingToken));
                    foreach (var row in rows)
                    {
                        var id = Guid.Parse(row.Id);
                        if (seen.TryGetValue(id, out var before) && before == row.Version) continue;
                        seen[id] = row.Version;
                        local.Changed(id);
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // Polling goes on: the streams still re-read at their keep-alive.
                    log.LogWarning("Could not read workshop versions: {Error}", e.Message);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { }
    }

    // Dapper converts each provider's integer type (SQLite's long, PostgreSQL's and SQL Server's int or bigint) into the property.
    sealed class VersionRow
    {
        public string Id { get; set; } = "";
        public long Version { get; set; }
    }
}
