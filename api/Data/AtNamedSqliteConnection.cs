using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;

namespace ELearning.Api.Data;

/// <summary>
/// A SQLite connection whose commands name their parameters as our SQL writes them, <c>@name</c>. Dapper names a
/// parameter after its property (<c>Id</c>, no prefix); Microsoft.Data.Sqlite then finds it in each statement by
/// trying every prefix in turn (<c>@Id</c>, <c>$Id</c>, <c>:Id</c>), building and UTF-8 encoding each name on every
/// bind: measured, that was a tenth of everything an answer allocated. Named <c>@Id</c> up front, a parameter is found
/// at the first look. Our SQL uses <c>@</c> only, so nothing else changes.
/// </summary>
public sealed class AtNamedSqliteConnection(string connectionString) : SqliteConnection(connectionString)
{
    public override SqliteCommand CreateCommand() =>
        new AtNamedSqliteCommand { Connection = this, CommandTimeout = DefaultTimeout, Transaction = Transaction };

    sealed class AtNamedSqliteCommand : SqliteCommand
    {
        public override SqliteParameter CreateParameter() => new AtNamedParameter();
    }

    sealed class AtNamedParameter : SqliteParameter
    {
        string name = "";

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
