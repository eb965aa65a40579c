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
    /// "https://lrs.northshire.nhs.uk/". Empty allows any http(s) URL whose host resolves to a public address
    /// (OutboundGuard refuses this machine's and private networks'), which suits trying the course out; in
    /// production list your LMSs so a launch cannot make the API call arbitrary addresses.
    /// </summary>
    public string[] LaunchEndpoints { get; set; } = [];

    /// <summary>
    /// Lms:CloseGraceSeconds: after the player's page goes away (pagehide), how long a cmi5 session waits for it to come
    /// back (a reload comes back at once) before the server ends it as closed. Default 60.
    /// </summary>
    public double CloseGraceSeconds { get; set; } = 60;

    /// <summary>
    /// Whether a launch may make the API call this URL: an absolute http(s) URL without user-info whose scheme, host
    /// and port equal one entry's and whose path is under the entry's path (on a segment boundary). Parsed, never
    /// compared as text, so "https://lrs.example@other/" or "https://lrs.example.other/" never pass for "https://lrs.example".
    /// </summary>
    public bool AllowsLaunchEndpoint(Uri url)
    {
        if (!url.IsAbsoluteUri || url.Scheme is not ("http" or "https") || url.UserInfo.Length > 0) return false;
        return LaunchEndpoints.Length == 0 || LaunchEndpoints.Any(entry => Matches(entry, url));
    }

    static bool Matches(string entry, Uri url)
    {
        if (!Uri.TryCreate(entry.Trim(), UriKind.Absolute, out var allowed) || allowed.UserInfo.Length > 0) return false;
        if (!string.Equals(allowed.Scheme, url.Scheme, StringComparison.OrdinalIgnoreCase)
            || !string.Equals(allowed.IdnHost, url.IdnHost, StringComparison.OrdinalIgnoreCase) || allowed.Port != url.Port) return false;
        var prefix = allowed.AbsolutePath.EndsWith('/') ? allowed.AbsolutePath : allowed.AbsolutePath + "/";
        var path = url.AbsolutePath.EndsWith('/') ? url.AbsolutePath : url.AbsolutePath + "/";
        return path.StartsWith(prefix, StringComparison.Ordinal);
    }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var origin in AllowedOrigins)
            if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.AbsolutePath != "/")
                yield return new($"Lms:AllowedOrigins: '{origin}' is not an origin (scheme://host[:port]).", [nameof(AllowedOrigins)]);
        foreach (var prefix in LaunchEndpoints)
            if (!Uri.TryCreate(prefix, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.UserInfo.Length > 0)
                yield return new($"Lms:LaunchEndpoints: '{prefix}' is not an absolute http(s) URL without user-info.", [nameof(LaunchEndpoints)]);
        if (!(IdleTimeoutMinutes > 0)) yield return new("Lms:IdleTimeoutMinutes must be more than 0.", [nameof(IdleTimeoutMinutes)]);
        if (!(CloseGraceSeconds > 0)) yield return new("Lms:CloseGraceSeconds must be more than 0.", [nameof(CloseGraceSeconds)]);
        if (PackageTitle is { Length: > 200 }) yield return new("Lms:PackageTitle must be 200 characters or fewer.", [nameof(PackageTitle)]);
    }
}
