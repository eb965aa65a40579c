using System.Data.Common;
using ELearning.Api.Assessment;
using ELearning.Api.Tracking.Xapi;

namespace ELearning.Api.Tracking;

/// <summary>
/// An attempt opened by an LMS launch reports to that LMS's LRS instead of the configured one: cmi5 in its own
/// statement set, Tin Can with the profile's statements as the launch's actor. Implemented by the LMS feature;
/// the calls taking a transaction run inside the attempt's and return false when the attempt was not launched by
/// an LMS (the profile applies as usual).
/// </summary>
public interface IAttemptLaunches
{
    /// <summary>
    /// How the launching LMS judges this attempt, if one launched it: its pass mark (cmi5 masteryScore, else ours),
    /// whether the attempt records a result at all (cmi5 launchMode Normal; Browse and Review do not, so they count
    /// toward nothing), and its moveOn. Null when no LMS rule applies.
    /// </summary>
    Task<LaunchRules?> RulesAsync(Guid attemptId, CancellationToken ct);

    /// <summary>Whether this learner may start attempts under this (Tin Can) launch.</summary>
    Task<bool> CanBindAsync(Guid launchId, Guid learnerId, CancellationToken ct);

    // Not "BindAsync": minimal APIs take a method of that name on a parameter type for binding it from the request.
    /// <summary>Ties a new attempt to the launch it was started under, before its first statements are written.</summary>
    Task BindAttemptAsync(DbConnection connection, DbTransaction tx, AttemptRecord attempt, Guid launchId);

    /// <summary>The profile's statements for an event of the attempt; the launch sends them its way.</summary>
    Task<bool> RecordAsync(DbConnection connection, DbTransaction tx, AttemptRecord attempt, IReadOnlyList<Statement> profileStatements, DateTimeOffset at);

    /// <summary>The attempt's result, with the profile's statements for it (cmi5 builds its own, Tin Can sends these).</summary>
    Task<bool> CompletedAsync(DbConnection connection, DbTransaction tx, AttemptRecord attempt, ModuleResult result,
        IReadOnlyList<Statement> profileStatements, DateTimeOffset at);
}

/// <summary>What an LMS launch says about judging its attempt (see <see cref="IAttemptLaunches.RulesAsync"/>).</summary>
public sealed record LaunchRules(double? PassMark, bool RecordsResult, string? MoveOn);
