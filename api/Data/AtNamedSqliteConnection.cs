using System.Collections.Concurrent;
using System.Data;
using Microsoft.Data.Sqlite;

namespace ELearning.Api.Data;

/// <summary>
/// A SQLite connection whose commands name their parameters as our SQL writes them, <c>@name</c>, which can keep its
/// statements prepared, and which goes back to the <see cref="SqliteConnectionPool"/> it came from when disposed.
/// <para>Dapper names a parameter after its property (<c>Id</c>, no prefix); Microsoft.Data.Sqlite then finds it in
/// each statement by trying every prefix in turn (<c>@Id</c>, <c>$Id</c>, <c>:Id</c>), building and UTF-8 encoding each
/// name on every bind: measured, that was a tenth of everything an answer allocated. Named <c>@Id</c> up front, a
/// parameter is found at the first look. Our SQL uses <c>@</c> only, so nothing else changes.</para>
/// <para>Dapper makes a new command for every call, and Microsoft.Data.Sqlite parses and plans its SQL again each time
/// (and finalizes every statement when a connection closes, pooled or not). A connection that lives on (the writer's;
/// one of the pool's) keeps each statement it runs prepared (<see cref="KeepStatementsPrepared"/>) and only binds and
/// steps it the next time.</para>
/// </summary>
public sealed class AtNamedSqliteConnection(string connectionString, SqliteConnectionPool? pool = null) : SqliteConnection(connectionString)
{
    // Most recently run first; the last gives way when a new text would go past the limit.
    Dictionary<string, LinkedListNode<KeptStatement>>? prepared;
    readonly LinkedList<KeptStatement> recency = new();
    int preparedLimit;
    bool closingForGood;

    /// <summary>The pool's generation when this connection was opened: one released since then is not taken back.</summary>
    internal int Generation { get; init; }

    /// <summary>When it last went back to its pool (a timestamp of the pool's clock).</summary>
    internal long ReturnedAt { get; set; }

    /// <summary>
    /// From now on each distinct SQL text this connection runs stays prepared, up to <paramref name="limit"/> texts
    /// (Dapper's list expansion makes a text per list length); past it the least recently run gives way. Only for a
    /// connection used by one caller at a time.
    /// </summary>
    public void KeepStatementsPrepared(int limit)
    {
        prepared ??= new(StringComparer.Ordinal);
        preparedLimit = limit;
    }

    /// <summary>How many SQL texts are kept prepared (for the tests).</summary>
    public int PreparedCount => prepared?.Count ?? 0;

    /// <summary>Whether this SQL text is kept prepared now (for the tests).</summary>
    public bool KeepsPrepared(string text) => prepared?.ContainsKey(text) == true;

    public override SqliteCommand CreateCommand() =>
        new AtNamedSqliteCommand(this) { Connection = this, CommandTimeout = DefaultTimeout, Transaction = Transaction };

    /// <summary>A statement kept prepared, and the reader it last returned (a statement is stepped by one reader at a time).</summary>
    sealed class KeptStatement(string text, SqliteCommand command)
    {
        public string Text { get; } = text;
        public SqliteCommand Command { get; } = command;
        public SqliteDataReader? Reader { get; set; }
        public bool InUse => Reader is { IsClosed: false };
    }

    // The kept statement for this text, or null: run it afresh (nothing kept, or its statement is still being read, as
    // by a query run again while the first one's rows are being read).
    KeptStatement? Prepared(string text)
    {
        if (prepared is null || preparedLimit <= 0 || string.IsNullOrEmpty(text)) return null;
        if (prepared.TryGetValue(text, out var known))
        {
            recency.Remove(known);
            recency.AddFirst(known);
            return known.Value.InUse ? null : known.Value;
        }
        if (prepared.Count >= preparedLimit && recency.Last is { } oldest)
        {
            if (oldest.Value.InUse) return null;
            recency.RemoveLast();
            prepared.Remove(oldest.Value.Text);
            oldest.Value.Command.Dispose();
        }
        var kept = new KeptStatement(text, new SqliteCommand(text, this));
        prepared[text] = recency.AddFirst(kept);
        return kept;
    }

    // Disposed by its user, a connection from a pool goes back to it open, statements and page cache kept, unless it is
    // in the middle of a transaction or the pool will not have it; then, and for a connection of no pool, it closes.
    protected override void Dispose(bool disposing)
    {
        if (disposing && !closingForGood && pool is not null && State == System.Data.ConnectionState.Open && Transaction is null && pool.TryTakeBack(this))
            return;
        if (disposing) DisposePrepared();
        base.Dispose(disposing);
    }

    /// <summary>Closes the connection whatever its pool would say (the pool's own way of letting one go).</summary>
    internal void CloseForGood()
    {
        closingForGood = true;
        Dispose();
    }

    void DisposePrepared()
    {
        if (prepared is null) return;
        foreach (var kept in recency) kept.Command.Dispose();
        recency.Clear();
        prepared.Clear();
    }

    sealed class AtNamedSqliteCommand(AtNamedSqliteConnection owner) : SqliteCommand
    {
        public override SqliteParameter CreateParameter() => new AtNamedParameter();

        // Every Execute* of SqliteCommand comes here. A kept statement runs with this command's parameters and transaction.
        public override SqliteDataReader ExecuteReader(CommandBehavior behavior)
        {
            if (!ReferenceEquals(Connection, owner) || owner.Prepared(CommandText) is not { } kept) return base.ExecuteReader(behavior);
            var command = kept.Command;
            command.Transaction = Transaction;
            command.CommandTimeout = CommandTimeout;
            command.Parameters.Clear();
            foreach (SqliteParameter parameter in Parameters) command.Parameters.Add(parameter);
            return kept.Reader = command.ExecuteReader(behavior);
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
