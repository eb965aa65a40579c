using System.Globalization;
using System.Security.Claims;
using Dapper;
using ELearning.Api.Assessment;
using ELearning.Api.Data;
using ELearning.Api.Identity;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ELearning.Api.Workshops;

public sealed record RosterDelegate(string Name, DateTimeOffset JoinedAt, int Answered, Position? At, string? AtModuleId, IReadOnlyList<string> ModulesDone, bool Done);

/// <summary>For the facilitator only (it names people, so it is never for the shared screen): who joined, where each is, done or not.</summary>
public sealed record RosterView(Guid WorkshopId, int Delegates, int Done, IReadOnlyList<RosterDelegate> People);

public static class Roster
{
    const string Members = """
        SELECT d.learner_id AS LearnerId, d.joined_at AS JoinedAt,
               (SELECT COUNT(*) FROM workshop_answers a WHERE a.workshop_id = d.workshop_id AND a.learner_id = d.learner_id) AS Answered
        FROM workshop_delegates d WHERE d.workshop_id = @id ORDER BY d.joined_at, d.learner_id
        """;

    public static async Task<Results<Ok<RosterView>, ProblemHttpResult>> GetAsync(
        Guid workshopId, ClaimsPrincipal user, WorkshopStore workshops, IDbConnectionFactory connections, LearnerStore learners, AttemptStore attempts, CancellationToken ct)
    {
        if (await WorkshopEndpoints.OwnAsync(workshopId, user, workshops, ct) is not { } w) return WorkshopEndpoints.NoSuchWorkshop(workshopId);
        List<MemberRow> members;
        await using (var connection = await connections.OpenAsync(ct))
            members = [.. await connection.QueryAsync<MemberRow>(new CommandDefinition(Members, new { id = w.Id.ToString() }, cancellationToken: ct))];

        var people = new List<RosterDelegate>();
        foreach (var m in members)
        {
            var learnerId = Guid.Parse(m.LearnerId);
            var theirs = (await attempts.ForLearnerAsync(learnerId, ct)).Where(a => w.ModuleIds.Contains(a.ModuleId)).ToList();
            var done = w.ModuleIds.Where(id => theirs.Any(a => a.ModuleId == id && a.Status == AttemptStatus.Completed)).ToList();
            var current = theirs.Where(a => a.Status == AttemptStatus.InProgress).MaxBy(a => a.UpdatedAt);
            people.Add(new((await learners.FindAsync(learnerId, ct))?.Name ?? "", DateTimeOffset.Parse(m.JoinedAt, CultureInfo.InvariantCulture), m.Answered, current?.Next, current?.ModuleId,
                done, done.Count == w.ModuleIds.Count));
        }
        return TypedResults.Ok(new RosterView(w.Id, people.Count, people.Count(p => p.Done), people));
    }

    sealed class MemberRow
    {
        public string LearnerId { get; set; } = "";
        public string JoinedAt { get; set; } = "";
        public int Answered { get; set; }
    }
}
