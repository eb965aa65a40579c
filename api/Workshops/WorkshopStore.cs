using ELearning.Api.Assessment;
using System.Globalization;
using System.Data.Common;
using Dapper;
using ELearning.Api.Data;
using ELearning.Api.Identity;

namespace ELearning.Api.Workshops;

public sealed record WorkshopRecord(
    Guid Id, Guid FacilitatorId, string Title, DateTimeOffset? ScheduledFor, string JoinCode, string? CurrentCaseId, bool SelfPaced,
    long Version, DateTimeOffset CreatedAt, DateTimeOffset? ClosedAt, IReadOnlyList<string> ModuleIds)
{
    public bool IsOpen => ClosedAt is null;
}

public sealed class NodeCount
{
    public string CaseId { get; set; } = "";
    public string NodeId { get; set; } = "";
    public int Count { get; set; }
}

public sealed class OptionCount
{
    public string CaseId { get; set; } = "";
    public string NodeId { get; set; } = "";
    public string OptionId { get; set; } = "";
    public int Count { get; set; }
}

/// <summary>The room's answers as counts, at one <see cref="Version"/> of the workshop.</summary>
public sealed record RoomCounts(long Version, string? CurrentCaseId, IReadOnlyList<NodeCount> Answered, IReadOnlyList<OptionCount> Chosen, IReadOnlyList<NodeKey> Revealed);

/// <summary>One node of one case.</summary>
public sealed class NodeKey
{
    public string CaseId { get; set; } = "";
    public string NodeId { get; set; } = "";
}

/// <summary>
/// Workshops, who joined them and the room's answers. Plain SQL with parameters, for every supported database. Changes
/// go through <see cref="TransactionWriter"/>: on SQLite a join or a reveal queues behind the room's burst of answers.
/// </summary>
public sealed class WorkshopStore(IDbConnectionFactory connections, IEnumerable<IWorkshopClosedHandler> closedHandlers, TransactionWriter? writer = null)
{
    readonly TransactionWriter writes = writer ?? new DirectWriter(connections);

