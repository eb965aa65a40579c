using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace ELearning.Api.Data;

/// <summary>
/// A transaction for reads that must agree with each other. On SQLite it is deferred: Microsoft.Data.Sqlite's default
/// is BEGIN IMMEDIATE, which takes the write lock and would queue a reader behind the writer's group commit (and make
/// the writer sleep in its busy handler). Elsewhere it is an ordinary transaction.
/// </summary>
public static class ReadTransaction
{
    public static async Task<DbTransaction> BeginAsync(DbConnection connection, CancellationToken ct) =>
        connection is SqliteConnection sqlite ? sqlite.BeginTransaction(deferred: true) : await connection.BeginTransactionAsync(ct);
}
