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
    /// Player:FrameAncestors: who may frame the player (CSP frame-ancestors). "*" lets any LMS embed it;
    /// list origins ("https://lms.example.ac.uk https://moodle.example.nhs.uk") to restrict it.
    /// </summary>
    public string FrameAncestors { get; set; } = "*";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        // It goes into a header as it is: a ';' or a line break would add directives of its own.
        if (string.IsNullOrWhiteSpace(FrameAncestors) || FrameAncestors.IndexOfAny([';', ',', '\r', '\n']) >= 0)
            yield return new("Player:FrameAncestors must be '*', 'none' in quotes, or origins separated by spaces.", [nameof(FrameAncestors)]);
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
        var policy = ContentSecurityPolicy(options.FrameAncestors);
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
    /// nhsuk-frontend expects; offline, the player falls back to Arial). frame-ancestors lets LMSs embed it.
    /// </summary>
    static string ContentSecurityPolicy(string frameAncestors) => string.Join("; ",
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
