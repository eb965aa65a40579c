namespace ELearning.Api.Identity;

/// <summary>The delegate's record as Identity holds it, for the data download.</summary>
public sealed record LearnerRecordView(Guid Id, string Name, string? Email, string? RegistrationNumber, string? Profession,
    string? LmsIdentity, DateTimeOffset CreatedAt, DateTimeOffset? LastSeenAt, IReadOnlyList<DateTimeOffset> TokensIssuedAt);

/// <summary>
/// The delegate's data rights, across every feature: what is held (<see cref="ExportAsync"/>) and erasure
/// (<see cref="EraseAsync"/>, also the retention purge's). Identity goes last in an erasure, so a failure on the way
/// leaves the delegate signed in to ask again, and a repeated erasure finishes the work.
/// </summary>
public sealed class LearnerErasure(LearnerStore learners, IEnumerable<ILearnerDataHolder> holders, ILogger<LearnerErasure> log)
{
    public async Task<IReadOnlyDictionary<string, object?>?> ExportAsync(Guid learnerId, DateTimeOffset now, CancellationToken ct)
    {
        if (await learners.RecordAsync(learnerId, ct) is not { } profile) return null;
        var export = new Dictionary<string, object?> { ["exportedAt"] = now, ["profile"] = profile };
        foreach (var holder in holders) export[holder.Section] = await holder.ExportAsync(learnerId, ct);
        return export;
    }

    /// <summary>False when there is no such delegate. Erasing an erased delegate again is harmless.</summary>
    public async Task<bool> EraseAsync(Guid learnerId, DateTimeOffset now, string why, CancellationToken ct)
    {
        if (!await learners.ExistsAsync(learnerId, ct)) return false;
        foreach (var holder in holders) await holder.EraseAsync(learnerId, now, ct);
        await learners.EraseAsync(learnerId, now, ct);
        // The id only: it names nobody once the record is erased.
        log.LogInformation("Erased delegate {LearnerId} ({Why})", learnerId, why);
        return true;
    }
}
