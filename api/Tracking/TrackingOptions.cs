using System.ComponentModel.DataAnnotations;

namespace ELearning.Api.Tracking;

/// <summary>Lrs:*: where statements go. With no endpoint they wait in the outbox until one is configured.</summary>
public sealed class LrsOptions : IValidatableObject
{
    /// <summary>The xAPI endpoint, e.g. https://lrs.example/xAPI/ (the Statements resource is below it).</summary>
    public string? Endpoint { get; set; }
    public string? Key { get; set; }
    public string? Secret { get; set; }

    [Range(1, 1000)] public int BatchSize { get; set; } = 50;
    /// <summary>How often an idle dispatcher looks for new statements.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);
    /// <summary>How long a claim lasts; a claim of a process that died is free again after it.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(2);
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);
    /// <summary>The first wait after a failure; it doubles per consecutive failure, up to MaxBackoff.</summary>
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromSeconds(1);
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromMinutes(5);
    /// <summary>The longest Retry-After we honour, so a bad header cannot stop delivery for days.</summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromHours(1);
    /// <summary>The health check reports the LRS unreachable once it has failed for this long.</summary>
    public TimeSpan UnreachableAfter { get; set; } = TimeSpan.FromMinutes(10);

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Endpoint);
    // A method, not a property: DataAnnotations validation reads every property, and this one throws on a bad URL.
    public Uri EndpointUri() => new(Endpoint!.TrimEnd('/') + "/");

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (IsConfigured && !(Uri.TryCreate(Endpoint, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
            yield return new($"Lrs:Endpoint must be an absolute http(s) URL, not '{Endpoint}'.", [nameof(Endpoint)]);
        foreach (var (name, value) in new[] { (nameof(PollInterval), PollInterval), (nameof(RequestTimeout), RequestTimeout),
                     (nameof(InitialBackoff), InitialBackoff), (nameof(UnreachableAfter), UnreachableAfter) })
            if (value <= TimeSpan.Zero) yield return new($"Lrs:{name} must be positive.", [name]);
        if (MaxBackoff < InitialBackoff) yield return new("Lrs:MaxBackoff must be at least Lrs:InitialBackoff.", [nameof(MaxBackoff)]);
        // A claim must outlive the requests made under it (the batch ahead of it, then its own), or a slow LRS
        // would see the batch twice.
        if (LeaseDuration <= RequestTimeout * 2)
            yield return new("Lrs:LeaseDuration must be more than twice Lrs:RequestTimeout.", [nameof(LeaseDuration)]);
    }
}

/// <summary>Xapi:*: how statements are built.</summary>
public sealed class XapiOptions : IValidatableObject
{
    /// <summary>The base of module, case and question IRIs; default {App:PublicBaseUrl}/xapi/activities/.</summary>
    public string? ActivityBaseIri { get; set; }
    /// <summary>"account" (default: pseudonymous learner id) or "mbox" (the delegate's email, where they gave one).</summary>
    public string Actor { get; set; } = "account";
    /// <summary>Send reflection text as result.response; false sends the reflection with no response (see docs/xapi-profile.md).</summary>
    public bool SendReflectionText { get; set; } = true;
    public string Platform { get; set; } = "ELearning";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Actor is not ("account" or "mbox")) yield return new("Xapi:Actor must be 'account' or 'mbox'.", [nameof(Actor)]);
        if (!string.IsNullOrEmpty(ActivityBaseIri) && !Uri.TryCreate(ActivityBaseIri, UriKind.Absolute, out _))
            yield return new($"Xapi:ActivityBaseIri must be an absolute IRI, not '{ActivityBaseIri}'.", [nameof(ActivityBaseIri)]);
    }
}
