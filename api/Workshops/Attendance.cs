using System.Globalization;
using System.Security.Claims;
using System.Text;
using Dapper;
using ELearning.Api.Assessment;
using ELearning.Api.Content;
using ELearning.Api.Data;
using ELearning.Api.Identity;

namespace ELearning.Api.Workshops;

/// <summary>The delegate's course certificate id, if they have one (implemented by Certificates, wired in Program.cs).</summary>
public interface IAttendanceCertificates
{
    Task<string?> CertificateIdAsync(Guid learnerId, CancellationToken ct);
}

/// <summary>GET /api/workshops/{id}/attendance.csv: who came, and what they achieved in the workshop's modules.</summary>
public static class Attendance
{
    const string Delegates = "SELECT learner_id AS LearnerId, joined_at AS JoinedAt FROM workshop_delegates WHERE workshop_id = @id ORDER BY joined_at, learner_id";

    public static async Task<IResult> CsvAsync(
        Guid workshopId, ClaimsPrincipal user, WorkshopStore workshops, IDbConnectionFactory connections, LearnerStore learners, AttemptStore attempts,
        Catalog catalog, [Microsoft.AspNetCore.Mvc.FromServices] IEnumerable<IAttendanceCertificates> certificates, AuditLog audit, TimeProvider clock,
        CancellationToken ct)
    {
        if (await WorkshopEndpoints.OwnAsync(workshopId, user, workshops, ct) is not { } workshop) return WorkshopEndpoints.NoSuchWorkshop(workshopId);
        // Names and registration numbers leave the service here: who took them is logged first.
        await audit.AppendAsync(new(AuditActor.Of(user), AuditActions.AttendanceRead, workshop.Id.ToString(), clock.GetUtcNow()), ct);
        List<(string LearnerId, string JoinedAt)> members;
        await using (var connection = await connections.OpenAsync(ct))
            members = [.. await connection.QueryAsync<(string LearnerId, string JoinedAt)>(new CommandDefinition(Delegates, new { id = workshop.Id.ToString() }, cancellationToken: ct))];

        var csv = new StringBuilder();
        csv.Append(Csv.Row(["name", "registration number", "profession", "joined", "modules passed", "scores", "certificate id"]));
        foreach (var (learnerIdText, joinedAt) in members)
        {
            var learnerId = Guid.Parse(learnerIdText);
            var profile = await learners.FindAsync(learnerId, ct);
            var best = (await attempts.ForLearnerAsync(learnerId, ct))
                .Where(a => a.Status == AttemptStatus.Completed && workshop.ModuleIds.Contains(a.ModuleId))
                .GroupBy(a => a.ModuleId).ToDictionary(g => g.Key, g => g.MaxBy(a => a.Scaled ?? 0)!);
            var ordered = workshop.ModuleIds.Where(best.ContainsKey).Select(m => best[m]).ToList();
            string? certificateId = null;
            foreach (var source in certificates) certificateId ??= await source.CertificateIdAsync(learnerId, ct);
            csv.Append(Csv.Row([
                profile?.Name, profile?.RegistrationNumber, profile?.Profession, joinedAt,
                string.Join("; ", ordered.Where(a => a.Passed == true).Select(a => a.ModuleId)),
                string.Join("; ", ordered.Select(a => $"{a.ModuleId} {Math.Round((a.Scaled ?? 0) * 100).ToString(CultureInfo.InvariantCulture)}%")),
                certificateId,
            ]));
        }
        var fileName = $"attendance-{workshop.CreatedAt:yyyy-MM-dd}-{workshop.Id.ToString()[..8]}.csv";
        // A byte-order mark so Excel reads names with accents as UTF-8.
        return Results.File(Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(csv.ToString())).ToArray(), "text/csv; charset=utf-8", fileName);
    }
}
