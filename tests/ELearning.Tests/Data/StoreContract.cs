using Dapper;
using ELearning.Api.Assessment;
using ELearning.Api.Certificates;
using ELearning.Api.Data;
using ELearning.Api.Identity;
using ELearning.Api.Tracking;
using ELearning.Api.Tracking.Xapi;
using Microsoft.Extensions.Logging.Abstractions;

namespace ELearning.Tests.Data;

/// <summary>
/// One body for the stores on every provider (as Dapper's own tests do): each sealed subclass below runs all of it on a
/// fresh database of its provider. What these hold is what lets several API nodes share one database.
/// </summary>
public abstract class StoreContract : IAsyncLifetime
{
    protected TestDatabase Db { get; private set; } = null!;
    protected abstract Task<TestDatabase> CreateDatabaseAsync();
    static readonly DateTimeOffset t0 = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);
    static readonly TimeSpan lease = TimeSpan.FromMinutes(1);

    public async Task InitializeAsync() => Db = await CreateDatabaseAsync();
    public async Task DisposeAsync() => await Db.DisposeAsync();

    Task<IReadOnlyList<string>> MigrateAsync(IDbConnectionFactory? connections = null) =>
        new Migrator(connections ?? Db.Connections, NullLogger<Migrator>.Instance).MigrateAsync();

    [DatabaseFact]
    public async Task Migrations_apply_every_script_in_order_once_and_a_restart_applies_nothing()
    {
        var first = await MigrateAsync();
        var again = await MigrateAsync();

        Assert.Equal(Migrator.Scripts(Db.Provider).Select(s => s.Version), first);
        Assert.Contains("0006_attempt_launch", first);
        Assert.Empty(again);
        await using var connection = await Db.Connections.OpenAsync();
        Assert.Equal(first.Count, await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM schema_migrations"));
    }

    [DatabaseFact]
    public async Task A_database_migrated_under_the_old_migration_names_upgrades_without_running_them_again()
    {
        await MigrateAsync();
        // As a database left by a build before 0007_workshops became 0007.1 and before 0009: the workshops tables are
        // there, under the old name in the history.
        await using (var connection = await Db.Connections.OpenAsync())
        {
            await connection.ExecuteAsync("UPDATE schema_migrations SET version = '0007_workshops' WHERE version = '0007.1_workshops'");
            await connection.ExecuteAsync("DELETE FROM schema_migrations WHERE version = '0009_attempt_launches'");
        }

        var upgraded = await MigrateAsync();
        var again = await MigrateAsync();

        Assert.Equal(["0009_attempt_launches"], upgraded);
        Assert.Empty(again);
        await using var after = await Db.Connections.OpenAsync();
        var history = (await after.QueryAsync<string>("SELECT version FROM schema_migrations")).ToList();
        Assert.Equal(Migrator.Scripts(Db.Provider).Select(s => s.Version).Order(), history.Order());
        Assert.DoesNotContain("0007_workshops", history);
    }

    [DatabaseFact]
    public async Task Migration_0014_ends_the_tokens_LMS_launches_made_before_scopes_and_keeps_signed_in_delegates()
    {
        await MigrateAsync();
        var learners = new LearnerStore(Db.Connections);
        Guid launched = Guid.NewGuid(), signedIn = Guid.NewGuid();
        await using (var connection = await Db.Connections.OpenAsync())
        {
            // As a database left by a build before LMS sessions had a scope: no such column, and no history row for it.
            await connection.ExecuteAsync("ALTER TABLE learner_tokens DROP COLUMN scope");
            await connection.ExecuteAsync("DELETE FROM schema_migrations WHERE version = '0014_lms_token_scope'");
            foreach (var (id, externalKey) in new[] { (launched, (string?)"scorm:trust-1:s-100"), (signedIn, null) })
            {
                await connection.ExecuteAsync("INSERT INTO learners (id, external_key, name, created_at) VALUES (@id, @externalKey, 'Learner', @at)",
                    new { id = id.ToString("D"), externalKey, at = DataFormat.Utc(t0) });
                await connection.ExecuteAsync("INSERT INTO learner_tokens (token_hash, learner_id, created_at, last_used_at) VALUES (@hash, @id, @at, @at)",
                    new { hash = $"hash-{id:N}", id = id.ToString("D"), at = DataFormat.Utc(t0) });
            }
        }

        Assert.Equal(["0014_lms_token_scope"], await MigrateAsync());

        Assert.Null(await learners.FindTokenAsync($"hash-{launched:N}", default));
        var kept = await learners.FindTokenAsync($"hash-{signedIn:N}", default);
        Assert.Equal(signedIn, kept!.OwnerId);
        Assert.Null(kept.Scope);
    }

    [DatabaseFact]
    public async Task Migration_0016_drops_the_outbox_index_no_query_reads_and_keeps_those_that_are_read()
    {
        await MigrateAsync();
        await using var connection = await Db.Connections.OpenAsync();
        var indexes = (await connection.QueryAsync<string>(Db.Provider switch
        {
            DatabaseProvider.Sqlite => "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'xapi_outbox'",
            DatabaseProvider.PostgreSql => "SELECT indexname FROM pg_indexes WHERE tablename = 'xapi_outbox'",
            _ => "SELECT name FROM sys.indexes WHERE object_id = OBJECT_ID('xapi_outbox') AND name IS NOT NULL",
        })).ToList();

        Assert.DoesNotContain("ix_xapi_outbox_registration", indexes);
        // A delegate's statements (export, erasure) and the dispatcher's pending ones are still read through their own.
        Assert.Contains("ix_xapi_outbox_learner", indexes);
        Assert.Contains("ix_xapi_outbox_pending", indexes);
    }

    [DatabaseFact]
    public async Task Migration_0009_gives_every_launched_attempt_its_newest_launch()
    {
        await MigrateAsync();
        var attempts = new AttemptStore(Db.Connections);
        var carriedOn = await NewAttemptAsync(attempts);   // a cmi5 attempt carried on by a second session, still naming the first
        var beforeLaunchIds = await NewAttemptAsync(attempts); // made before attempts had launch_id
        var selfSignedIn = await NewAttemptAsync(attempts);
        Guid first = Guid.NewGuid(), second = Guid.NewGuid(), only = Guid.NewGuid();
        await using (var connection = await Db.Connections.OpenAsync())
        {
            await InsertLaunchAsync(connection, first, carriedOn, t0);
            await InsertLaunchAsync(connection, second, carriedOn, t0.AddHours(1));
            await InsertLaunchAsync(connection, only, beforeLaunchIds, t0);
            await connection.ExecuteAsync("UPDATE attempts SET launch_id = @first WHERE id = @id", new { first = first.ToString("D"), id = carriedOn.Id.ToString("D") });
            await connection.ExecuteAsync("DELETE FROM schema_migrations WHERE version = '0009_attempt_launches'");
        }

        await MigrateAsync();

        Assert.Equal(second, (await attempts.FindAsync(carriedOn.Id, carriedOn.LearnerId, default))!.LaunchId);
        Assert.Equal(only, (await attempts.FindAsync(beforeLaunchIds.Id, beforeLaunchIds.LearnerId, default))!.LaunchId);
        Assert.Null((await attempts.FindAsync(selfSignedIn.Id, selfSignedIn.LearnerId, default))!.LaunchId);
    }

    static Task InsertLaunchAsync(System.Data.Common.DbConnection connection, Guid id, AttemptRecord attempt, DateTimeOffset startedAt) =>
        connection.ExecuteAsync("""
            INSERT INTO lms_launches (id, attempt_id, learner_id, kind, endpoint, auth, actor, registration, activity_id, session_id, launch_mode, started_at, last_activity_at)
            VALUES (@id, @attemptId, @learnerId, 'cmi5', 'https://lms.example/lrs/', 'Basic x', '{}', @registration, 'https://lms.example/au', @id, 'Normal', @at, @at)
            """, new
        {
            id = id.ToString("D"), attemptId = attempt.Id.ToString("D"), learnerId = attempt.LearnerId.ToString("D"),
            registration = Guid.Empty.ToString("D"), at = DataFormat.Utc(startedAt),
        });

    [DatabaseFact]
    public async Task Nodes_starting_at_once_migrate_once()
    {
        var nodes = Enumerable.Range(0, 3).Select(_ => Db.Provider == DatabaseProvider.Sqlite
            ? (IDbConnectionFactory)new SqliteConnectionFactory(Db.ConnectionString, Path.GetTempPath())
            : ServerConnectionFactory.Create(Db.Provider, Db.ConnectionString)).ToList();

        var applied = await Task.WhenAll(nodes.Select(n => MigrateAsync(n)));

        var all = applied.SelectMany(a => a).ToList();
        Assert.Equal(Migrator.Scripts(Db.Provider).Select(s => s.Version).Order(), all.Order());
        foreach (var n in nodes) (n as IDisposable)?.Dispose();
    }

    [DatabaseFact]
    public async Task Nodes_claiming_at_once_never_get_the_same_statement()
    {
        var outbox = await OutboxWithAsync(30);

        var claims = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => outbox.ClaimAsync($"node-{i}", 10, t0, lease, default)));

        var all = claims.SelectMany(c => c.Select(s => s.Seq)).ToList();
        Assert.Equal(30, all.Count);
        Assert.Equal(all.Count, all.Distinct().Count());
        Assert.All(claims, c => Assert.Equal(c.Select(s => s.Seq).Order(), c.Select(s => s.Seq)));
    }

    [DatabaseFact]
    public async Task A_dead_nodes_claim_is_free_again_once_its_lease_runs_out()
    {
        var outbox = await OutboxWithAsync(30);
        var dead = await outbox.ClaimAsync("dies-holding-it", 20, t0, lease, default);

        var meanwhile = await outbox.ClaimAsync("survivor", 50, t0 + lease / 2, lease, default);
        var later = await outbox.ClaimAsync("survivor-later", 50, t0 + lease + TimeSpan.FromSeconds(1), lease, default);

        Assert.Equal(20, dead.Count);
        Assert.Equal(10, meanwhile.Count);
        Assert.Equal(dead.Select(s => s.Seq), later.Select(s => s.Seq));
    }

    [DatabaseFact]
    public async Task Delivered_and_rejected_statements_are_never_claimed_again_and_stay_the_learners_record()
    {
        var outbox = await OutboxWithAsync(30);
        var batch = await outbox.ClaimAsync("a", 30, t0, lease, default);
        await outbox.MarkDeliveredAsync("a", batch.Take(28).Select(s => s.Seq), t0, default);
        await outbox.MarkRejectedAsync("a", batch[28].Seq, "400: bad", t0, default);
        await outbox.MarkRejectedAsync("a", batch[29].Seq, "400: worse", t0, default);

        Assert.Empty(await outbox.ClaimAsync("b", 30, t0 + lease * 2, lease, default));
        var counts = await outbox.CountsAsync(default);
        Assert.Equal((0, 28, 2), (counts.Pending, counts.Delivered, counts.Rejected));
        Assert.Equal(["400: worse"], (await outbox.RecentRejectionsAsync(1, default)).Select(r => r.Reason));
        var kept = await outbox.StatementsForLearnerAsync(learner, default);
        Assert.Equal(30, kept.Count);
        Assert.Equal(batch[0].StatementId, XapiJson.Deserialize(kept[0].Json).Id);
        Assert.Equal(t0, kept[0].DeliveredAt);
    }

    [DatabaseFact]
    public async Task A_failed_batch_is_held_off_until_its_retry_time_for_every_node()
    {
        var outbox = await OutboxWithAsync(30);
        await outbox.ClaimAsync("a", 30, t0, lease, default);
        await outbox.ReleaseAsync("a", t0 + TimeSpan.FromSeconds(10), "LRS unreachable", default);

        Assert.Empty(await outbox.ClaimAsync("b", 30, t0 + TimeSpan.FromSeconds(5), lease, default));
        Assert.Equal(30, (await outbox.ClaimAsync("b", 30, t0 + TimeSpan.FromSeconds(11), lease, default)).Count);
    }

    [DatabaseFact]
    public async Task A_statement_handed_to_a_new_session_goes_after_what_it_holds_and_undeliverable_ones_wait()
    {
        await MigrateAsync();
        var outbox = new OutboxStore(Db.Connections);
        await AppendAsync("old-session", Statement(0), Statement(1), Statement(2));
        await AppendAsync("new-session", Statement(9));

        Guid moved;
        await using (var connection = await Db.Connections.OpenAsync())
        await using (var tx = await connection.BeginTransactionAsync())
        {
            var waiting = await OutboxStore.WaitingAsync(connection, tx, "old-session");
            moved = XapiJson.Deserialize(waiting[0].Json).Id;
            await OutboxStore.MarkUndeliverableAsync(connection, tx, waiting.Skip(1).Select(w => w.Seq), "credentials refused", t0);
            await OutboxStore.MoveAsync(connection, tx, waiting[0].Seq, "new-session", XapiJson.Deserialize(waiting[0].Json));
            await tx.CommitAsync();
        }
        await AppendAsync("new-session", Statement(10)); // written after the move: must not collide with the moved row's seq

        var claimed = await outbox.ClaimAsync("n", 10, t0, lease, default, "new-session");
        Assert.Equal(3, claimed.Count);
        Assert.Equal(moved, claimed[1].StatementId);
        Assert.Empty(await outbox.ClaimAsync("o", 10, t0, lease, default, "old-session"));
        var undeliverable = Assert.Single(await outbox.UndeliverableAsync(5, default));
        Assert.Equal(("old-session", 2, "credentials refused"), (undeliverable.Destination, undeliverable.Statements, undeliverable.Reason));
    }

    async Task AppendAsync(string destination, params Statement[] statements)
    {
        await using var connection = await Db.Connections.OpenAsync();
        await using var tx = await connection.BeginTransactionAsync();
        await OutboxStore.AppendAsync(connection, tx, learner, statements, t0, destination);
        await tx.CommitAsync();
    }

    [DatabaseFact]
    public async Task Two_racing_answers_to_one_node_record_one()
    {
        await MigrateAsync();
        var attempts = new AttemptStore(Db.Connections);
        var attempt = await NewAttemptAsync(attempts);
        var answer = new AnswerRecord("case-1", "n1", 1, LearnerResponse.FromCanonicalJson("""{"choices":["a"]}"""), 2, 2, true, t0);

        var won = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ =>
            attempts.RecordAnswerAsync(attempt, answer, new Position("case-1", "n2"), null, default)));

        Assert.Single(won, w => w);
        var answers = await attempts.AnswersAsync(attempt.Id, default);
        Assert.Equal(true, Assert.Single(answers).Correct);
        var moved = await attempts.FindAsync(attempt.Id, attempt.LearnerId, default);
        Assert.Equal((1, 2, "n2"), (moved!.AnswerCount, moved.RawScore, moved.Next!.NodeId));
    }

    [DatabaseFact]
    public async Task Two_racing_issues_of_a_certificate_store_one()
    {
        await MigrateAsync();
        var learnerId = await NewLearnerAsync();
        var certificates = new CertificateStore(Db.Connections);
        Certificate Issue(int i) => new(CertificateIds.New(), learnerId, "course", "Course", $"Name {i}", null, null,
            [new("m", "Module", 0.9, t0)], 60, t0.AddSeconds(i), "credential", null, null);

        var held = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => certificates.InsertOnceAsync(Issue(i), default)));

        Assert.Single(held.Select(c => c.Id).Distinct());
        await using var connection = await Db.Connections.OpenAsync();
        Assert.Equal(1, await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM certificates"));
    }

    [DatabaseFact]
    public async Task Two_first_launches_of_one_lms_learner_provision_one_delegate()
    {
        await MigrateAsync();
        var learners = new LearnerStore(Db.Connections);

        var ids = await Task.WhenAll(Enumerable.Range(0, 4).Select(i =>
            learners.ProvisionExternalAsync("scorm:trust:42", "Sam Jones", $"hash-{i}", LmsScope.Scorm(Guid.Empty), t0, default)));

        Assert.Single(ids.Distinct());
        Assert.Equal(ids[0], await learners.FindIdByTokenHashAsync("hash-3", default));
    }

    [DatabaseFact]
    public async Task Times_are_kept_as_the_same_instants_and_unicode_names_as_written_whatever_the_culture()
    {
        // ar-SA formats dates in the Umm al-Qura calendar with Arabic digits by default: the data layer must not care.
        System.Globalization.CultureInfo.CurrentCulture = new System.Globalization.CultureInfo("ar-SA");
        await MigrateAsync();
        var learners = new LearnerStore(Db.Connections);
        var id = Guid.NewGuid();
        var created = new DateTimeOffset(2026, 3, 29, 1, 30, 0, TimeSpan.FromHours(5.5));
        await learners.CreateAsync(new LearnerProfile(id, "فاطمة الزهراء · Zoë", null, null, null, created), "hash-unicode", default);

        var found = await learners.FindAsync(id, default);

        Assert.Equal("فاطمة الزهراء · Zoë", found!.Name);
        Assert.Equal(created, found.CreatedAt);
        Assert.Equal(TimeSpan.Zero, found.CreatedAt.Offset);
        await using var connection = await Db.Connections.OpenAsync();
        Assert.Equal("2026-03-28T20:00:00.0000000Z", await connection.ExecuteScalarAsync<string>("SELECT created_at FROM learners"));
        var outbox = await OutboxWithAsync(1);
        var claimed = await outbox.ClaimAsync("a", 1, t0, lease, default);
        await outbox.MarkDeliveredAsync("a", claimed.Select(c => c.Seq), t0.AddSeconds(1.5), default);
        Assert.Equal(t0.AddSeconds(1.5), (await outbox.StatementsForLearnerAsync(learner, default))[0].DeliveredAt);
    }

    [DatabaseFact]
    public async Task A_statement_is_stored_as_text_exactly_as_serialized_whatever_its_script()
    {
        await MigrateAsync();
        var statement = Statement(1) with
        {
            Target = new Activity { Id = "https://example.org/page/1", Definition = new() { Name = new Dictionary<string, string> { ["en-GB"] = "فاطمة الزهراء · Zoë — “quoted” 😀" } } },
        };
        await AppendAsync("launch", statement);

        await using var connection = await Db.Connections.OpenAsync();
        // Read back as the column holds it, as a person querying the database (or a report) would.
        Assert.Equal(XapiJson.Serialize(statement), await connection.ExecuteScalarAsync<string>("SELECT statement FROM xapi_outbox"));
        if (Db.Provider == DatabaseProvider.Sqlite)
            Assert.Equal("text", await connection.ExecuteScalarAsync<string>("SELECT typeof(statement) FROM xapi_outbox"));
        var stored = Assert.Single(await new OutboxStore(Db.Connections).StatementsForLearnerAsync(learner, default));
        Assert.Equal("فاطمة الزهراء · Zoë — “quoted” 😀", XapiJson.Deserialize(stored.Json).Target is Activity { Definition.Name: { } name } ? name["en-GB"] : null);
    }

    readonly Guid learner = Guid.NewGuid();

    async Task<OutboxStore> OutboxWithAsync(int statements)
    {
        await MigrateAsync();
        await using var connection = await Db.Connections.OpenAsync();
        await using var tx = await connection.BeginTransactionAsync();
        await OutboxStore.AppendAsync(connection, tx, learner, Enumerable.Range(0, statements).Select(Statement), t0);
        await tx.CommitAsync();
        return new OutboxStore(Db.Connections);
    }

    async Task<Guid> NewLearnerAsync()
    {
        var id = Guid.NewGuid();
        await new LearnerStore(Db.Connections).CreateAsync(new LearnerProfile(id, "Asha Patel", null, null, null, t0), $"hash-{id}", default);
        return id;
    }

    async Task<AttemptRecord> NewAttemptAsync(AttemptStore attempts)
    {
        var attempt = new AttemptRecord(Guid.NewGuid(), await NewLearnerAsync(), "confidentiality", AttemptStatus.InProgress, new Position("case-1", "n1"),
            0, 0, 8, null, null, t0, t0, null);
        await attempts.CreateAsync(attempt, null, default);
        return attempt;
    }

    static Statement Statement(int i) => new()
    {
        Id = Guid.NewGuid(),
        Actor = Agent.WithAccount("http://localhost:5080/", "learner"),
        Verb = Verbs.Experienced,
        Target = new Activity { Id = $"https://example.org/page/{i}" },
        Context = new Context { Registration = Guid.NewGuid() },
        Timestamp = t0,
    };
}

public sealed class SqliteStores : StoreContract
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Task.FromResult<TestDatabase>(new SqliteTestDatabase());
}

[Collection(PostgresCollection.Name)]
public sealed class PostgreSqlStores(PostgresServer server) : StoreContract
{
    protected override async Task<TestDatabase> CreateDatabaseAsync() => await PostgresTestDatabase.CreateAsync(server);
}

[SqlServerTests]
public sealed class SqlServerStores : StoreContract
{
    protected override async Task<TestDatabase> CreateDatabaseAsync() => await SqlServerTestDatabase.CreateAsync();
}
