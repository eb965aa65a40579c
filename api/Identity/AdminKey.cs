using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace ELearning.Api.Identity;

/// <summary>The <c>Admin</c> section.</summary>
public sealed class AdminOptions : IValidatableObject
{
    /// <summary>Admin:ApiKey. Without it, admin routes answer 401 to everyone.</summary>
    public string? ApiKey { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        // A bearer token longer than 200 characters is refused before any comparison, so a longer key could never match.
        if (ApiKey is { Length: > 0 } key && (key.Length < 16 || key.Length > 200 || key.Any(char.IsWhiteSpace)))
            yield return new("Admin:ApiKey must be 16 to 200 characters with no spaces (or empty, to close the admin routes).", [nameof(ApiKey)]);
    }
}

/// <summary>The administrators' key check: one configured key, compared in constant time.</summary>
public sealed class AdminKey(IOptionsMonitor<AdminOptions> options)
{
    public bool Matches(string presented) =>
        options.CurrentValue.ApiKey is { Length: > 0 } key && Tokens.SecretEquals(presented, key);
}
