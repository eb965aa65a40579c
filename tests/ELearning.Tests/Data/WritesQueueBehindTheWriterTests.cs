using Dapper;
using ELearning.Api.Data;
using ELearning.Api.Identity;
using ELearning.Api.Tracking;
using ELearning.Api.Workshops;

namespace ELearning.Tests.Data;

/// <summary>
/// On SQLite every write goes through the one writer. While it holds the write lock (inside a change of a workshop's
/// burst), a sign-in, a token's use, an outbox mark or a join queues behind it and commits in its next transaction:
/// it neither fails with "database is locked" nor opens a connection of its own to sleep in SQLite's busy handler.
/// </summary>
public sealed class WritesQueueBehindTheWriterTests : WithSqliteWriter
{
    static readonly DateTimeOffset t0 = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);
    static readonly DateTimeOffset later = t0.AddHours(2);

    LearnerStore Learners => new(db.Connections, writer);
    FacilitatorStore Facilitators => new(db.Connections, writer);
    OutboxStore Outbox => new(db.Connections, writer);
    WorkshopStore Workshops => new(db.Connections, [], writer);
    AuditLog Audit => new(db.Connections, writer);

    [Theory]
    [InlineData("sign-in")]
    [InlineData("learner token use")]
    [InlineData("facilitator token use")]
    [InlineData("LMS learner provisioning")]
    [InlineData("outbox claim")]
    [InlineData("outbox delivered")]
    [InlineData("outbox retry")]
    [InlineData("workshop join")]
    [InlineData("workshop reveal")]
    [InlineData("audit append")]
    public async Task A_write_made_while_the_writer_holds_the_lock_commits_in_the_writers_next_transaction(string write)
    {
        var (writeAsync, storedAsync) = await PrepareAsync(write);
        var commitsBefore = writer.Commits;
        var release = await WriterHold.TakeAsync(writer);

        // On a thread of its own: a write on a connection of its own would block its caller in SQLite's busy handler.
        var writing = Task.Run(writeAsync);
        await Task.Delay(100);
        Assert.False(writing.IsCompleted); // the writer holds SQLite's write lock: nothing can have committed
        await release();
        await writing.WaitAsync(TimeSpan.FromSeconds(10)); // no "database is locked"

        // The held change's transaction, then this write's: it was the writer's, not a connection of its own.
        Assert.Equal(2, writer.Commits - commitsBefore);
        Assert.True(await storedAsync(), $"the {write} is stored once acknowledged");
    }

    [Fact]
    public async Task The_rooms_counts_are_read_while_the_writer_holds_the_lock()
    {
        var workshop = await NewWorkshopAsync();
        var release = await WriterHold.TakeAsync(writer);
        try
        {
            // A read transaction that took the write lock (BEGIN IMMEDIATE) would wait for the writer to commit.
            var counts = await Task.Run(() => Workshops.CountsAsync(workshop.Id, default)).WaitAsync(TimeSpan.FromSeconds(5));
            Assert.Equal(workshop.Version, counts!.Version);
        }
        finally { await release(); }
    }

    async Task<(Func<Task> Write, Func<Task<bool>> Stored)> PrepareAsync(string write)
    {
        switch (write)
        {
            case "sign-in":
            {
                var learner = Profile();
                return (() => Learners.CreateAsync(learner, $"hash-{learner.Id}", default), async () => await Learners.FindAsync(learner.Id, default) is not null);
            }
            case "learner token use":
            {
                var learner = Profile();
                await Learners.CreateAsync(learner, $"hash-{learner.Id}", default);
                return (() => Learners.RecordTokenUseAsync($"hash-{learner.Id}", later, default),
                    async () => (await Learners.FindTokenAsync($"hash-{learner.Id}", default))!.LastUsedAt == later);
            }
            case "facilitator token use":
            {
                var facilitator = await NewFacilitatorAsync();
                return (() => Facilitators.RecordTokenUseAsync($"hash-{facilitator.Id}", later, default),
                    async () => (await Facilitators.FindActiveTokenAsync($"hash-{facilitator.Id}", default))!.LastUsedAt == later);
            }
            case "LMS learner provisioning":
            {
                var key = $"tincan|{Guid.NewGuid()}";
                var provisioned = Guid.Empty;
                return (async () => provisioned = await Learners.ProvisionExternalAsync(key, "Lee Chen", $"hash-{key}", LmsScope.TinCan(Guid.NewGuid()), t0, default),
                    async () => await Learners.FindIdByTokenHashAsync($"hash-{key}", default) == provisioned && provisioned != Guid.Empty);
            }
            case "outbox claim":
            {
                await PendingStatementAsync();
                return (() => Outbox.ClaimAsync("node-1", 10, later, TimeSpan.FromMinutes(1), default),
                    async () => await OutboxColumnAsync("lease_owner") == "node-1");
            }
            case "outbox delivered":
            {
                await PendingStatementAsync();
                var claimed = await Outbox.ClaimAsync("node-1", 10, t0, TimeSpan.FromMinutes(1), default);
                return (() => Outbox.MarkDeliveredAsync("node-1", claimed.Select(c => c.Seq), later, default),
                    async () => (await Outbox.CountsAsync(default)).Delivered == 1);
            }
            case "outbox retry":
            {
                await PendingStatementAsync();
                await Outbox.ClaimAsync("node-1", 10, t0, TimeSpan.FromMinutes(1), default);
                return (() => Outbox.ReleaseAsync("node-1", later, "LRS unreachable", default),
                    async () => await OutboxColumnAsync("last_error") == "LRS unreachable");
            }
            case "workshop join":
            {
                var workshop = await NewWorkshopAsync();
                var learner = Profile();
                await Learners.CreateAsync(learner, $"hash-{learner.Id}", default);
                return (() => Workshops.JoinAsync(workshop.Id, learner.Id, later, default), () => Workshops.IsMemberAsync(workshop.Id, learner.Id, default));
            }
            case "workshop reveal":
            {
                var workshop = await NewWorkshopAsync();
                return (() => Workshops.RevealAsync(workshop.Id, "case-1", "n1", later, default),
                    async () => (await Workshops.CountsAsync(workshop.Id, default))!.Revealed.Any(r => r.CaseId == "case-1" && r.NodeId == "n1"));
            }
            case "audit append":
            {
                var subject = Guid.NewGuid().ToString();
                return (() => Audit.AppendAsync(new(new AuditActor(Roles.Administrator, "ops"), AuditActions.EvidenceRead, subject, later), default),
                    async () => (await Audit.PageAsync(null, 10, default)).Any(e => e.Subject == subject));
            }
            default: throw new ArgumentOutOfRangeException(nameof(write), write, null);
        }
    }

    static LearnerProfile Profile() => new(Guid.NewGuid(), "Asha Patel", null, null, null, t0);

    async Task<Facilitator> NewFacilitatorAsync()
    {
        var facilitator = new Facilitator(Guid.NewGuid(), "Sam Okafor", $"sam-{Guid.NewGuid():N}@example.nhs.uk", t0, null);
        await Facilitators.CreateAsync(facilitator, $"hash-{facilitator.Id}", AuditOf(AuditActions.FacilitatorCreated), default);
        return facilitator;
    }

    async Task<WorkshopRecord> NewWorkshopAsync()
    {
        var facilitator = await NewFacilitatorAsync();
        var workshop = new WorkshopRecord(Guid.NewGuid(), facilitator.Id, "Room", null, "ACDE" + Random.Shared.Next(1000, 9999), null, false, 0, t0, null, ["confidentiality"]);
        await Workshops.CreateAsync(workshop, AuditOf(AuditActions.WorkshopCreated), default);
        return workshop;
    }

    static AuditRecord AuditOf(string action) => new(new AuditActor(Roles.Administrator, "ops"), action, null, t0);

    Task PendingStatementAsync() => writer.WriteAsync((connection, tx) => connection.ExecuteAsync("""
        INSERT INTO xapi_outbox (statement_id, learner_id, registration, verb, statement, created_at)
        VALUES (@id, @learner, @registration, 'http://adlnet.gov/expapi/verbs/answered', '{}', @at)
        """, new { id = Guid.NewGuid().ToString("D"), learner = Guid.NewGuid().ToString("D"), registration = Guid.NewGuid().ToString("D"), at = DataFormat.Utc(t0) }, tx), default);

    async Task<string?> OutboxColumnAsync(string column)
    {
        await using var connection = await db.Connections.OpenAsync();
        return await connection.QuerySingleAsync<string?>($"SELECT {column} FROM xapi_outbox");
    }
}
