using System.Data;
using System.Data.Common;
using System.Reflection;
using System.Text.RegularExpressions;
using Dapper;
using ELearning.Api.Data;
using ELearning.Api.Workshops;

namespace ELearning.Tests.Architecture;

/// <summary>
/// On SQLite every write goes through the one writer (TransactionWriter): code outside api/Data never begins a
/// transaction or runs a write on a connection it opened itself from IDbConnectionFactory. Read from the IL, per method
/// (an async method's state machine, a lambda): a method that calls IDbConnectionFactory.OpenAsync must not also begin a
/// transaction, run Dapper's Execute or a command's ExecuteNonQuery, load INSERT/UPDATE/DELETE text, or call (one level
/// down) a method outside api/Data that does so on a connection it is given or that returns such SQL text.
/// What it cannot see: a connection it opened handed to a delegate (a callback) that writes, or SQL text built from
/// pieces none of which starts a write statement.
/// </summary>
public sealed partial class WriteSiteTests
{
    /// <summary>Writes of a kind the rule is not about, each with why.</summary>
    static readonly Dictionary<Type, string> Exempt = new()
    {
        // PostgreSQL only: NOTIFY and LISTEN through Dapper's Execute are messages between nodes, not rows.
        [typeof(PostgresWorkshopNotifier)] = "pg_notify / LISTEN",
    };

    [Fact]
    public void No_code_outside_api_Data_writes_on_a_connection_it_opened_itself()
    {
        var offenders = OwnConnectionWrites(typeof(Program).Assembly.GetTypes()
            .Where(t => t.Namespace is { } ns && ns.StartsWith("ELearning.Api", StringComparison.Ordinal) && !ns.StartsWith("ELearning.Api.Data", StringComparison.Ordinal))
            .Where(t => !Exempt.ContainsKey(Outermost(t))));

        Assert.True(offenders.Count == 0, "Write through TransactionWriter.WriteAsync instead:\n" + string.Join("\n", offenders));
    }

    /// <summary>The scanner finds each way of writing on a connection of one's own, and not a write made through the writer.</summary>
    [Fact]
    public void The_scanner_sees_each_kind_of_write_on_an_own_connection_and_not_a_write_through_the_writer()
    {
        var offenders = OwnConnectionWrites([typeof(Samples)]);

        string[] expected = [nameof(Samples.BeginsATransaction), nameof(Samples.ExecutesThroughDapper), nameof(Samples.QueriesAnUpdate),
            nameof(Samples.WritesThroughAHelper), nameof(Samples.WritesSqlFromABuilder)];
        Assert.Equal(expected.Order(), offenders.Select(o => o.Split(' ')[0].Split('.')[^1]).Distinct().Order());
    }

    static List<string> OwnConnectionWrites(IEnumerable<Type> types)
    {
        var offenders = new List<string>();
        foreach (var type in types)
            foreach (var method in MethodBody.DeclaredBy(type))
            {
                var body = MethodBody.Of(method);
                if (!body.Calls.Any(OpensAConnection)) continue;
                if (Writes(body) is { } how) offenders.Add($"{Describe(method)} ({how})");
                else if (body.Calls.FirstOrDefault(WritesWhenCalled) is { } helper) offenders.Add($"{Describe(method)} (calls {helper.DeclaringType?.Name}.{helper.Name}, which writes)");
            }
        return offenders;
    }

    static bool OpensAConnection(MethodBase called) =>
        called.Name == nameof(IDbConnectionFactory.OpenAsync) && called.DeclaringType is { } t && typeof(IDbConnectionFactory).IsAssignableFrom(t);

    /// <summary>What in the body writes, or null.</summary>
    static string? Writes(MethodBody body)
    {
        foreach (var called in body.Calls)
        {
            var on = called.DeclaringType;
            if (on is null) continue;
            if (called.Name.StartsWith("BeginTransaction", StringComparison.Ordinal) && (typeof(DbConnection).IsAssignableFrom(on) || typeof(IDbConnection).IsAssignableFrom(on)))
                return "begins a transaction";
            if (on == typeof(SqlMapper) && called.Name is nameof(SqlMapper.Execute) or nameof(SqlMapper.ExecuteAsync)) return "Dapper Execute";
            if (called.Name.StartsWith("ExecuteNonQuery", StringComparison.Ordinal) && (typeof(DbCommand).IsAssignableFrom(on) || typeof(IDbCommand).IsAssignableFrom(on)))
                return "ExecuteNonQuery";
        }
        return body.Strings.FirstOrDefault(IsWriteSql) is { } sql ? $"SQL \"{sql.Trim()[..Math.Min(40, sql.Trim().Length)]}…\"" : null;
    }

