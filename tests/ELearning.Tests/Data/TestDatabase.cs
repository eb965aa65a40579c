using ELearning.Api.Data;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;

namespace ELearning.Tests.Data;

/// <summary>A fresh, empty database of one provider for one test, and the settings that point the API at it.</summary>
public abstract class TestDatabase : IAsyncDisposable
{
    public abstract DatabaseProvider Provider { get; }
    public abstract string ConnectionString { get; }

    public IDbConnectionFactory Connections => connections ??= Provider == DatabaseProvider.Sqlite
        ? new SqliteConnectionFactory(ConnectionString, Path.GetTempPath())
        : ServerConnectionFactory.Create(Provider, ConnectionString);
    IDbConnectionFactory? connections;

    /// <summary>Database:Provider and ConnectionStrings:ELearning, to lay over <see cref="TestSettings"/>.</summary>
    public Dictionary<string, string?> Settings => new()
    {
        ["Database:Provider"] = Provider.ToString().ToLowerInvariant(),
        ["ConnectionStrings:ELearning"] = ConnectionString,
    };

    public virtual ValueTask DisposeAsync()
    {
        (connections as IDisposable)?.Dispose();
        return ValueTask.CompletedTask;
    }
}

public sealed class SqliteTestDatabase : TestDatabase
{
    readonly string folder = Directory.CreateTempSubdirectory("elearning-db-").FullName;
    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;
    public override string ConnectionString => $"Data Source={Path.Combine(folder, "elearning.db")}";

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
    }
}

public sealed class PostgresTestDatabase(PostgresServer server, string name) : TestDatabase
{
    public static async Task<PostgresTestDatabase> CreateAsync(PostgresServer server) => new(server, await server.CreateDatabaseAsync());
    public override DatabaseProvider Provider => DatabaseProvider.PostgreSql;
    public override string ConnectionString => server.ConnectionString(name);
    public PostgresServer Server => server;

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await server.DropDatabaseAsync(name);
    }
}

/// <summary>
/// SQL Server from ELEARNING_TEST_SQLSERVER (a connection string whose login may create databases): each test gets a
/// database of its own, dropped after. Without the variable the tests are reported skipped (<see cref="DatabaseFactAttribute"/>).
/// </summary>
public sealed class SqlServerTestDatabase(string server, string name) : TestDatabase
{
    public const string Variable = "ELEARNING_TEST_SQLSERVER";
    public static string? Server => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } cs ? cs : null;

    public static async Task<SqlServerTestDatabase> CreateAsync()
    {
        var server = Server ?? throw new InvalidOperationException($"{Variable} is not set.");
        var name = $"elearning_t_{Guid.NewGuid():N}";
        await using var master = new SqlConnection(server);
        await master.OpenAsync();
        await using var create = new SqlCommand($"CREATE DATABASE [{name}]", master);
        await create.ExecuteNonQueryAsync();
        return new(server, name);
    }

    public override DatabaseProvider Provider => DatabaseProvider.SqlServer;
    public override string ConnectionString => new SqlConnectionStringBuilder(server) { InitialCatalog = name }.ConnectionString;

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        SqlConnection.ClearAllPools();
        await using var master = new SqlConnection(server);
        await master.OpenAsync();
        await using var drop = new SqlCommand($"ALTER DATABASE [{name}] SET SINGLE_USER WITH ROLLBACK IMMEDIATE; DROP DATABASE [{name}]", master);
        await drop.ExecuteNonQueryAsync();
    }
}
