using System.Data.Common;
using System.Security.Claims;
using Dapper;
using ELearning.Api.Data;

namespace ELearning.Api.Identity;

/// <summary>Who did something: an administrator by their key's name, a facilitator by their id.</summary>
public sealed record AuditActor(string Role, string Name)
{
    public static AuditActor Of(ClaimsPrincipal user) =>
        user.IsAdministrator() ? new(Roles.Administrator, user.FindFirstValue(IdentityClaims.AdminKeyName) ?? "?")
        : user.FacilitatorIdOrNull() is { } facilitator ? new(Roles.Facilitator, facilitator.ToString())
        : new(Roles.Delegate, user.LearnerIdOrNull()?.ToString() ?? "anonymous");
}

/// <summary>One thing an administrator or facilitator did: what (<see cref="AuditActions"/>), to what, when.</summary>
public sealed record AuditRecord(AuditActor Actor, string Action, string? Subject, DateTimeOffset At, string? Detail = null);

public sealed record AuditEntry(long Seq, DateTimeOffset At, string ActorRole, string Actor, string Action, string? Subject, string? Detail);

/// <summary>The actions the audit log records, named the same way everywhere.</summary>
public static class AuditActions
{
    public const string FacilitatorCreated = "facilitator.created";
    public const string FacilitatorRevoked = "facilitator.revoked";
    public const string WorkshopCreated = "workshop.created";
    public const string WorkshopClosed = "workshop.closed";
    public const string AttendanceRead = "workshop.attendance.read";
    public const string CertificateRevoked = "certificate.revoked";
    public const string CertificateRead = "certificate.read";
    public const string EvidenceRead = "evidence.read";
    public const string SigningKeyRotated = "signing-key.rotated";
    public const string PackageIssued = "lms.package.issued";
    public const string PackageRevoked = "lms.package.revoked";
    public const string LearnerErased = "learner.erased";
}

/// <summary>
/// The audit log (table <c>audit_log</c>, owned here): append-only. A change is logged inside the change's own transaction
/// (<see cref="AppendAsync(DbConnection, DbTransaction, AuditRecord)"/>), so the record and the change commit together or
/// not at all; a read of someone's data is logged before the data is sent.
/// </summary>
public sealed class AuditLog(IDbConnectionFactory connections, TransactionWriter? writer = null)
{
    readonly TransactionWriter writes = writer ?? new DirectWriter(connections);

    const string Insert = """
        INSERT INTO audit_log (at, actor_role, actor, action, subject, detail) VALUES (@At, @ActorRole, @Actor, @Action, @Subject, @Detail)
        """;
    const string Columns = "seq AS Seq, at AS At, actor_role AS ActorRole, actor AS Actor, action AS Action, subject AS Subject, detail AS Detail";

    public static Task AppendAsync(DbConnection connection, DbTransaction tx, AuditRecord record) =>
        connection.ExecuteAsync(Insert, Args(record), tx);

    /// <summary>For what has no transaction of its own: a read, or a change made by a store outside this log's reach.</summary>
    public Task AppendAsync(AuditRecord record, CancellationToken ct) =>
        writes.WriteAsync((connection, tx) => connection.ExecuteAsync(new CommandDefinition(Insert, Args(record), tx, cancellationToken: ct)), ct);

    /// <summary>Newest first: up to <paramref name="limit"/> entries older than <paramref name="before"/> (a seq), or the newest.</summary>
    public async Task<IReadOnlyList<AuditEntry>> PageAsync(long? before, int limit, CancellationToken ct)
    {
        var where = before is null ? "" : " WHERE seq < @before";
        var sql = connections.Provider == DatabaseProvider.SqlServer
            ? $"SELECT TOP (@limit) {Columns} FROM audit_log{where} ORDER BY seq DESC"
            : $"SELECT {Columns} FROM audit_log{where} ORDER BY seq DESC LIMIT @limit";
        await using var connection = await connections.OpenAsync(ct);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(sql, new { before, limit }, cancellationToken: ct));
        return [.. rows.Select(r => new AuditEntry(r.Seq, DataFormat.Time(r.At), r.ActorRole, r.Actor, r.Action, r.Subject, r.Detail))];
    }

    static object Args(AuditRecord r) => new
    {
        At = DataFormat.Utc(r.At), ActorRole = r.Actor.Role, Actor = r.Actor.Name, r.Action, r.Subject,
        Detail = r.Detail is { Length: > 500 } text ? text[..500] : r.Detail,
    };

    sealed class Row
    {
        public long Seq { get; set; }
        public string At { get; set; } = "";
        public string ActorRole { get; set; } = "";
        public string Actor { get; set; } = "";
        public string Action { get; set; } = "";
        public string? Subject { get; set; }
        public string? Detail { get; set; }
    }
}
