using System.ComponentModel.DataAnnotations;

namespace ELearning.Api.Data;

public enum DatabaseProvider { Sqlite, SqlServer, PostgreSql }

public sealed class DatabaseOptions
{
    /// <summary>Database:Provider. SQLite needs no set-up; SqlServer and PostgreSql are for trusts.</summary>
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;
}