    const string Columns = """
        SELECT id AS Id, facilitator_id AS FacilitatorId, title AS Title, scheduled_for AS ScheduledFor, join_code AS JoinCode,
               current_case_id AS CurrentCaseId, self_paced AS SelfPaced, version AS Version, created_at AS CreatedAt, closed_at AS ClosedAt
        FROM workshops
        """;
    const string Insert = """
        INSERT INTO workshops (id, facilitator_id, title, scheduled_for, join_code, self_paced, version, created_at)
        VALUES (@Id, @FacilitatorId, @Title, @ScheduledFor, @JoinCode, @SelfPaced, 0, @CreatedAt)
        """;
    const string InsertModule = "INSERT INTO workshop_modules (workshop_id, module_id, position) VALUES (@WorkshopId, @ModuleId, @Position)";
    const string ModulesOf = "SELECT workshop_id AS WorkshopId, module_id AS ModuleId FROM workshop_modules WHERE workshop_id = @id ORDER BY position";
    const string Close = "UPDATE workshops SET closed_at = @now, version = version + 1 WHERE id = @id AND closed_at IS NULL";
    const string SetCurrent = "UPDATE workshops SET current_case_id = @caseId, version = version + 1 WHERE id = @id AND closed_at IS NULL";
    const string SetSelfPaced = "UPDATE workshops SET self_paced = @selfPaced, version = version + 1 WHERE id = @id AND closed_at IS NULL";
    const string IsMember = "SELECT COUNT(*) FROM workshop_delegates WHERE workshop_id = @workshopId AND learner_id = @learnerId";
    const string InsertMember = "INSERT INTO workshop_delegates (workshop_id, learner_id, joined_at) VALUES (@workshopId, @learnerId, @joinedAt)";
    const string MembershipsOf = "SELECT workshop_id AS WorkshopId, joined_at AS JoinedAt FROM workshop_delegates WHERE learner_id = @learnerId";
    const string Delegates = "SELECT learner_id AS LearnerId, joined_at AS JoinedAt FROM workshop_delegates WHERE workshop_id = @id ORDER BY joined_at, learner_id";
    const string CountMembers = "SELECT COUNT(*) FROM workshop_delegates WHERE workshop_id = @id";
    const string VersionOf = "SELECT version AS Version, current_case_id AS CurrentCaseId FROM workshops WHERE id = @id";
    const string AnsweredCounts = """
        SELECT case_id AS CaseId, node_id AS NodeId, COUNT(*) AS Count FROM workshop_answers WHERE workshop_id = @id GROUP BY case_id, node_id
        """;
    const string ChosenCounts = """
        SELECT case_id AS CaseId, node_id AS NodeId, option_id AS OptionId, COUNT(*) AS Count
        FROM workshop_choices WHERE workshop_id = @id GROUP BY case_id, node_id, option_id
        """;
    // The workshops an answer counts in: open ones the delegate joined that include the module, newest join first.
    const string OpenWorkshopsFor = """
        SELECT w.id FROM workshop_delegates d
        JOIN workshops w ON w.id = d.workshop_id
        JOIN workshop_modules m ON m.workshop_id = w.id
        WHERE d.learner_id = @learnerId AND m.module_id = @moduleId AND w.closed_at IS NULL
        ORDER BY d.joined_at DESC
        """;
    const string CurrentCaseFor = """
        SELECT COUNT(*) FROM workshop_delegates d
        JOIN workshops w ON w.id = d.workshop_id
        JOIN workshop_modules m ON m.workshop_id = w.id
        WHERE d.learner_id = @learnerId AND m.module_id = @moduleId AND w.closed_at IS NULL AND w.current_case_id = @caseId
        """;
    const string HasAnswered = """
        SELECT COUNT(*) FROM workshop_answers WHERE workshop_id = @WorkshopId AND learner_id = @LearnerId AND case_id = @CaseId AND node_id = @NodeId
        """;
    const string InsertAnswer = """
        INSERT INTO workshop_answers (workshop_id, learner_id, case_id, node_id, answered_at) VALUES (@WorkshopId, @LearnerId, @CaseId, @NodeId, @AnsweredAt)
        """;
    const string InsertChoice = """
        INSERT INTO workshop_choices (workshop_id, learner_id, case_id, node_id, option_id) VALUES (@WorkshopId, @LearnerId, @CaseId, @NodeId, @OptionId)
        """;
    const string Bump = "UPDATE workshops SET version = version + 1 WHERE id = @id";
    const string RevealedNodes = "SELECT case_id AS CaseId, node_id AS NodeId FROM workshop_reveals WHERE workshop_id = @id ORDER BY revealed_at, case_id, node_id";
    const string IsRevealed = "SELECT COUNT(*) FROM workshop_reveals WHERE workshop_id = @id AND case_id = @caseId AND node_id = @nodeId";
    const string InsertReveal = "INSERT INTO workshop_reveals (workshop_id, case_id, node_id, revealed_at) VALUES (@id, @caseId, @nodeId, @at)";
    const string AnsweredBy = "SELECT case_id AS CaseId, node_id AS NodeId FROM workshop_answers WHERE workshop_id = @id AND learner_id = @learnerId";

    /// <summary>Creates the workshop; <paramref name="audit"/> is logged in the same transaction.</summary>
    public Task CreateAsync(WorkshopRecord workshop, AuditRecord audit, CancellationToken ct) => writes.WriteAsync(async (connection, tx) =>
    {
        await connection.ExecuteAsync(new CommandDefinition(Insert, new
        {
            Id = workshop.Id.ToString(), FacilitatorId = workshop.FacilitatorId.ToString(), workshop.Title,
            ScheduledFor = workshop.ScheduledFor?.ToString("O"), workshop.JoinCode, SelfPaced = workshop.SelfPaced ? 1 : 0, CreatedAt = workshop.CreatedAt.ToString("O"),
        }, tx, cancellationToken: ct));
        for (var i = 0; i < workshop.ModuleIds.Count; i++)
            await connection.ExecuteAsync(new CommandDefinition(InsertModule, new { WorkshopId = workshop.Id.ToString(), ModuleId = workshop.ModuleIds[i], Position = i }, tx, cancellationToken: ct));
        await AuditLog.AppendAsync(connection, tx, audit);
    }, ct);

