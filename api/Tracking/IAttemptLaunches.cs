using System.Data.Common;
using ELearning.Api.Assessment;
using ELearning.Api.Tracking.Xapi;

namespace ELearning.Api.Tracking;

/// <summary>
/// An attempt opened by an LMS launch reports to that LMS's LRS instead of the configured one: cmi5 in its own
/// statement set, Tin Can with the profile's statements as the launch's actor. Implemented by the LMS feature;
/// called only for an event that names a launch (the attempt's attempts.launch_id, carried by Assessment's event, so
/// nothing looks the launch up by attempt), inside the attempt's transaction. False when that launch does not take
/// the statements (the profile applies as usual).
/// </summary>
public interface IAttemptLaunches
{
    // Not "BindAsync": minimal APIs take a method of that name on a parameter type for binding it from the request.
    /// <summary>
    /// Makes the new attempt's own launch <paramref name="launchId"/> from the one it was started under
    /// (<paramref name="startedUnder"/>), before its first statements are written.
    /// </summary>
    Task BindAttemptAsync(DbConnection connection, DbTransaction tx, Guid attemptId, Guid startedUnder, Guid launchId, DateTimeOffset at);

    /// <summary>The profile's statements for an event of the attempt; its launch sends them its way.</summary>
    Task<bool> RecordAsync(DbConnection connection, DbTransaction tx, Guid launchId, Guid learnerId, IReadOnlyList<Statement> profileStatements, DateTimeOffset at);

    /// <summary>The attempt's result, with the profile's statements for it (cmi5 builds its own, Tin Can sends these).</summary>
    Task<bool> CompletedAsync(DbConnection connection, DbTransaction tx, Guid launchId, Guid attemptId, Guid learnerId, ModuleResult result,
        IReadOnlyList<Statement> profileStatements, DateTimeOffset at);
}
