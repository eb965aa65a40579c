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

    // Rows another node has locked are skipped rather than waited for: nodes claim disjoint batches side by side.
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

    /// <summary>Marks the claimed rows @seqs delivered. Npgsql takes a list as one array parameter (= ANY), the others as IN (…).</summary>
    public static string Delivered(DatabaseProvider provider) => $"""
        UPDATE xapi_outbox SET delivered_at = @now, lease_owner = NULL, lease_until = NULL, last_error = NULL
        WHERE {(provider == DatabaseProvider.PostgreSql ? "seq = ANY(@seqs)" : "seq IN @seqs")} AND lease_owner = @owner
        """;

    /// <summary>The latest @limit rejections: LIMIT, or TOP on SQL Server.</summary>
    public static string RecentRejections(DatabaseProvider provider) => provider == DatabaseProvider.SqlServer
        ? "SELECT TOP (@limit) statement_id AS StatementId, verb AS Verb, rejected_at AS RejectedAt, rejection AS Reason FROM xapi_outbox WHERE rejected_at IS NOT NULL ORDER BY seq DESC"
        : "SELECT statement_id AS StatementId, verb AS Verb, rejected_at AS RejectedAt, rejection AS Reason FROM xapi_outbox WHERE rejected_at IS NOT NULL ORDER BY seq DESC LIMIT @limit";

    // A statement whose id the outbox already holds is the same statement (ids are derived from what they say): it is
    // skipped in the insert itself rather than by a lookup before it (one statement per row, not two). On SQLite @Json
    // is the statement's UTF-8, bound as a blob and stored as text by the cast (which reads the bytes as the database's
    // own UTF-8); elsewhere it is a string.
    const string InsertInto = """
        INSERT INTO xapi_outbox (statement_id, learner_id, registration, verb, statement, created_at, destination)
        SELECT @StatementId, @LearnerId, @Registration, @Verb, {0}, @CreatedAt, @Destination
        WHERE NOT EXISTS (SELECT 1 FROM xapi_outbox WHERE statement_id = @StatementId)
        """;
    static readonly string SqliteInsert = InsertInto.Replace("{0}", "CAST(@Json AS TEXT)");
    static readonly string ServerInsert = InsertInto.Replace("{0}", "@Json");

    /// <summary>Adds one statement to the outbox (see <c>OutboxStore.AppendAsync</c> for what @Json holds).</summary>
    public static string Insert(DatabaseProvider provider) => provider == DatabaseProvider.Sqlite ? SqliteInsert : ServerInsert;

    /// <summary>The provider behind a connection handed in by a caller's transaction.</summary>
    public static DatabaseProvider ProviderOf(System.Data.Common.DbConnection connection) =>
        connection is Microsoft.Data.Sqlite.SqliteConnection ? DatabaseProvider.Sqlite : ServerProviderOf(connection);

    // Apart, and never inlined: naming Npgsql's and SqlClient's types loads their assemblies, which SQLite never needs.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    static DatabaseProvider ServerProviderOf(System.Data.Common.DbConnection connection) => connection switch
    {
        Npgsql.NpgsqlConnection => DatabaseProvider.PostgreSql,
        Microsoft.Data.SqlClient.SqlConnection => DatabaseProvider.SqlServer,
        _ => DatabaseProvider.Sqlite,
    };

    /// <summary>Destinations with undeliverable statements, the most recent first, at most @limit.</summary>
    public static string UndeliverableSummary(DatabaseProvider provider) => $"""
        SELECT {(provider == DatabaseProvider.SqlServer ? "TOP (@limit) " : "")}destination AS Destination, COUNT(*) AS Statements, MIN(undeliverable_at) AS Since, MAX(undeliverable_reason) AS Reason
        FROM xapi_outbox WHERE undeliverable_at IS NOT NULL GROUP BY destination ORDER BY MIN(undeliverable_at) DESC{(provider == DatabaseProvider.SqlServer ? "" : " LIMIT @limit")}
        """;

    /// <summary>Marks the waiting rows @seqs undeliverable with @reason.</summary>
    public static string MarkUndeliverable(DatabaseProvider provider) => $"""
        UPDATE xapi_outbox SET undeliverable_at = COALESCE(undeliverable_at, @now), undeliverable_reason = @reason, lease_until = NULL
        WHERE {(provider == DatabaseProvider.PostgreSql ? "seq = ANY(@seqs)" : "seq IN @seqs")} AND delivered_at IS NULL AND rejected_at IS NULL AND lease_owner IS NULL
        """;

    // A moved statement takes the next seq, so it is sent after what its new destination already holds (its initialized).
    // SQLite: MAX + 1 (one writer). PostgreSQL: the identity's own sequence, so later inserts never collide with it. SQL Server
    // cannot update an identity: the row is taken out and written again, which gives it the next seq.
    const string SqliteMove = """
        UPDATE xapi_outbox SET seq = (SELECT MAX(seq) + 1 FROM xapi_outbox), destination = @destination, statement = @json, lease_until = NULL, last_error = NULL,
                               undeliverable_at = NULL, undeliverable_reason = NULL
        WHERE seq = @seq AND delivered_at IS NULL AND lease_owner IS NULL
        """;
    const string PostgreSqlMove = """
        UPDATE xapi_outbox SET seq = nextval(pg_get_serial_sequence('xapi_outbox', 'seq')), destination = @destination, statement = @json, lease_until = NULL,
                               last_error = NULL, undeliverable_at = NULL, undeliverable_reason = NULL
        WHERE seq = @seq AND delivered_at IS NULL AND lease_owner IS NULL
        """;
    const string SqlServerMove = """
        DECLARE @moved TABLE (statement_id NVARCHAR(36), learner_id NVARCHAR(36), registration NVARCHAR(36), verb NVARCHAR(200), created_at NVARCHAR(40), send_count INT);
        DELETE FROM xapi_outbox
        OUTPUT deleted.statement_id, deleted.learner_id, deleted.registration, deleted.verb, deleted.created_at, deleted.send_count INTO @moved
        WHERE seq = @seq AND delivered_at IS NULL AND lease_owner IS NULL;
        INSERT INTO xapi_outbox (statement_id, learner_id, registration, verb, created_at, send_count, destination, statement)
        SELECT statement_id, learner_id, registration, verb, created_at, send_count, @destination, @json FROM @moved;
        """;

    public static string Move(DatabaseProvider provider) => provider switch
    {
        DatabaseProvider.PostgreSql => PostgreSqlMove,
        DatabaseProvider.SqlServer => SqlServerMove,
        _ => SqliteMove,
    };

    /// <summary>Destinations with statements ready to claim now (portable SQL: the same for every provider).</summary>
    public const string ReadyDestinations = """
        SELECT DISTINCT destination FROM xapi_outbox
        WHERE destination IS NOT NULL AND delivered_at IS NULL AND rejected_at IS NULL AND undeliverable_at IS NULL AND (lease_until IS NULL OR lease_until < @now)
        """;
}
