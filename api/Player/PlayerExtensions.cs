using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace ELearning.Api.Player;

public sealed class PlayerOptions : IValidatableObject
{
    /// <summary>Player:Root: the folder of the player's static files. Defaults to player/ beside the binaries.</summary>
    public string? Root { get; set; }

    /// <summary>
    /// Player:FrameAncestors: who may frame the player (CSP frame-ancestors), replacing the default: origins
    /// separated by spaces ("'self' https://lms.example.ac.uk"), "'none'", or "*" (any site: the delegate's token
    /// is in the player's storage, so only for trying the course out). Unset: the API's own origin and the LMS
    /// origins (<see cref="EmbeddingOrigins"/>).
    /// </summary>
    public string? FrameAncestors { get; set; }

    /// <summary>The LMS origins that embed the player (Lms:AllowedOrigins, wired in Program.cs), for the default.</summary>
    public string[] EmbeddingOrigins { get; set; } = [];

    /// <summary>The frame-ancestors source list the player is served with.</summary>
    public string EffectiveFrameAncestors() => FrameAncestors is { Length: > 0 } configured
        ? configured.Trim()
        : string.Join(' ', new[] { "'self'" }.Concat(EmbeddingOrigins.Where(o => !string.IsNullOrWhiteSpace(o)).Select(o => o.Trim().TrimEnd('/'))).Distinct());

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        // It goes into a header as it is: a ';' or a line break would add directives of its own.
        if (FrameAncestors is not null && (string.IsNullOrWhiteSpace(FrameAncestors) || FrameAncestors.IndexOfAny([';', ',', '\r', '\n']) >= 0))
            yield return new("Player:FrameAncestors must be '*', 'none' in quotes, or origins separated by spaces.", [nameof(FrameAncestors)]);
        if (EmbeddingOrigins.Any(o => o.IndexOfAny([';', ',', ' ', '\r', '\n']) >= 0))
            yield return new("Lms:AllowedOrigins must be origins (scheme://host[:port]).", [nameof(EmbeddingOrigins)]);
    }
}

/// <summary>Serves the delegate's course player (course/player plus NHS.UK frontend) at /.</summary>
public static class PlayerExtensions
{
    public static WebApplicationBuilder AddPlayer(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<PlayerOptions>().BindConfiguration("Player").ValidateDataAnnotations().ValidateOnStart();
        return builder;
    }

    public static WebApplication UsePlayer(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<PlayerOptions>>().Value;
        var root = options.Root is { Length: > 0 } configured
            ? Path.GetFullPath(configured, app.Environment.ContentRootPath)
            : Path.Combine(AppContext.BaseDirectory, "player");
        if (!Directory.Exists(root))
        {
            app.Logger.LogWarning("No course player at {PlayerRoot}; only the API is served", root);
            return app;
        }

        var files = new PhysicalFileProvider(root);
        var policy = ContentSecurityPolicy(options.EffectiveFrameAncestors());
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            OnPrepareResponse = context =>
            {
                var headers = context.Context.Response.Headers;
                headers.ContentSecurityPolicy = policy;
                headers.XContentTypeOptions = "nosniff";
                headers["Referrer-Policy"] = "same-origin";
                // Revalidate every time (ETag): a delegate never runs yesterday's player against today's API.
                headers.CacheControl = "no-cache";
            },
        });
        return app;
    }

    /// <summary>
    /// No inline script or style, everything from this origin but the NHS fonts (served by the NHS CDN, as
    /// nhsuk-frontend expects; offline, the player falls back to Arial). frame-ancestors lets the configured LMSs
    /// embed it, and no one else: a framing site could otherwise overlay the player holding a delegate's token.
    /// </summary>
    public static string ContentSecurityPolicy(string frameAncestors) => string.Join("; ",
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self' https://assets.nhs.uk",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        $"frame-ancestors {frameAncestors}");
}
