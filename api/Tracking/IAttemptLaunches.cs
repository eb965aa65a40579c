using System.Data.Common;
using ELearning.Api.Assessment;
using ELearning.Api.Tracking.Xapi;

namespace ELearning.Api.Tracking;

/// <summary>
/// An attempt opened by an LMS launch (cmi5) reports to that LMS, in its own statement set, instead of through
/// the profile to the configured LRS. Implemented by the LMS feature; each call runs inside the attempt's
/// transaction and returns false when the attempt was not launched by an LMS (the profile applies).
/// </summary>
public interface IAttemptLaunches
{
    /// <summary>The profile's statements for an answer; the launch keeps those it allows (cmi5 "allowed" statements).</summary>
    Task<bool> AnsweredAsync(DbConnection connection, DbTransaction tx, AttemptRecord attempt, IReadOnlyList<Statement> profileStatements, DateTimeOffset at);

    Task<bool> CompletedAsync(DbConnection connection, DbTransaction tx, AttemptRecord attempt, ModuleResult result, DateTimeOffset at);
}
