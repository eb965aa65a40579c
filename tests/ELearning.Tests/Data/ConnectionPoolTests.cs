using Dapper;
using ELearning.Api.Data;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;

namespace ELearning.Tests.Data;

/// <summary>
/// SQLite connections are kept open between uses with their statements prepared, and let go of the file when asked,
/// when idle for long, and when the API stops.
/// </summary>
public sealed class ConnectionPoolTests : IAsyncDisposable
{
    readonly SqliteTestDatabase db = new();
    readonly FakeTimeProvider clock = new();
    readonly SqliteConnectionFactory connections;

    public ConnectionPoolTests() => connections = new SqliteConnectionFactory(db.ConnectionString, Path.GetTempPath(), clock);

    string DatabaseFile => new SqliteConnectionStringBuilder(db.ConnectionString).DataSource;

    public ValueTask DisposeAsync()
    {
        connections.Dispose();
        return db.DisposeAsync();
    }

    [Fact]
    public async Task A_connection_given_back_is_the_next_handed_out_still_open_with_its_statements_prepared()
    {
        System.Data.Common.DbConnection first;
        await using (var connection = await connections.OpenAsync())
        {
            Assert.Equal(1L, await connection.ExecuteScalarAsync<long>("SELECT 1"));
            first = connection;
        }

        await using var next = await connections.OpenAsync();

        Assert.Same(first, next);
        Assert.Equal(System.Data.ConnectionState.Open, next.State);
        Assert.True(((AtNamedSqliteConnection)next).KeepsPrepared("SELECT 1"));
        Assert.Equal(1L, await next.ExecuteScalarAsync<long>("SELECT 1"));
    }

    [Fact]
    public async Task Connections_in_use_at_once_are_different_connections()
    {
        await using var one = await connections.OpenAsync();
        await using var two = await connections.OpenAsync();

        Assert.NotSame(one, two);
    }

    [Fact]
    public async Task A_connection_given_back_in_the_middle_of_a_transaction_is_closed_not_kept()
    {
        var connection = await connections.OpenAsync();
        await connection.ExecuteAsync("CREATE TABLE t (id INTEGER PRIMARY KEY)");
        var tx = await connection.BeginTransactionAsync();
        await connection.ExecuteAsync("INSERT INTO t (id) VALUES (1)", transaction: tx);

        await connection.DisposeAsync();

        Assert.Equal(System.Data.ConnectionState.Closed, connection.State);
        Assert.Equal(0, connections.IdleConnections);
        await using var next = await connections.OpenAsync();
        Assert.NotSame(connection, next);
        Assert.Equal(0L, await next.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM t")); // the open transaction's insert rolled back
    }

    [Fact]
    public async Task Released_connections_close_idle_at_once_and_in_use_as_they_come_back()
    {
        var idle = await connections.OpenAsync();
        var inUse = await connections.OpenAsync();
        await idle.DisposeAsync();
        Assert.Equal(1, connections.IdleConnections);

        connections.ReleaseConnections();
        Assert.Equal(System.Data.ConnectionState.Closed, idle.State);
        Assert.Equal(0, connections.IdleConnections);
        Assert.Equal(1L, await inUse.ExecuteScalarAsync<long>("SELECT 1")); // its user is not cut off
        await inUse.DisposeAsync();

        Assert.Equal(System.Data.ConnectionState.Closed, inUse.State);
        Assert.Equal(0, connections.IdleConnections);
    }

    [Fact]
    public async Task Once_released_the_file_can_be_replaced_and_the_next_connection_reads_the_new_one()
    {
        await using (var connection = await connections.OpenAsync())
            await connection.ExecuteAsync("CREATE TABLE old_file (id INTEGER)");
        connections.ReleaseConnections();
        File.Delete(DatabaseFile);
        await using (var replacement = new SqliteConnection($"Data Source={DatabaseFile};Pooling=False"))
        {
            await replacement.OpenAsync();
            await replacement.ExecuteAsync("CREATE TABLE new_file (id INTEGER)");
        }

        await using var next = await connections.OpenAsync();

        Assert.Equal(["new_file"], await next.QueryAsync<string>("SELECT name FROM sqlite_master WHERE type = 'table'"));
    }

    [Fact]
    public async Task A_connection_idle_for_its_lifetime_is_closed_and_a_busier_one_is_not()
    {
        var quiet = await connections.OpenAsync();
        var busy = await connections.OpenAsync();
        await quiet.DisposeAsync();
        clock.Advance(SqliteConnectionPool.IdleLifetime / 2);
        await busy.DisposeAsync();

        clock.Advance(SqliteConnectionPool.IdleLifetime / 2 + TimeSpan.FromSeconds(1));

        Assert.Equal(System.Data.ConnectionState.Closed, quiet.State);
        Assert.Equal(System.Data.ConnectionState.Open, busy.State);
        Assert.Equal(1, connections.IdleConnections);
        clock.Advance(SqliteConnectionPool.IdleLifetime);
        Assert.Equal(System.Data.ConnectionState.Closed, busy.State);
        Assert.Equal(0, connections.IdleConnections);
    }

    [Fact]
    public async Task No_more_than_the_most_idle_wait_and_the_rest_close_as_they_come_back()
    {
        var many = new List<System.Data.Common.DbConnection>();
        for (var i = 0; i < SqliteConnectionPool.MaxIdle + 3; i++) many.Add(await connections.OpenAsync());

        foreach (var connection in many) await connection.DisposeAsync();

        Assert.Equal(SqliteConnectionPool.MaxIdle, connections.IdleConnections);
        Assert.Equal(3, many.Count(c => c.State == System.Data.ConnectionState.Closed));
    }

    [Fact]
    public async Task When_the_factory_is_disposed_idle_connections_close_and_so_do_those_given_back_later()
    {
        var idle = await connections.OpenAsync();
        var inUse = await connections.OpenAsync();
        await idle.DisposeAsync();

        connections.Dispose();
        await inUse.DisposeAsync();

        Assert.Equal(System.Data.ConnectionState.Closed, idle.State);
        Assert.Equal(System.Data.ConnectionState.Closed, inUse.State);
    }
}
