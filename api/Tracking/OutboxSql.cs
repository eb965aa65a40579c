using ELearning.Api.Data;

namespace ELearning.Api.Tracking;

/// <summary>
/// The one statement that differs per database: claiming a batch. Each form is an UPDATE guarded by
/// "no live lease", so two instances never hold the same row; the lease expires if its holder dies.
/// Each claims for one destination: NULL (the configured LRS) or one launch's LMS LRS, so a destination that is
/// down (its rows held off until their retry time) never holds up another.
/// </summary>
public static class OutboxSql
{
    // SQLite has one writer at a time, so the UPDATE's own WHERE is the lock. RETURNING (SQLite 3.35+) hands
    // back the claimed rows in the same statement; their order is not defined, so the caller sorts by seq.
    const string SqliteClaim = """
        UPDATE xapi_outbox SET lease_owner = @owner, lease_until = @leaseUntil, send_count = send_count + 1
        WHERE seq IN (SELECT seq FROM xapi_outbox
                      WHERE delivered_at IS NULL AND rejected_at IS NULL AND undeliverable_at IS NULL AND (lease_until IS NULL OR lease_until < @now) AND {0}
                      ORDER BY seq LIMIT @batch)
        RETURNING seq AS Seq, statement_id AS StatementId, statement AS Json
        """;

    // Not exercised until those providers exist (Database:Provider); kept here so the claim stays in one place.
    const string PostgreSqlClaim = """
        UPDATE xapi_outbox SET lease_owner = @owner, lease_until = @leaseUntil, send_count = send_count + 1
        WHERE seq IN (SELECT seq FROM xapi_outbox
                      WHERE delivered_at IS NULL AND rejected_at IS NULL AND undeliverable_at IS NULL AND (lease_until IS NULL OR lease_until < @now) AND {0}
                      ORDER BY seq LIMIT @batch FOR UPDATE SKIP LOCKED)
        RETURNING seq AS Seq, statement_id AS StatementId, statement AS Json
        """;
    const string SqlServerClaim = """
        UPDATE o SET lease_owner = @owner, lease_until = @leaseUntil, send_count = send_count + 1
        OUTPUT inserted.seq AS Seq, inserted.statement_id AS StatementId, inserted.statement AS Json
        FROM xapi_outbox o
        WHERE o.seq IN (SELECT TOP (@batch) seq FROM xapi_outbox WITH (UPDLOCK, ROWLOCK, READPAST)
                        WHERE delivered_at IS NULL AND rejected_at IS NULL AND undeliverable_at IS NULL AND (lease_until IS NULL OR lease_until < @now) AND {0}
                        ORDER BY seq)
        """;

    /// <summary>The claim for the configured LRS (<paramref name="forDestination"/> false) or for the destination @destination.</summary>
    public static string Claim(DatabaseProvider provider, bool forDestination = false) => string.Format(provider switch
    {
        DatabaseProvider.Sqlite => SqliteClaim,
        DatabaseProvider.PostgreSql => PostgreSqlClaim,
        DatabaseProvider.SqlServer => SqlServerClaim,
        _ => throw new NotSupportedException(provider.ToString()),
    }, forDestination ? "destination = @destination" : "destination IS NULL");

    /// <summary>Destinations with statements ready to claim now (portable SQL: the same for every provider).</summary>
    public const string ReadyDestinations = """
        SELECT DISTINCT destination FROM xapi_outbox
        WHERE destination IS NOT NULL AND delivered_at IS NULL AND rejected_at IS NULL AND undeliverable_at IS NULL AND (lease_until IS NULL OR lease_until < @now)
        """;
}