    /// <summary>A helper outside api/Data that writes on the connection it is given, or hands back write SQL to run.</summary>
    static bool WritesWhenCalled(MethodBase called)
    {
        if (called.DeclaringType is not { } type || type.Assembly != typeof(Program).Assembly && type.Assembly != typeof(WriteSiteTests).Assembly) return false;
        if (type.Namespace?.StartsWith("ELearning.Api.Data", StringComparison.Ordinal) == true) return false;
        var body = MethodBody.Of(called);
        var takesAConnection = called.GetParameters().Any(p => typeof(DbConnection).IsAssignableFrom(p.ParameterType) || typeof(IDbConnection).IsAssignableFrom(p.ParameterType));
        var returnsSql = called is MethodInfo { ReturnType: var r } && r == typeof(string);
        return takesAConnection && Writes(body) is not null || returnsSql && body.Strings.Any(IsWriteSql);
    }

    static bool IsWriteSql(string text) => WriteStatement().IsMatch(text);

    static string Describe(MethodBase method) => $"{Outermost(method.DeclaringType!).FullName}.{Readable(method)}";

    // <RevealAsync>d__12.MoveNext → RevealAsync; <>c__DisplayClass3_0.<JoinAsync>b__0 → JoinAsync (lambda)
    static string Readable(MethodBase method)
    {
        var name = method.DeclaringType is { Name: var n } && n.StartsWith('<') && method.Name == "MoveNext" ? n : method.Name;
        return AngleName().Match(name) is { Success: true } m ? m.Groups[1].Value : name;
    }

    static Type Outermost(Type t) => t.DeclaringType is { } outer ? Outermost(outer) : t;

    [GeneratedRegex(@"^\s*(INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM)\b|;\s*(INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM)\b", RegexOptions.IgnoreCase)]
    private static partial Regex WriteStatement();

    [GeneratedRegex(@"<([^>]+)>")]
    private static partial Regex AngleName();

    /// <summary>Each way of writing on a connection of one's own, and the one right way, for the scanner's own test.</summary>
    sealed class Samples(IDbConnectionFactory connections, TransactionWriter writer)
    {
        public async Task BeginsATransaction()
        {
            await using var connection = await connections.OpenAsync();
            await using var tx = await connection.BeginTransactionAsync();
            await tx.CommitAsync();
        }

        public async Task ExecutesThroughDapper(string sql)
        {
            await using var connection = await connections.OpenAsync();
            await connection.ExecuteAsync(sql);
        }

        public async Task<int> QueriesAnUpdate()
        {
            await using var connection = await connections.OpenAsync();
            return (await connection.QueryAsync<int>("UPDATE learners SET name = '' WHERE id = 'x' RETURNING 1")).Single();
        }

        public async Task WritesThroughAHelper()
        {
            await using var connection = await connections.OpenAsync();
            await Helper(connection);
        }

        public async Task WritesSqlFromABuilder()
        {
            await using var connection = await connections.OpenAsync();
            await connection.QueryAsync<int>(Builder(true));
        }

        public Task ThroughTheWriter() => writer.WriteAsync((connection, tx) => connection.ExecuteAsync("DELETE FROM learners WHERE id = 'x'", transaction: tx), default);

        public async Task<int> Reads()
        {
            await using var connection = await connections.OpenAsync();
            return await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM learners WHERE name = 'UPDATE x SET'");
        }

        static Task Helper(DbConnection connection) => connection.QueryAsync<int>("INSERT INTO learners (id) VALUES ('x') RETURNING 1");

        static string Builder(bool returning) => returning ? "DELETE FROM learners RETURNING 1" : "SELECT 1";
    }
}
