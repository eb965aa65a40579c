using System.Net;
using Microsoft.Extensions.Options;

namespace ELearning.Api.Lms;

/// <summary>
/// Redirects from an LMS's fetch URL or LRS are followed only to addresses Lms:LaunchEndpoints allows (the same
/// parsed check as the launch's own URLs), at most 5 hops; a redirect anywhere else is handed back as it is, so
/// the caller treats it as the failure it is. The Authorization header only follows to the same origin.
/// </summary>
public sealed class AllowListRedirects(IOptionsMonitor<LmsOptions> options, ILogger<AllowListRedirects> log) : DelegatingHandler
{
    const int MaxHops = 5;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        var response = await base.SendAsync(request, ct);
        for (var hop = 0; hop < MaxHops && response.Headers.Location is { } location && Follows(response.StatusCode, request.Method); hop++)
        {
            var target = location.IsAbsoluteUri ? location : new Uri(request.RequestUri!, location);
            if (!options.CurrentValue.AllowsLaunchEndpoint(target))
            {
                log.LogWarning("Not following a redirect from {From} to {To}: not in Lms:LaunchEndpoints",
                    request.RequestUri!.GetLeftPart(UriPartial.Path), target.GetLeftPart(UriPartial.Authority));
                return response;
            }
            var next = new HttpRequestMessage(request.Method, target) { Content = request.Content, Version = request.Version };
            var sameOrigin = Uri.Compare(target, request.RequestUri, UriComponents.SchemeAndServer, UriFormat.UriEscaped, StringComparison.OrdinalIgnoreCase) == 0;
            foreach (var header in request.Headers)
                if (sameOrigin || !header.Key.Equals("Authorization", StringComparison.OrdinalIgnoreCase))
                    next.Headers.TryAddWithoutValidation(header.Key, header.Value);
            response.Dispose();
            request = next;
            response = await base.SendAsync(request, ct);
        }
        return response;
    }

    // 307 and 308 keep the method and body; 301, 302 and 303 only for reads (a POST must not quietly become a GET).
    static bool Follows(HttpStatusCode status, HttpMethod method) => (int)status switch
    {
        307 or 308 => true,
        301 or 302 or 303 => method == HttpMethod.Get || method == HttpMethod.Head,
        _ => false,
    };
}
