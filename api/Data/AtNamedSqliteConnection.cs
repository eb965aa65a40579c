using System.Collections.Concurrent;
using System.Data;
using Microsoft.Data.Sqlite;

namespace ELearning.Api.Data;

/// <summary>
/// A SQLite connection whose commands name their parameters as our SQL writes them, <c>@name</c>, and which can keep its
/// statements prepared.
/// <para>Dapper names a parameter after its property (<c>Id</c>, no prefix); Microsoft.Data.Sqlite then finds it in
/// each statement by trying every prefix in turn (<c>@Id</c>, <c>$Id</c>, <c>:Id</c>), building and UTF-8 encoding each
/// name on every bind: measured, that was a tenth of everything an answer allocated. Named <c>@Id</c> up front, a
/// parameter is found at the first look. Our SQL uses <c>@</c> only, so nothing else changes.</para>
/// <para>Dapper makes a new command for every call, and Microsoft.Data.Sqlite parses and plans its SQL again each time.
/// The writer's connection lives as long as a run of writes (it goes back to the pool when the writer's queue is empty)
/// and runs one piece at a time, so it keeps each statement it has run prepared (<see cref="KeepStatementsPrepared"/>)
/// and only binds and steps it the next time.</para>
/// </summary>
public sealed class AtNamedSqliteConnection(string connectionString) : SqliteConnection(connectionString)
{
    Dictionary<string, SqliteCommand>? prepared;
    int preparedLimit;

    /// <summary>
    /// From now on each distinct SQL text this connection runs stays prepared, up to <paramref name="limit"/> texts
    /// (Dapper's list expansion makes a text per list length); the rest are prepared afresh as before. Only for a
    /// connection used by one caller at a time.
    /// </summary>
    public void KeepStatementsPrepared(int limit)
    {
        prepared ??= new(StringComparer.Ordinal);
        preparedLimit = limit;
    }

    /// <summary>How many SQL texts are kept prepared (for the tests).</summary>
    public int PreparedCount => prepared?.Count ?? 0;

    public override SqliteCommand CreateCommand() =>
        new AtNamedSqliteCommand(this) { Connection = this, CommandTimeout = DefaultTimeout, Transaction = Transaction };

    SqliteCommand? Prepared(string text)
    {
        if (prepared is null || string.IsNullOrEmpty(text)) return null;
        if (prepared.TryGetValue(text, out var command)) return command;
        if (prepared.Count >= preparedLimit) return null;
        return prepared[text] = new SqliteCommand(text, this);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && prepared is not null)
        {
            foreach (var command in prepared.Values) command.Dispose();
            prepared = null;
        }
        base.Dispose(disposing);
    }

    sealed class AtNamedSqliteCommand(AtNamedSqliteConnection owner) : SqliteCommand
    {
        public override SqliteParameter CreateParameter() => new AtNamedParameter();

        // Every Execute* of SqliteCommand comes here. A kept statement runs with this command's parameters and transaction.
        public override SqliteDataReader ExecuteReader(CommandBehavior behavior)
        {
            if (!ReferenceEquals(Connection, owner) || owner.Prepared(CommandText) is not { } kept) return base.ExecuteReader(behavior);
            kept.Transaction = Transaction;
            kept.CommandTimeout = CommandTimeout;
            kept.Parameters.Clear();
            foreach (SqliteParameter parameter in Parameters) kept.Parameters.Add(parameter);
            return kept.ExecuteReader(behavior);
        }
    }

    sealed class AtNamedParameter : SqliteParameter
    {
        string name = "";

        [System.Diagnostics.CodeAnalysis.AllowNull]
        public override string ParameterName
        {
            get => name;
            set => name = AtNamed(value);
        }
    }

    /// <summary><c>@name</c> for a bare name; a name that already has one of SQLite's prefixes, or none at all, as it is.</summary>
    public static string AtNamed(string? name)
    {
        if (name is not { Length: > 0 } || name[0] is '@' or '$' or ':') return name ?? "";
        if (named.TryGetValue(name, out var known)) return known;
        var at = "@" + name;
        // The names are our SQL's (and Dapper's numbered list items): a few hundred. Bounded all the same.
        if (named.Count < MaxRemembered) named.TryAdd(name, at);
        return at;
    }

    const int MaxRemembered = 4096;
    static readonly ConcurrentDictionary<string, string> named = new(StringComparer.Ordinal);
}
