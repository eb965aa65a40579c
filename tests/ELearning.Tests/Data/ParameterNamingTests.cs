using Dapper;
using ELearning.Api.Data;

namespace ELearning.Tests.Data;

/// <summary>
/// SQLite connections name Dapper's parameters as the SQL writes them (@name), so Microsoft.Data.Sqlite finds each at
/// the first look instead of trying every prefix on every bind; what the queries return is unchanged.
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
}
