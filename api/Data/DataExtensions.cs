using Dapper;
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
            var o = sp.GetRequiredService<IOptions<DatabaseOptions>>().Value;
            return o.Provider switch
            {
                DatabaseProvider.Sqlite => new SqliteConnectionFactory(o.ConnectionString, builder.Environment.ContentRootPath),
                _ => throw new InvalidOperationException($"Database:Provider '{o.Provider}' is not available in this build; use Sqlite."),
            };
        });
        builder.Services.AddSingleton<Migrator>();
        builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");
        return builder;
    }

    /// <summary>Brings the schema up to date before the first request is served.</summary>
    public static async Task MigrateDatabaseAsync(this WebApplication app) =>
        await app.Services.GetRequiredService<Migrator>().MigrateAsync(app.Lifetime.ApplicationStopping);
}

public sealed class DatabaseHealthCheck(IDbConnectionFactory connections) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        try
        {
            await using var connection = await connections.OpenAsync(ct);
            await connection.ExecuteScalarAsync<int>(new CommandDefinition("SELECT COUNT(*) FROM schema_migrations", cancellationToken: ct));
            return HealthCheckResult.Healthy($"{connections.Provider} database reachable");
        }
        catch (Exception e)
        {
            return HealthCheckResult.Unhealthy($"{connections.Provider} database unreachable", e);
        }
    }
}
