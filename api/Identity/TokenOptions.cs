using System.ComponentModel.DataAnnotations;

namespace ELearning.Api.Identity;

/// <summary>The <c>Tokens</c> section: how long a bearer token lasts without being used (sliding expiry).</summary>
public sealed class TokenOptions : IValidatableObject
{
    /// <summary>Tokens:DelegateLifetime: a delegate's token stops working after this long unused; each use starts it again.</summary>
    public TimeSpan DelegateLifetime { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Tokens:FacilitatorLifetime: the same for a facilitator's token (an administrator makes them a new one after).</summary>
    public TimeSpan FacilitatorLifetime { get; set; } = TimeSpan.FromDays(30);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (DelegateLifetime < TimeSpan.FromMinutes(5) || DelegateLifetime > TimeSpan.FromDays(3650))
            yield return new("Tokens:DelegateLifetime must be between 00:05:00 and 3650.00:00:00.", [nameof(DelegateLifetime)]);
        if (FacilitatorLifetime < TimeSpan.FromMinutes(5) || FacilitatorLifetime > TimeSpan.FromDays(3650))
            yield return new("Tokens:FacilitatorLifetime must be between 00:05:00 and 3650.00:00:00.", [nameof(FacilitatorLifetime)]);
    }
}

/// <summary>When a token presented now has lapsed, and when its last use is worth writing down again.</summary>
public static class SlidingExpiry
{
    public static bool HasLapsed(DateTimeOffset lastUsed, TimeSpan lifetime, DateTimeOffset now) => now - lastUsed >= lifetime;

    /// <summary>
    /// Writing every use would make each answer a write; writing at most once a minute (or a hundredth of the lifetime,
    /// if shorter) keeps expiry that exact.
    /// </summary>
    public static bool ShouldRecordUse(DateTimeOffset lastUsed, TimeSpan lifetime, DateTimeOffset now) =>
        now - lastUsed >= TimeSpan.FromTicks(Math.Min(TimeSpan.FromMinutes(1).Ticks, lifetime.Ticks / 100));
}
