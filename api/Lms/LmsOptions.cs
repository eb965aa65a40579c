using System.ComponentModel.DataAnnotations;

namespace ELearning.Api.Lms;

/// <summary>The <c>Lms</c> section.</summary>
public sealed class LmsOptions : IValidatableObject
{
    /// <summary>Lms:AllowedOrigins: LMS origins (scheme://host[:port]) whose pages may call the API across origins.</summary>
    public string[] AllowedOrigins { get; set; } = [];

    /// <summary>Lms:PackageTitle: the title LMS administrators see on import; defaults to the course title.</summary>
    public string? PackageTitle { get; set; }

    /// <summary>Lms:PackageDescription: defaults to the course description.</summary>
    public string? PackageDescription { get; set; }

    /// <summary>Lms:IdleTimeoutMinutes: a launched session with no activity for this long is terminated by the server (fractions allowed).</summary>
    public double IdleTimeoutMinutes { get; set; } = 30;

    /// <summary>
    /// Lms:LaunchEndpoints: the LRS and fetch URL prefixes cmi5 and Tin Can launches may name, e.g.
    /// "https://lrs.northshire.nhs.uk/". Empty allows any http(s) URL, which suits trying the course out; in
    /// production list your LMSs so a launch cannot make the API call arbitrary addresses.
    /// </summary>
    public string[] LaunchEndpoints { get; set; } = [];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var origin in AllowedOrigins)
            if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.AbsolutePath != "/")
                yield return new($"Lms:AllowedOrigins: '{origin}' is not an origin (scheme://host[:port]).", [nameof(AllowedOrigins)]);
        foreach (var prefix in LaunchEndpoints)
            if (!Uri.TryCreate(prefix, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
                yield return new($"Lms:LaunchEndpoints: '{prefix}' is not an absolute http(s) URL.", [nameof(LaunchEndpoints)]);
        if (!(IdleTimeoutMinutes > 0)) yield return new("Lms:IdleTimeoutMinutes must be more than 0.", [nameof(IdleTimeoutMinutes)]);
        if (PackageTitle is { Length: > 200 }) yield return new("Lms:PackageTitle must be 200 characters or fewer.", [nameof(PackageTitle)]);
    }

    public bool AllowsLaunchEndpoint(Uri url) =>
        LaunchEndpoints.Length == 0 || LaunchEndpoints.Any(prefix => url.AbsoluteUri.StartsWith(prefix, StringComparison.OrdinalIgnoreCase));
}
