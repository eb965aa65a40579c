using System.Data.Common;
using ELearning.Api.Lms.Cmi5;
using ELearning.Api.Tracking;
using ELearning.Api.Tracking.Xapi;

namespace ELearning.Api.Lms;

/// <summary>
/// What happens to the statements of a launch that can no longer deliver them (the LMS ended the session, or its
/// LRS refused the token): they move to the delegate's next session (cmi5: the same registration; Tin Can: their next
/// launch at that LRS), or wait there marked undeliverable until one starts. Never retried for ever, never deleted.
/// </summary>
public static class LaunchHandover
{
    // A session's own frame: its initialized and terminated would open or close the next session (cmi5 9.3), and a
    // failed from an ended session is not replayed into the next one, whose own result the LMS records.
    static readonly HashSet<string> SessionOnly = [Verbs.Initialized.Id, Verbs.Terminated.Id, Verbs.Failed.Id];

    /// <summary>Moves what <paramref name="from"/> still holds to <paramref name="to"/>; returns how many statements moved.</summary>
    public static async Task<int> MoveAsync(DbConnection connection, DbTransaction tx, LmsLaunch from, LmsLaunch to, DateTimeOffset now)
    {
        var waiting = await OutboxStore.WaitingAsync(connection, tx, from.Id.ToString("D"));
        var kept = new List<long>();
        var moved = 0;
        foreach (var w in waiting)
        {
            if (to.Kind == LaunchKinds.Cmi5 && SessionOnly.Contains(w.Verb)) { kept.Add(w.Seq); continue; }
            var statement = XapiJson.Deserialize(w.Json);
            await OutboxStore.MoveAsync(connection, tx, w.Seq, to.Id.ToString("D"), to.Kind == LaunchKinds.Cmi5 ? Cmi5Statements.IntoSession(to, statement) : statement);
            moved++;
        }
        if (kept.Count > 0)
            await OutboxStore.MarkUndeliverableAsync(connection, tx, kept,
                $"Part of session {from.SessionId}, which the LMS ended before it was delivered; session {to.SessionId} carries on without it.", now);
        return moved;
    }

    /// <summary>No session to move to yet: the statements wait, undeliverable, for the delegate's next launch.</summary>
    public static async Task ParkAsync(DbConnection connection, DbTransaction tx, LmsLaunch from, string reason, DateTimeOffset now) =>
        await OutboxStore.MarkUndeliverableAsync(connection, tx, (await OutboxStore.WaitingAsync(connection, tx, from.Id.ToString("D"))).Select(w => w.Seq),
            reason, now);
}