    public Task<WorkshopRecord?> FindAsync(Guid id, CancellationToken ct) => OneAsync(" WHERE id = @value", id.ToString(), ct);

    public Task<WorkshopRecord?> FindByCodeAsync(string joinCode, CancellationToken ct) => OneAsync(" WHERE join_code = @value", joinCode, ct);

    async Task<WorkshopRecord?> OneAsync(string where, string value, CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(Columns + where, new { value }, cancellationToken: ct));
        if (row is null) return null;
        var modules = await connection.QueryAsync<ModuleRow>(new CommandDefinition(ModulesOf, new { id = row.Id }, cancellationToken: ct));
        return row.ToRecord([.. modules.Select(m => m.ModuleId)]);
    }

    /// <summary>A facilitator's workshops, or every workshop (<paramref name="facilitatorId"/> null, for an administrator), newest first.</summary>
    public async Task<IReadOnlyList<WorkshopRecord>> ListAsync(Guid? facilitatorId, CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct);
        var rows = facilitatorId is { } f
            ? await connection.QueryAsync<Row>(new CommandDefinition(Columns + " WHERE facilitator_id = @f ORDER BY created_at DESC", new { f = f.ToString() }, cancellationToken: ct))
            : await connection.QueryAsync<Row>(new CommandDefinition(Columns + " ORDER BY created_at DESC", cancellationToken: ct));
        var list = new List<WorkshopRecord>();
        foreach (var row in rows)
        {
            var modules = await connection.QueryAsync<ModuleRow>(new CommandDefinition(ModulesOf, new { id = row.Id }, cancellationToken: ct));
            list.Add(row.ToRecord([.. modules.Select(m => m.ModuleId)]));
        }
        return list;
    }

    /// <summary>The workshops a delegate joined (for their data download).</summary>
    public async Task<IReadOnlyList<WorkshopMembership>> MembershipsAsync(Guid learnerId, CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct);
        var rows = await connection.QueryAsync<MembershipRow>(new CommandDefinition(Memberships, new { learnerId = learnerId.ToString() }, cancellationToken: ct));
        return [.. rows.Select(r => new WorkshopMembership(Guid.Parse(r.WorkshopId), r.Title, DateTimeOffset.Parse(r.JoinedAt, System.Globalization.CultureInfo.InvariantCulture),
            r.Answers))];
    }

    /// <summary>
    /// Erasure: the delegate leaves every room, and their answers and choices no longer count in them (a closed
    /// workshop's distribution then shows one delegate fewer; its attendance record no longer names them).
    /// </summary>
    public Task DeleteLearnerAsync(Guid learnerId, CancellationToken ct) => writes.WriteAsync(async (connection, tx) =>
    {
        var id = new { learnerId = learnerId.ToString() };
        foreach (var table in (string[])["workshop_choices", "workshop_answers", "workshop_delegates"])
            await connection.ExecuteAsync(new CommandDefinition($"DELETE FROM {table} WHERE learner_id = @learnerId", id, tx, cancellationToken: ct));
    }, ct);

    const string Memberships = """
        SELECT d.workshop_id AS WorkshopId, w.title AS Title, d.joined_at AS JoinedAt,
               (SELECT COUNT(*) FROM workshop_answers a WHERE a.workshop_id = d.workshop_id AND a.learner_id = d.learner_id) AS Answers
        FROM workshop_delegates d JOIN workshops w ON w.id = d.workshop_id
        WHERE d.learner_id = @learnerId ORDER BY d.joined_at
        """;

    sealed class MembershipRow
    {
        public string WorkshopId { get; set; } = "";
        public string Title { get; set; } = "";
        public string JoinedAt { get; set; } = "";
        public int Answers { get; set; }
    }

    /// <summary>
    /// Closes the workshop and, the first time only, raises <see cref="WorkshopClosed"/> to every handler in the same
    /// transaction (closing twice raises nothing twice), and logs the closing in the audit log there too.
    /// </summary>
    public Task CloseAsync(Guid id, DateTimeOffset now, AuditRecord audit, CancellationToken ct) => writes.WriteAsync(async (connection, tx) =>
    {
        var closed = await connection.ExecuteAsync(new CommandDefinition(Close, new { id = id.ToString(), now = now.ToString("O") }, tx, cancellationToken: ct)) == 1;
        if (closed) await AuditLog.AppendAsync(connection, tx, audit);
        if (closed && await FindAsync(connection, tx, id) is { } workshop)
        {
            var delegates = (await connection.QueryAsync<(string LearnerId, string JoinedAt)>(new CommandDefinition(Delegates, new { id = id.ToString() }, tx, cancellationToken: ct)))
                .Select(d => new WorkshopDelegate(Guid.Parse(d.LearnerId), DateTimeOffset.Parse(d.JoinedAt, CultureInfo.InvariantCulture))).ToList();
            var e = new WorkshopClosed(workshop, delegates, now);
            foreach (var handler in closedHandlers) await handler.OnClosedAsync(e, connection, tx);
        }
    }, ct);

    public Task SetCurrentCaseAsync(Guid id, string caseId, CancellationToken ct) => ExecuteAsync(SetCurrent, new { id = id.ToString(), caseId }, ct);

    public Task SetSelfPacedAsync(Guid id, bool selfPaced, CancellationToken ct) => ExecuteAsync(SetSelfPaced, new { id = id.ToString(), selfPaced = selfPaced ? 1 : 0 }, ct);

    Task ExecuteAsync(string sql, object args, CancellationToken ct) =>
        writes.WriteAsync((connection, tx) => connection.ExecuteAsync(new CommandDefinition(sql, args, tx, cancellationToken: ct)), ct);

    /// <summary>
    /// Adds the delegate to the room; joining again is harmless (false). A new delegate moves the workshop's version
    /// on, since the screen shows how many have joined.
    /// </summary>
    public Task<bool> JoinAsync(Guid workshopId, Guid learnerId, DateTimeOffset now, CancellationToken ct) => AddOnceAsync(IsMember, InsertMember,
        new { workshopId = workshopId.ToString(), learnerId = learnerId.ToString(), joinedAt = now.ToString("O"), id = workshopId.ToString() }, ct);

    /// <summary>
    /// Inserts a room's row unless <paramref name="exists"/> finds it, and moves the room's version on: true if it was
    /// added. The check is inside the write; on a server database two at once (a double tap) can still both pass it, and
    /// the one refused by the key finds the other's row and says false.
    /// </summary>
    async Task<bool> AddOnceAsync(string exists, string insert, object args, CancellationToken ct)
    {
        try
        {
            return await writes.WriteAsync(async (connection, tx) =>
            {
                if (await connection.ExecuteScalarAsync<int>(new CommandDefinition(exists, args, tx, cancellationToken: ct)) > 0) return false;
                await connection.ExecuteAsync(new CommandDefinition(insert, args, tx, cancellationToken: ct));
                await connection.ExecuteAsync(new CommandDefinition(Bump, args, tx, cancellationToken: ct));
                return true;
            }, ct);
        }
        catch (DbException)
        {
            await using var connection = await connections.OpenAsync(ct);
            if (await connection.ExecuteScalarAsync<int>(new CommandDefinition(exists, args, cancellationToken: ct)) == 0) throw;
            return false;
        }
    }

    /// <summary>Adds a delegate made a moment ago in the caller's transaction (so they cannot be a member already).</summary>
    public static async Task AddNewMemberAsync(DbConnection connection, DbTransaction tx, Guid workshopId, Guid learnerId, DateTimeOffset now)
    {
        await connection.ExecuteAsync(new CommandDefinition(InsertMember, new { workshopId = workshopId.ToString(), learnerId = learnerId.ToString(), joinedAt = now.ToString("O") }, tx));
        // The room's joined count changes: event streams read again at the new version.
        await connection.ExecuteAsync(new CommandDefinition(Bump, new { id = workshopId.ToString() }, tx));
    }

    public async Task<bool> IsMemberAsync(Guid workshopId, Guid learnerId, CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct);
        return await connection.ExecuteScalarAsync<int>(new CommandDefinition(IsMember, new { workshopId = workshopId.ToString(), learnerId = learnerId.ToString() }, cancellationToken: ct)) > 0;
    }

    /// <summary>
    /// The workshop the delegate was in at <paramref name="at"/>: one they had joined by then and that had not yet closed,
    /// the latest joined if several. Null if they were working alone. Times are compared as instants, not as text.
    /// </summary>
    public async Task<WorkshopRecord?> InWorkshopAtAsync(Guid learnerId, DateTimeOffset at, CancellationToken ct)
    {
        List<(string WorkshopId, string JoinedAt)> memberships;
        await using (var connection = await connections.OpenAsync(ct))
            memberships = [.. await connection.QueryAsync<(string WorkshopId, string JoinedAt)>(
                new CommandDefinition(MembershipsOf, new { learnerId = learnerId.ToString() }, cancellationToken: ct))];
        foreach (var (workshopId, joinedAt) in memberships.OrderByDescending(m => DateTimeOffset.Parse(m.JoinedAt, CultureInfo.InvariantCulture)))
        {
            if (DateTimeOffset.Parse(joinedAt, CultureInfo.InvariantCulture) > at) continue;
            if (await FindAsync(Guid.Parse(workshopId), ct) is { } workshop && (workshop.ClosedAt is null || workshop.ClosedAt >= at)) return workshop;
        }
        return null;
    }

    public async Task<int> DelegateCountAsync(Guid id, CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct);
        return await connection.ExecuteScalarAsync<int>(new CommandDefinition(CountMembers, new { id = id.ToString() }, cancellationToken: ct));
    }

    /// <summary>The counts and the version they belong to, read in one transaction so they agree.</summary>
    public async Task<RoomCounts?> CountsAsync(Guid id, CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct);
        await using var tx = await ReadTransaction.BeginAsync(connection, ct);
        var args = new { id = id.ToString() };
        var head = await connection.QuerySingleOrDefaultAsync<VersionRow>(new CommandDefinition(VersionOf, args, tx, cancellationToken: ct));
        if (head is null) return null;
        var answered = await connection.QueryAsync<NodeCount>(new CommandDefinition(AnsweredCounts, args, tx, cancellationToken: ct));
        var chosen = await connection.QueryAsync<OptionCount>(new CommandDefinition(ChosenCounts, args, tx, cancellationToken: ct));
        var revealed = await connection.QueryAsync<NodeKey>(new CommandDefinition(RevealedNodes, args, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return new(head.Version, head.CurrentCaseId, [.. answered], [.. chosen], [.. revealed]);
    }

    /// <summary>Reveals the node's distribution to the room; revealing it again changes nothing (false).</summary>
    public Task<bool> RevealAsync(Guid id, string caseId, string nodeId, DateTimeOffset at, CancellationToken ct) =>
        AddOnceAsync(IsRevealed, InsertReveal, new { id = id.ToString(), caseId, nodeId, at = at.ToString("O") }, ct);

    /// <summary>The nodes the delegate's answers were counted for in this workshop.</summary>
    public async Task<IReadOnlySet<(string CaseId, string NodeId)>> AnsweredByAsync(Guid id, Guid learnerId, CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct);
        var rows = await connection.QueryAsync<NodeKey>(new CommandDefinition(AnsweredBy, new { id = id.ToString(), learnerId = learnerId.ToString() }, cancellationToken: ct));
        return rows.Select(r => (r.CaseId, r.NodeId)).ToHashSet();
    }

    public static async Task<IReadOnlyList<Guid>> OpenWorkshopsForAsync(DbConnection connection, DbTransaction? tx, Guid learnerId, string moduleId)
    {
        var ids = await connection.QueryAsync<string>(new CommandDefinition(OpenWorkshopsFor, new { learnerId = learnerId.ToString(), moduleId }, tx));
        return [.. ids.Select(Guid.Parse).Distinct()];
    }

    /// <summary>
    /// The workshop a delegate's work in this module belongs to, inside the caller's transaction: the open one they
    /// joined most recently that includes the module (the same one their answers are counted in first), or null.
    /// </summary>
    public static async Task<WorkshopRecord?> SessionForAsync(DbConnection connection, DbTransaction? tx, Guid learnerId, string moduleId) =>
        await NewestAsync(connection, tx, await OpenWorkshopsForAsync(connection, tx, learnerId, moduleId));

    /// <summary>The workshop an answer belongs to, as <see cref="SessionForAsync(DbConnection, DbTransaction?, Guid, string)"/>, from the open workshops the answer read once.</summary>
    public static async Task<WorkshopRecord?> SessionForAsync(DbConnection connection, DbTransaction tx, NodeAnswered answer) =>
        await NewestAsync(connection, tx, await AnswerWorkshops.OfAsync(answer, connection, tx));

    static async Task<WorkshopRecord?> NewestAsync(DbConnection connection, DbTransaction? tx, IReadOnlyList<Guid> newestFirst) =>
        newestFirst is [var newest, ..] ? await FindAsync(connection, tx, newest) : null;

    static async Task<WorkshopRecord?> FindAsync(DbConnection connection, DbTransaction? tx, Guid id)
    {
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(Columns + " WHERE id = @value", new { value = id.ToString() }, tx));
        if (row is null) return null;
        var modules = await connection.QueryAsync<ModuleRow>(new CommandDefinition(ModulesOf, new { id = row.Id }, tx));
        return row.ToRecord([.. modules.Select(m => m.ModuleId)]);
    }

    public async Task<IReadOnlyList<Guid>> OpenWorkshopsForAsync(Guid learnerId, string moduleId, CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct);
        return await OpenWorkshopsForAsync(connection, null, learnerId, moduleId);
    }

    /// <summary>Whether the delegate is in an open workshop of this module whose facilitator has this case open for the room.</summary>
    public async Task<bool> IsCurrentCaseForAsync(Guid learnerId, string moduleId, string caseId, CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct);
        return await connection.ExecuteScalarAsync<int>(new CommandDefinition(CurrentCaseFor, new { learnerId = learnerId.ToString(), moduleId, caseId }, cancellationToken: ct)) > 0;
    }

    /// <summary>The delegate's first answer to this node in the workshop, in the attempt's transaction; false if it was already counted.</summary>
    public static async Task<bool> RecordAnswerAsync(
        DbConnection connection, DbTransaction tx, Guid workshopId, Guid learnerId, string caseId, string nodeId, IEnumerable<string> optionIds, DateTimeOffset at)
    {
        var key = new { WorkshopId = workshopId.ToString(), LearnerId = learnerId.ToString(), CaseId = caseId, NodeId = nodeId };
        if (await connection.ExecuteScalarAsync<int>(new CommandDefinition(HasAnswered, key, tx)) > 0) return false;
        await connection.ExecuteAsync(new CommandDefinition(InsertAnswer, new { key.WorkshopId, key.LearnerId, key.CaseId, key.NodeId, AnsweredAt = at.ToString("O") }, tx));
        foreach (var optionId in optionIds.Distinct())
            await connection.ExecuteAsync(new CommandDefinition(InsertChoice, new { key.WorkshopId, key.LearnerId, key.CaseId, key.NodeId, OptionId = optionId }, tx));
        await connection.ExecuteAsync(new CommandDefinition(Bump, new { id = key.WorkshopId }, tx));
        return true;
    }

    sealed class Row
    {
        public string Id { get; set; } = "";
        public string FacilitatorId { get; set; } = "";
        public string Title { get; set; } = "";
        public string? ScheduledFor { get; set; }
        public string JoinCode { get; set; } = "";
        public string? CurrentCaseId { get; set; }
        public long SelfPaced { get; set; }
        public long Version { get; set; }
        public string CreatedAt { get; set; } = "";
        public string? ClosedAt { get; set; }

        public WorkshopRecord ToRecord(IReadOnlyList<string> modules) => new(
            Guid.Parse(Id), Guid.Parse(FacilitatorId), Title, ScheduledFor is null ? null : DateTimeOffset.Parse(ScheduledFor, CultureInfo.InvariantCulture), JoinCode, CurrentCaseId,
            SelfPaced != 0, Version, DateTimeOffset.Parse(CreatedAt, CultureInfo.InvariantCulture), ClosedAt is null ? null : DateTimeOffset.Parse(ClosedAt, CultureInfo.InvariantCulture), modules);
    }

    sealed class ModuleRow
    {
        public string WorkshopId { get; set; } = "";
        public string ModuleId { get; set; } = "";
    }

    sealed class VersionRow
    {
        public long Version { get; set; }
        public string? CurrentCaseId { get; set; }
    }
}
