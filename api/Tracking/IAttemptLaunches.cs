using System.Data.Common;
using ELearning.Api.Assessment;
using ELearning.Api.Tracking.Xapi;

namespace ELearning.Api.Tracking;

/// <summary>
/// An attempt opened by an LMS launch reports to that LMS's LRS instead of the configured one: cmi5 in its own
/// statement set, Tin Can with the profile's statements as the launch's actor. Implemented by the LMS feature;
/// the calls run inside the attempt's transaction and return false when the attempt was not launched by an LMS
/// (the profile applies as usual).
/// </summary>
public interface IAttemptLaunches
{
    // Not "BindAsync": minimal APIs take a method of that name on a parameter type for binding it from the request.
    /// <summary>Ties a new attempt to the launch it was started under, before its first statements are written.</summary>
    Task BindAttemptAsync(DbConnection connection, DbTransaction tx, Guid attemptId, Guid launchId, DateTimeOffset at);

    /// <summary>The profile's statements for an event of the attempt; the launch sends them its way.</summary>
    Task<bool> RecordAsync(DbConnection connection, DbTransaction tx, Guid attemptId, Guid learnerId, IReadOnlyList<Statement> profileStatements, DateTimeOffset at);

    /// <summary>The attempt's result, with the profile's statements for it (cmi5 builds its own, Tin Can sends these).</summary>
    Task<bool> CompletedAsync(DbConnection connection, DbTransaction tx, Guid attemptId, Guid learnerId, ModuleResult result,
        IReadOnlyList<Statement> profileStatements, DateTimeOffset at);
}
