using System.Data.Common;
using System.Text.Json;
using Dapper;
using ELearning.Api.Data;
using ELearning.Api.Identity;

namespace ELearning.Api.Certificates;

/// <summary>Certificates in the database: insert once, read, revoke. Changes go through <see cref="TransactionWriter"/>.</summary>
public sealed class CertificateStore(IDbConnectionFactory connections, TransactionWriter? writer = null)
{
    readonly TransactionWriter writes = writer ?? new DirectWriter(connections);

    // INSERT … SELECT … WHERE NOT EXISTS runs on SQLite, PostgreSQL and SQL Server alike; the unique
    // constraint settles the race that it leaves open.
    const string InsertOnce = """
        INSERT INTO certificates (id, learner_id, course_id, course_title, learner_name, registration_number, profession,
                                  modules, cpd_minutes, issued_at, credential,
                                  workshop_id, workshop_title, workshop_date, workshop_facilitator)
        SELECT @Id, @LearnerId, @CourseId, @CourseTitle, @LearnerName, @RegistrationNumber, @Profession,
               @Modules, @CpdMinutes, @IssuedAt, @Credential,
               @WorkshopId, @WorkshopTitle, @WorkshopDate, @WorkshopFacilitator
        WHERE NOT EXISTS (SELECT 1 FROM certificates WHERE learner_id = @LearnerId AND course_id = @CourseId)
        """;
    const string Select = """
        SELECT id AS Id, learner_id AS LearnerId, course_id AS CourseId, course_title AS CourseTitle, learner_name AS LearnerName,
               registration_number AS RegistrationNumber, profession AS Profession, modules AS Modules, cpd_minutes AS CpdMinutes,
               issued_at AS IssuedAt, credential AS Credential, revoked_at AS RevokedAt, revoked_reason AS RevokedReason,
               withdrawn_at AS WithdrawnAt,
               workshop_id AS WorkshopId, workshop_title AS WorkshopTitle, workshop_date AS WorkshopDate, workshop_facilitator AS WorkshopFacilitator
        FROM certificates
        """;
    const string Revoke = """
        UPDATE certificates SET revoked_at = @now, revoked_reason = @reason WHERE id = @id AND revoked_at IS NULL
        """;

    const string Withdraw = """
        UPDATE certificates SET learner_name = '', registration_number = NULL, profession = NULL, credential = '',
               withdrawn_at = COALESCE(withdrawn_at, @now)
        WHERE learner_id = @learnerId
        """;

    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Stores the certificate unless the delegate already has one for the course; returns the one that holds.</summary>
    public async Task<Certificate> InsertOnceAsync(Certificate certificate, CancellationToken ct)
    {
        var modules = JsonSerializer.Serialize(certificate.Modules, Json);
        try
        {
            await writes.WriteAsync((connection, tx) => connection.ExecuteAsync(new CommandDefinition(InsertOnce, new
            {
                certificate.Id, LearnerId = certificate.LearnerId.ToString(), certificate.CourseId, certificate.CourseTitle,
                certificate.LearnerName, certificate.RegistrationNumber, certificate.Profession,
                Modules = modules, certificate.CpdMinutes,
                IssuedAt = DataFormat.Utc(certificate.IssuedAt), certificate.Credential,
                WorkshopId = DataFormat.Id(certificate.Workshop?.Id), WorkshopTitle = certificate.Workshop?.Title,
                WorkshopDate = DataFormat.Utc(certificate.Workshop?.Date), WorkshopFacilitator = certificate.Workshop?.Facilitator,
            }, tx, cancellationToken: ct)), ct);
        }
        catch (DbException)
        {
            // A concurrent completion inserted first (unique learner + course): theirs is the certificate.
        }
        return await ForLearnerAsync(certificate.LearnerId, certificate.CourseId, ct)
            ?? throw new InvalidOperationException("The certificate was neither inserted nor found.");
    }

