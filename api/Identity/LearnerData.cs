namespace ELearning.Api.Identity;

/// <summary>
/// A feature that holds personal data about delegates (UK GDPR arts. 15 and 17). Identity owns this interface and
/// fans each request out to every holder (registered in Program.cs): the data download asks each for its part, an
/// erasure asks each to remove or anonymise what it holds. Each holder reads and writes only its own tables.
/// </summary>
public interface ILearnerDataHolder
{
    /// <summary>The key of this holder's part in the data download, e.g. "attempts".</summary>
    string Section { get; }

    /// <summary>Everything this feature holds about the delegate, as JSON-serialisable data.</summary>
    Task<object> ExportAsync(Guid learnerId, CancellationToken ct);

    /// <summary>Removes or anonymises it. Must be safe to run again: an erasure interrupted half-way is simply repeated.</summary>
    Task EraseAsync(Guid learnerId, DateTimeOffset now, CancellationToken ct);
}

public static class LearnerDataRegistration
{
    public static IServiceCollection AddLearnerDataHolder<T>(this IServiceCollection services) where T : class, ILearnerDataHolder
    {
        services.AddSingleton<T>();
        services.AddSingleton<ILearnerDataHolder>(sp => sp.GetRequiredService<T>());
        return services;
    }
}
