using Dapper;
using ELearning.Api.Data;

namespace ELearning.Tests.Data;

/// <summary>
/// SQLite connections name Dapper's parameters as the SQL writes them (@name), so Microsoft.Data.Sqlite finds each at
/// the first look instead of trying every prefix on every bind; a connection that lives on keeps its statements prepared.
/// What the statements do is unchanged.
/// </summary>
public sealed class ParameterNamingTests : IAsyncDisposable
{
    readonly SqliteTestDatabase db = new();

    public ValueTask DisposeAsync() => db.DisposeAsync();

    [Theory]
    [InlineData("id", "@id")]
    [InlineData("LearnerId", "@LearnerId")]
    [InlineData("@id", "@id")]
    [InlineData("$id", "$id")]
    [InlineData(":id", ":id")]
    [InlineData("", "")]
    public void A_bare_name_gets_the_at_sign_and_a_prefixed_one_is_left_alone(string given, string named) =>
        Assert.Equal(named, AtNamedSqliteConnection.AtNamed(given));

    [Fact]
    public void No_name_is_an_empty_name() => Assert.Equal("", AtNamedSqliteConnection.AtNamed(null));

    [Fact]
    public async Task A_command_from_the_factory_names_its_parameters_with_the_at_sign()
    {
        await using var connection = await db.Connections.OpenAsync();
        await using var command = connection.CreateCommand();
        var parameter = command.CreateParameter();
        parameter.ParameterName = "learnerId";

        Assert.Equal("@learnerId", parameter.ParameterName);
        Assert.IsType<AtNamedSqliteConnection>(connection);
    }

    [Fact]
    public async Task Dapper_binds_every_parameter_of_several_statements_and_lists_by_name()
    {
        await using var connection = await db.Connections.OpenAsync();
        await connection.ExecuteAsync("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL, note TEXT)");
        await connection.ExecuteAsync("INSERT INTO t (id, name, note) VALUES (@Id, @Name, @Note)",
            new[] { new { Id = 1, Name = "Ada", Note = (string?)null }, new { Id = 2, Name = "Grace", Note = (string?)"n" }, new { Id = 3, Name = "Mary", Note = (string?)"m" } });

        var named = await connection.QuerySingleAsync<string>("SELECT name FROM t WHERE id = @id AND note IS @note", new { id = 2, note = "n" });
        var listed = (await connection.QueryAsync<string>("SELECT name FROM t WHERE id IN @ids ORDER BY id", new { ids = new[] { 1, 3 } })).ToList();
        var nulls = await connection.QuerySingleAsync<string>("SELECT name FROM t WHERE note IS @note", new { note = (string?)null });

        Assert.Equal("Grace", named);
        Assert.Equal(["Ada", "Mary"], listed);
        Assert.Equal("Ada", nulls);
    }

    [Fact]
    public async Task A_statement_written_with_another_prefix_still_binds()
    {
        await using var connection = await db.Connections.OpenAsync();
        Assert.Equal(42L, await connection.ExecuteScalarAsync<long>("SELECT $answer", new Dictionary<string, object> { ["$answer"] = 42L }));
    }

    [Fact]
    public async Task A_connection_that_keeps_statements_prepared_runs_each_again_with_new_values_failures_and_transactions()
    {
        await using var connection = await ((SqliteConnectionFactory)db.Connections).OpenOwnAsync();
        await connection.ExecuteAsync("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL)");
        connection.KeepStatementsPrepared(limit: 6);
        const string insert = "INSERT INTO t (id, name) VALUES (@Id, @Name)";

        await connection.ExecuteAsync(insert, new { Id = 1, Name = "Ada" });
        await Assert.ThrowsAsync<Microsoft.Data.Sqlite.SqliteException>(() => connection.ExecuteAsync(insert, new { Id = 1, Name = "again" }));
        await using (var tx = await connection.BeginTransactionAsync())
        {
            await connection.ExecuteAsync(insert, new { Id = 2, Name = "Grace" }, tx);
            await tx.RollbackAsync();
        }
        await connection.ExecuteAsync(insert, new[] { new { Id = 3, Name = "Mary" }, new { Id = 4, Name = "Edith" } });
        await Assert.ThrowsAsync<InvalidOperationException>(() => connection.ExecuteAsync(insert, new { Id = 5 })); // @Name unbound: refused, not the last value

        var names = (await connection.QueryAsync<string>("SELECT name FROM t ORDER BY id")).ToList();
        Assert.Equal(["Ada", "Mary", "Edith"], names);
        Assert.Equal(names, await connection.QueryAsync<string>("SELECT name FROM t ORDER BY id")); // a kept query reads again from the start
        Assert.Equal(4, connection.PreparedCount); // the insert, the select, and the transaction's BEGIN and ROLLBACK
    }

    [Fact]
    public async Task Past_its_limit_a_connection_lets_the_least_recently_run_statement_go_and_still_runs_every_text()
    {
        await using var connection = await ((SqliteConnectionFactory)db.Connections).OpenOwnAsync();
        connection.KeepStatementsPrepared(limit: 3);

        foreach (var n in new[] { 1, 2, 3, 1, 4 }) Assert.Equal(n, await connection.ExecuteScalarAsync<long>($"SELECT {n}"));

        Assert.Equal(3, connection.PreparedCount);
        Assert.False(connection.KeepsPrepared("SELECT 2")); // the least recently run when 4 came
        Assert.All(new[] { "SELECT 1", "SELECT 3", "SELECT 4" }, text => Assert.True(connection.KeepsPrepared(text)));
        Assert.Equal(2L, await connection.ExecuteScalarAsync<long>("SELECT 2")); // prepared again, not refused
        Assert.False(connection.KeepsPrepared("SELECT 3"));
    }

    [Fact]
    public async Task A_statement_still_being_read_is_neither_run_again_nor_given_way_a_second_one_is_prepared_beside_it()
    {
        await using var connection = await ((SqliteConnectionFactory)db.Connections).OpenOwnAsync();
        await connection.ExecuteAsync("CREATE TABLE t (id INTEGER PRIMARY KEY)");
        await connection.ExecuteAsync("INSERT INTO t (id) VALUES (1), (2), (3)");
        connection.KeepStatementsPrepared(limit: 1);
        const string rows = "SELECT id FROM t ORDER BY id";

        await using var reading = await connection.ExecuteReaderAsync(rows);
        Assert.True(await reading.ReadAsync());
        var again = (await connection.QueryAsync<long>(rows)).ToList();   // the same text while its rows are being read
        var other = await connection.ExecuteScalarAsync<long>("SELECT 42"); // past the limit, the kept one in use
        var rest = new List<long> { reading.GetInt64(0) };
        while (await reading.ReadAsync()) rest.Add(reading.GetInt64(0));

        Assert.Equal([1L, 2L, 3L], again);
        Assert.Equal(42L, other);
        Assert.Equal([1L, 2L, 3L], rest);
        Assert.True(connection.KeepsPrepared(rows));
        Assert.False(connection.KeepsPrepared("SELECT 42"));
    }

    [Fact]
    public async Task A_connection_of_the_callers_own_keeps_nothing_prepared_unless_asked()
    {
        await using var connection = await ((SqliteConnectionFactory)db.Connections).OpenOwnAsync();
        Assert.Equal(1L, await connection.ExecuteScalarAsync<long>("SELECT 1"));
        Assert.Equal(0, connection.PreparedCount);
    }
}
