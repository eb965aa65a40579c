using System.Data.Common;
using System.Globalization;
using Dapper;
using ELearning.Api.Assessment;
using ELearning.Api.Content;
using ELearning.Api.Tracking.Xapi;

namespace ELearning.Api.Tracking;

/// <summary>
/// The attempt path's hook into tracking: each method returns the work to run inside the attempt's own
/// transaction (AttemptStore's alsoInTransaction), which builds the event's statements with the pure
/// <see cref="StatementProfile"/> and appends them to the outbox. Answer and statements commit together.
/// </summary>
public sealed class TrackingRecorder(ProfileSettings settings, IAttemptLaunches? launches = null)
{
    const string LearnerEmail = "SELECT email FROM learners WHERE id = @learnerId";
    const string CasePoints = "SELECT COALESCE(SUM(score), 0) FROM answers WHERE attempt_id = @attemptId AND case_id = @caseId";
    // Cases are taken in order, so a case began when the last answer outside it was given.
    const string CaseBegan = "SELECT MAX(answered_at) FROM answers WHERE attempt_id = @attemptId AND case_id <> @caseId";

    /// <summary><paramref name="launchId"/>: the (Tin Can) launch the attempt was started under, checked by the caller.</summary>
    public Func<DbConnection, DbTransaction, Task> AttemptStarted(AttemptRecord attempt, ModuleContent module, Guid? launchId = null) => async (connection, tx) =>
    {
        if (launchId is { } id && launches is not null) await launches.BindAttemptAsync(connection, tx, attempt, id);
        var actor = await ActorAsync(connection, tx, attempt.LearnerId);
        await SendAsync(connection, tx, attempt, StatementProfile.Started(settings, attempt.Id, actor, module, attempt.StartedAt), attempt.StartedAt);
    };

    public Func<DbConnection, DbTransaction, Task> NodeAnswered(
        AttemptRecord attempt, ModuleContent module, Case @case, CaseNode node, AnswerRecord answer, ScoredAnswer scored, Position? next) =>
        async (connection, tx) =>
        {
            var actor = await ActorAsync(connection, tx, attempt.LearnerId);
            CaseTally? tally = null;
            if (node.Type == NodeTypes.Ending)
            {
                var ids = new { attemptId = attempt.Id.ToString(), caseId = @case.Id };
                var points = await connection.ExecuteScalarAsync<int>(CasePoints, ids, tx);
                var began = await connection.ExecuteScalarAsync<string?>(CaseBegan, ids, tx) is { } text
                    ? DateTimeOffset.Parse(text, CultureInfo.InvariantCulture) : attempt.StartedAt;
                tally = new CaseTally(points, answer.AnsweredAt - began);
            }
            // Time on the node: since the attempt last moved (its previous answer, or its start).
            var e = new AnswerEvent(attempt.Id, actor, module, @case, node, answer.Response, scored, next, answer.AnsweredAt,
                answer.AnsweredAt - attempt.UpdatedAt, tally);
            await SendAsync(connection, tx, attempt, StatementProfile.Answered(settings, e), answer.AnsweredAt);
        };

    public Func<DbConnection, DbTransaction, Task> AttemptCompleted(AttemptRecord attempt, ModuleContent module, ModuleResult result, DateTimeOffset now) =>
        async (connection, tx) =>
        {
            var actor = await ActorAsync(connection, tx, attempt.LearnerId);
            var statements = StatementProfile.Completed(settings, attempt.Id, actor, module, result, now, now - attempt.StartedAt);
            if (launches is not null && await launches.CompletedAsync(connection, tx, attempt, result, statements, now)) return;
            await OutboxStore.AppendAsync(connection, tx, attempt.LearnerId, statements, now);
        };

    /// <summary>To the launching LMS's LRS when an LMS launched the attempt, else to the configured LRS.</summary>
    async Task SendAsync(DbConnection connection, DbTransaction tx, AttemptRecord attempt, IReadOnlyList<Statement> statements, DateTimeOffset at)
    {
        if (launches is not null && await launches.RecordAsync(connection, tx, attempt, statements, at)) return;
        await OutboxStore.AppendAsync(connection, tx, attempt.LearnerId, statements, at);
    }

    async Task<Agent> ActorAsync(DbConnection connection, DbTransaction tx, Guid learnerId) =>
        StatementProfile.Actor(settings, learnerId,
            settings.UseMbox ? await connection.ExecuteScalarAsync<string?>(LearnerEmail, new { learnerId = learnerId.ToString() }, tx) : null);
}
