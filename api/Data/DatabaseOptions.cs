using System.ComponentModel.DataAnnotations;

namespace ELearning.Api.Data;

public enum DatabaseProvider { Sqlite, SqlServer, PostgreSql }

/// <summary>The <c>Database</c> section, with the connection string from <c>ConnectionStrings:ELearning</c>.</summary>
public sealed class DatabaseOptions : IValidatableObject
{
    public const string DefaultConnectionString = "Data Source=data/elearning.db";

    /// <summary>
    /// Database:Provider: <c>sqlite</c> (no set-up), <c>postgresql</c> or <c>sqlserver</c>, in any case. Held as text so
    /// that a wrong value is reported by name, rather than as a failed conversion.
    /// </summary>
    public string Provider { get; set; } = "sqlite";

    /// <summary>ConnectionStrings:ELearning (bound from that section, the standard place for connection strings).</summary>
    public string ConnectionString { get; set; } = DefaultConnectionString;

    /// <summary>
    /// Database:WriteBatchSize: on SQLite, how many waiting changes (answers, attempt starts and completions) one
    /// transaction takes (group commit, <see cref="SqliteGroupCommit"/>). 1 commits each alone.
    /// </summary>
    [Range(1, 1000)]
    public int WriteBatchSize { get; set; } = 50;

    /// <summary>The provider named by <see cref="Provider"/>; null when it names none.</summary>
    public DatabaseProvider? Kind => Provider?.Trim().ToLowerInvariant() switch
    {
        "sqlite" => DatabaseProvider.Sqlite,
        "postgresql" or "postgres" => DatabaseProvider.PostgreSql,
        "sqlserver" => DatabaseProvider.SqlServer,
        _ => null,
    };

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Kind is null)
            yield return new($"Database:Provider '{Provider}' is not one of sqlite, postgresql, sqlserver.", [nameof(Provider)]);
        if (string.IsNullOrWhiteSpace(ConnectionString))
            yield return new("ConnectionStrings:ELearning must not be empty.", [nameof(ConnectionString)]);
        else if (Kind is { } kind && ConnectionStrings.Check(kind, ConnectionString) is { } problem)
            yield return new($"ConnectionStrings:ELearning {problem}", [nameof(ConnectionString)]);
    }
}
