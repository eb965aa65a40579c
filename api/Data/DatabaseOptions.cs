using System.ComponentModel.DataAnnotations;

namespace ELearning.Api.Data;

public enum DatabaseProvider { Sqlite, SqlServer, PostgreSql }

/// <summary>The <c>Database</c> section, with the connection string from <c>ConnectionStrings:ELearning</c>.</summary>
public sealed class DatabaseOptions : IValidatableObject
{
    public const string DefaultConnectionString = "Data Source=data/elearning.db";

    /// <summary>Database:Provider. SQLite needs no set-up; SqlServer and PostgreSql are for trusts.</summary>
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>ConnectionStrings:ELearning (bound from that section, the standard place for connection strings).</summary>
    public string ConnectionString { get; set; } = DefaultConnectionString;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Provider != DatabaseProvider.Sqlite)
            yield return new($"Database:Provider '{Provider}' is not available in this build; use Sqlite.", [nameof(Provider)]);
        if (string.IsNullOrWhiteSpace(ConnectionString))
            yield return new("ConnectionStrings:ELearning must not be empty.", [nameof(ConnectionString)]);
    }
}
