using Microsoft.Net.Http.Headers;

namespace ELearning.Api.Infrastructure;

/// <summary>
/// Headers that keep personal data where it was sent. API answers (names, answers, reflections, certificates, evidence
/// packs, attendance sheets, and the problems about them) must not stay in a shared computer's or a proxy's cache, nor
/// be sniffed into another type. The player's own files keep their caching.
/// </summary>
public static class ResponseHeaders
{
    /// <summary>Media types that carry personal data wherever they are served from.</summary>
    static readonly string[] PersonalMediaTypes =
        ["application/json", "application/problem+json", "application/pdf", "application/zip", "text/csv", "application/vc+jwt", "text/event-stream"];

    public static bool CarriesPersonalData(PathString path, string? contentType) =>
        path.StartsWithSegments("/api") || path.StartsWithSegments("/verify")
        || (contentType is not null && MediaTypeHeaderValue.TryParse(contentType, out var type)
            && PersonalMediaTypes.Contains(type.MediaType.Value, StringComparer.OrdinalIgnoreCase));

    /// <summary>First in the pipeline, so the headers are set on whatever answers: a handler, a problem, a 404.</summary>
    public static IApplicationBuilder UsePrivateResponses(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            if (CarriesPersonalData(context.Request.Path, context.Response.ContentType))
            {
                headers.CacheControl = "no-store";
                headers.Remove(HeaderNames.Pragma);
                headers.Remove(HeaderNames.Expires);
            }
            return Task.CompletedTask;
        });
        return next(context);
    });
}
