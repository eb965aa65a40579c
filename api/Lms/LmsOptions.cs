namespace ELearning.Api.Lms;

public sealed class LmsOptions
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

    public bool AllowsLaunchEndpoint(Uri url) =>
        LaunchEndpoints.Length == 0 || LaunchEndpoints.Any(prefix => url.AbsoluteUri.StartsWith(prefix, StringComparison.OrdinalIgnoreCase));
}
