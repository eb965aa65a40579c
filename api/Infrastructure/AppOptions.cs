using System.ComponentModel.DataAnnotations;

namespace ELearning.Api;

/// <summary>The <c>App</c> section.</summary>
public sealed class AppOptions : IValidatableObject
{
    /// <summary>
    /// App:PublicBaseUrl: where delegates and LMSs reach this service. It is also the home page of xAPI
    /// accounts, the base of activity IRIs and of certificate verification links, so set it in production.
    /// </summary>
    public string PublicBaseUrl { get; set; } = "http://localhost:5080";

    /// <summary>
    /// App:ReleaseStartupMemoryAfterSeconds: this long after the start, one collection hands the start's garbage back to
    /// the system (<see cref="Infrastructure.StartupMemoryRelease"/>); 0 never.
    /// </summary>
    [Range(0, 3600)]
    public int ReleaseStartupMemoryAfterSeconds { get; set; } = 2;

    // Validation reads every property, so this one says which setting is wrong rather than throwing UriFormatException.
    public Uri BaseUri => Uri.TryCreate(PublicBaseUrl.TrimEnd('/') + "/", UriKind.Absolute, out var uri)
        ? uri
        : throw new InvalidOperationException($"App:PublicBaseUrl must be an absolute http(s) URL, not '{PublicBaseUrl}'.");

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Uri.TryCreate(PublicBaseUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || !string.IsNullOrEmpty(uri.Query + uri.Fragment))
            yield return new($"App:PublicBaseUrl must be an absolute http(s) URL with no query or fragment, not '{PublicBaseUrl}'.", [nameof(PublicBaseUrl)]);
    }
}
