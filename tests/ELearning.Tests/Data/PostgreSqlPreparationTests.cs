using Dapper;
using ELearning.Api.Data;
using Npgsql;

namespace ELearning.Tests.Data;

/// <summary>
/// On PostgreSQL the statements the stores repeat are prepared once per connection (Npgsql's automatic preparation),
/// unless the connection string says otherwise: the server then parses and plans them once, not on every request.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgreSqlPreparationTests(PostgresServer server)
{
    const string Written = "Host=db.trust.nhs.uk;Port=5433;Database=elearning;Username=elearning;Password='p;a=ss';SSL Mode=Require";

    [Fact]
    public void A_connection_string_that_does_not_say_gets_automatic_preparation_and_keeps_everything_else()
    {
        var given = new NpgsqlConnectionStringBuilder(ServerConnectionFactory.PostgreSqlConnectionString(Written));

        Assert.Equal(ServerConnectionFactory.DefaultMaxAutoPrepare, given.MaxAutoPrepare);
        Assert.Equal(("db.trust.nhs.uk", 5433, "elearning", "elearning", "p;a=ss", SslMode.Require),
            (given.Host, given.Port, given.Database, given.Username, given.Password, given.SslMode));
    }

    [Theory]
    [InlineData("Max Auto Prepare=0", 0)]
    [InlineData("max auto prepare=7", 7)]
    [InlineData("MaxAutoPrepare=12", 12)]
    public void One_that_sets_it_is_left_as_written(string setting, int expected)
    {
        var written = $"Host=db;Database=elearning;Username=elearning;{setting}";

        var given = ServerConnectionFactory.PostgreSqlConnectionString(written);

        Assert.Equal(written, given);
        Assert.Equal(expected, new NpgsqlConnectionStringBuilder(given).MaxAutoPrepare);
    }

    [Fact]
    public async Task The_server_holds_a_repeated_statement_prepared_and_not_one_run_once()
    {
        await using var db = await PostgresTestDatabase.CreateAsync(server);
        await using var connection = await db.Connections.OpenAsync();

        for (var i = 0; i < 6; i++) await connection.ExecuteScalarAsync<int>("SELECT @i + 1 AS repeated", new { i });
        await connection.ExecuteScalarAsync<int>("SELECT 2 AS once");
        var prepared = (await connection.QueryAsync<string>("SELECT statement FROM pg_prepared_statements")).ToList();

        Assert.Contains(prepared, s => s.Contains("repeated", StringComparison.Ordinal));
        Assert.DoesNotContain(prepared, s => s.Contains("once", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Turned_off_in_the_connection_string_nothing_is_prepared()
    {
        await using var db = await PostgresTestDatabase.CreateAsync(server);
        using var factory = ServerConnectionFactory.Create(DatabaseProvider.PostgreSql, db.ConnectionString + ";Max Auto Prepare=0");
        await using var connection = await factory.OpenAsync();

        for (var i = 0; i < 6; i++) await connection.ExecuteScalarAsync<int>("SELECT @i + 1 AS repeated", new { i });

        Assert.Equal(0L, await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM pg_prepared_statements"));
    }
}
