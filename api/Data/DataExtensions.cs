using Dapper;
using ELearning.Api.Infrastructure;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace ELearning.Api.Data;

public static class DataExtensions
{
    public static WebApplicationBuilder AddData(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<DatabaseOptions>().BindConfiguration("Database")
            .Configure<IConfiguration>((o, configuration) => o.ConnectionString = configuration.GetConnectionString("ELearning") ?? o.ConnectionString)
            .ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<IDbConnectionFactory>(sp =>
        {
            DatabaseOptions o;
            try { o = sp.GetRequiredService<IOptions<DatabaseOptions>>().Value; }
            catch (OptionsValidationException e) { throw new StartupFailure(string.Join(" ", e.Failures), e); }
            return o.Kind switch
            {
                DatabaseProvider.Sqlite => new SqliteConnectionFactory(o.ConnectionString, builder.Environment.ContentRootPath, sp.GetService<TimeProvider>()),
                { } server => ServerConnectionFactory.Create(server, o.ConnectionString),
                null => throw new StartupFailure($"Database:Provider '{o.Provider}' is not one of sqlite, postgresql, sqlserver."),
            };
        });
        // Writes that go with an attempt: on SQLite one writer connection commits them in groups; elsewhere each commits alone.
        builder.Services.AddSingleton<TransactionWriter>(sp =>
        {
            var connections = sp.GetRequiredService<IDbConnectionFactory>();
            return connections is SqliteConnectionFactory sqlite
                ? new SqliteGroupCommit(sqlite, sp.GetRequiredService<IOptions<DatabaseOptions>>().Value.WriteBatchSize, sp.GetRequiredService<ILogger<SqliteGroupCommit>>(),
                    sp.GetService<TimeProvider>())
                : new DirectWriter(connections);
        });
        builder.Services.AddSingleton<Migrator>();
        builder.Services.AddExceptionHandler<DatabaseFaultHandler>();
        builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");
        return builder;
    }

    /// <summary>
    /// Brings the schema up to date before the first request is served. A database that cannot be reached, or refuses the
    /// credentials, stops the start with one line naming ConnectionStrings:ELearning (<see cref="StartupFailure"/>).
    /// </summary>
    public static async Task MigrateDatabaseAsync(this WebApplication app)
    {
        var connections = app.Services.GetRequiredService<IDbConnectionFactory>();
        try
        {
            await app.Services.GetRequiredService<Migrator>().MigrateAsync(app.Lifetime.ApplicationStopping);
        }
        catch (Exception e) when (e is not StartupFailure and not OperationCanceledException)
        {
            var cs = app.Services.GetRequiredService<IOptions<DatabaseOptions>>().Value.ConnectionString;
            throw new StartupFailure(ConnectionStrings.Describe(connections.Provider, ConnectionStrings.Target(connections.Provider, cs), e), e);
        }
    }
}

/// <summary>
/// Healthy when the database answers a query and accepts writes; otherwise Unhealthy with one line (read-only, corrupt,
/// unreachable). The response never carries the exception.
/// </summary>
public sealed class DatabaseHealthCheck(IDbConnectionFactory connections) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(5));
            await using var connection = await connections.OpenAsync(timeout.Token);
            await connection.ExecuteScalarAsync<int>(new CommandDefinition("SELECT COUNT(*) FROM schema_migrations", cancellationToken: timeout.Token));
            if (await DatabaseFaults.IsReadOnlyAsync(connection, timeout.Token))
                return HealthCheckResult.Unhealthy($"{connections.Provider} database is read-only: answers and sign-ins cannot be saved");
            return HealthCheckResult.Healthy($"{connections.Provider} database reachable");
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // No exception on the result: the health check service would log its stack on every probe.
            return HealthCheckResult.Unhealthy(DatabaseFaults.Reason(e) is { } reason
                ? $"{connections.Provider} database {reason}"
                : $"{connections.Provider} database unreachable ({e.GetType().Name})");
        }
    }
}
