using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace ELearning.Api.Identity;

/// <summary>
/// The <c>Admin</c> section: named administrators' keys (<c>Admin:Keys:&lt;name&gt;</c>), so each administrator has their
/// own, the audit log names who did what, and one can be revoked (removed, or set empty) without the others.
/// </summary>
public sealed partial class AdminOptions : IValidatableObject
{
    /// <summary>The fewest characters a key may have: 32 random base64 characters are 192 bits.</summary>
    public const int MinimumLength = 32;

    /// <summary>The fewest different characters: refuses "aaaa…" and "0123…0123…" however long.</summary>
    public const int MinimumDistinctCharacters = 12;

    /// <summary>The name a key set by the older single setting, Admin:ApiKey, is known by.</summary>
    public const string LegacyKeyName = "admin";

    /// <summary>Admin:ApiKey, the older single key: still accepted, as the key named "admin".</summary>
    public string? ApiKey { get; set; }

    /// <summary>Admin:Keys:&lt;name&gt; = key. An empty value is a revoked key (an environment variable can blank one set in a file).</summary>
    public Dictionary<string, string?> Keys { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Every live key by name, the legacy one included.</summary>
    public IEnumerable<(string Name, string Key)> Active()
    {
        if (ApiKey is { Length: > 0 } legacy) yield return (LegacyKeyName, legacy);
        foreach (var (name, key) in Keys)
            if (key is { Length: > 0 }) yield return (name, key);
    }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (ApiKey is { Length: > 0 } && Keys.TryGetValue(LegacyKeyName, out var named) && named is { Length: > 0 })
            yield return new($"Admin:ApiKey and Admin:Keys:{LegacyKeyName} are both set: keep one of them.", [nameof(ApiKey)]);
        foreach (var name in Keys.Keys.Where(n => !NamePattern().IsMatch(n)))
            yield return new($"Admin:Keys:{name} is not a usable name: 1 to 40 letters, digits, '.', '_' or '-'.", [nameof(Keys)]);
        foreach (var (name, key) in Active())
        {
            var setting = name == LegacyKeyName && ApiKey is { Length: > 0 } ? "Admin:ApiKey" : $"Admin:Keys:{name}";
            // A bearer token longer than 200 characters is refused before any comparison, so a longer key could never match.
            if (key.Length < MinimumLength || key.Length > 200 || key.Any(char.IsWhiteSpace) || key.Distinct().Count() < MinimumDistinctCharacters)
                yield return new($"{setting} is too weak: use {MinimumLength} to 200 random characters with no spaces (e.g. `openssl rand -base64 32`).", [nameof(Keys)]);
        }
        var shared = Active().GroupBy(k => k.Key, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (shared is not null)
            yield return new($"Admin keys {string.Join(" and ", shared.Select(k => k.Name))} are the same: give each administrator their own.", [nameof(Keys)]);
    }

    [GeneratedRegex("^[A-Za-z0-9._-]{1,40}$")]
    private static partial Regex NamePattern();
}

/// <summary>The administrators' key check: each configured key compared in constant time, the match's name returned.</summary>
public sealed class AdminKey(IOptionsMonitor<AdminOptions> options)
{
    /// <summary>The name of the key presented, or null. Every key is compared, so the time taken says nothing about which.</summary>
    public string? Match(string presented)
    {
        string? found = null;
        foreach (var (name, key) in options.CurrentValue.Active())
            if (Tokens.SecretEquals(presented, key) && found is null) found = name;
        return found;
    }
}
