using System.Text.Json;

namespace ELearning.Api.Certificates;

/// <summary>
/// The delegate's xAPI statements, for the CPD evidence pack. The Tracking feature's outbox
/// (OutboxStore.StatementsForLearnerAsync) is bound to this on merge; until then the pack carries an
/// empty statements.json.
/// </summary>
public interface ILearnerStatements
{
    Task<IReadOnlyList<JsonElement>> ForLearnerAsync(Guid learnerId, CancellationToken ct);
}

/// <summary>Used until a statement store is registered: no statements.</summary>
public sealed class NoLearnerStatements : ILearnerStatements
{
    public Task<IReadOnlyList<JsonElement>> ForLearnerAsync(Guid learnerId, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<JsonElement>>([]);
}