    public async Task<Certificate?> FindAsync(string id, CancellationToken ct)
    {
        if (!CertificateIds.LookValid(id)) return null;
        await using var connection = await connections.OpenAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(Select + " WHERE id = @id", new { id }, cancellationToken: ct));
        return row?.ToRecord();
    }

    public async Task<Certificate?> ForLearnerAsync(Guid learnerId, string courseId, CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            Select + " WHERE learner_id = @learnerId AND course_id = @courseId", new { learnerId = learnerId.ToString(), courseId }, cancellationToken: ct));
        return row?.ToRecord();
    }

    public async Task<IReadOnlyList<Certificate>> AllForLearnerAsync(Guid learnerId, CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            Select + " WHERE learner_id = @learnerId ORDER BY issued_at", new { learnerId = learnerId.ToString() }, cancellationToken: ct));
        return [.. rows.Select(r => r.ToRecord())];
    }

    /// <summary>
    /// Erasure: the delegate's certificates are withdrawn (the verify page says so) and keep no name, registration
    /// number, profession or credential (it carries their hashed identity); the id, course and dates stay, so a copy
    /// shown later is answered "withdrawn", not "unknown". Withdrawing again keeps the first date.
    /// </summary>
    public Task WithdrawForLearnerAsync(Guid learnerId, DateTimeOffset now, CancellationToken ct) => writes.WriteAsync((connection, tx) =>
        connection.ExecuteAsync(new CommandDefinition(Withdraw, new { learnerId = learnerId.ToString(), now = DataFormat.Utc(now) }, tx, cancellationToken: ct)), ct);

    /// <summary>
    /// Up to <paramref name="limit"/> certificates issued in [<paramref name="from"/>, <paramref name="to"/>), oldest
    /// first, after <paramref name="after"/> (the last of the previous page; null for the first page).
    /// </summary>
    public async Task<IReadOnlyList<Certificate>> IssuedBetweenAsync(DateTimeOffset from, DateTimeOffset to, (DateTimeOffset IssuedAt, string Id)? after,
        int limit, CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(CertificateExportSql.Page(Select, connections.Provider), new
        {
            from = DataFormat.Utc(from), to = DataFormat.Utc(to), limit,
            afterAt = after is { } a ? DataFormat.Utc(a.IssuedAt) : "", afterId = after?.Id ?? "",
        }, cancellationToken: ct));
        return [.. rows.Select(r => r.ToRecord())];
    }

    /// <summary>Revokes the certificate; revoking again keeps the first date and reason.</summary>
    public async Task<Certificate?> RevokeAsync(string id, string? reason, DateTimeOffset now, AuditRecord audit, CancellationToken ct)
    {
        if (!CertificateIds.LookValid(id)) return null;
        // The revocation and its audit record commit together; revoking again changes nothing and logs nothing.
        await writes.WriteAsync(async (connection, tx) =>
        {
            if (await connection.ExecuteAsync(new CommandDefinition(Revoke, new { id, reason, now = DataFormat.Utc(now) }, tx, cancellationToken: ct)) > 0)
                await AuditLog.AppendAsync(connection, tx, audit);
        }, ct);
        return await FindAsync(id, ct);
    }

    // Dapper fills settable properties with SQLite's long and string; the record is built from them.
    sealed class Row
    {
        public string Id { get; set; } = "";
        public string LearnerId { get; set; } = "";
        public string CourseId { get; set; } = "";
        public string CourseTitle { get; set; } = "";
        public string LearnerName { get; set; } = "";
        public string? RegistrationNumber { get; set; }
        public string? Profession { get; set; }
        public string Modules { get; set; } = "[]";
        public int CpdMinutes { get; set; }
        public string IssuedAt { get; set; } = "";
        public string Credential { get; set; } = "";
        public string? RevokedAt { get; set; }
        public string? RevokedReason { get; set; }
        public string? WithdrawnAt { get; set; }
        public string? WorkshopId { get; set; }
        public string? WorkshopTitle { get; set; }
        public string? WorkshopDate { get; set; }
        public string? WorkshopFacilitator { get; set; }

        public Certificate ToRecord() => new(
            Id, Guid.Parse(LearnerId), CourseId, CourseTitle, LearnerName, RegistrationNumber, Profession,
            JsonSerializer.Deserialize<List<CertificateModule>>(Modules, Json)!, CpdMinutes, DataFormat.Time(IssuedAt), Credential,
            DataFormat.TimeOrNull(RevokedAt), RevokedReason, DataFormat.TimeOrNull(WithdrawnAt),
            WorkshopId is null ? null : new CertificateWorkshop(DataFormat.Guid(WorkshopId), WorkshopTitle ?? "", DataFormat.Time(WorkshopDate!), WorkshopFacilitator ?? ""));
    }
}
