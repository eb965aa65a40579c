using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Net;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace ELearning.Api.Infrastructure;

/// <summary>The <c>RateLimits</c> section: how often each door may be knocked on, per caller, per minute.</summary>
public sealed class RateLimitOptions : IValidatableObject
{
    /// <summary>RateLimits:SignInsPerMinute: <c>POST /api/learners</c> per client address.</summary>
    [Range(1, 1_000_000, ErrorMessage = "RateLimits:SignInsPerMinute must be between 1 and 1000000.")]
    public int SignInsPerMinute { get; set; } = 60;

    /// <summary>RateLimits:JoinsPerMinute: a whole room often shares one address (a hospital's Wi-Fi), so 300 may join in a minute.</summary>
    [Range(1, 1_000_000, ErrorMessage = "RateLimits:JoinsPerMinute must be between 1 and 1000000.")]
    public int JoinsPerMinute { get; set; } = 300;

    /// <summary>RateLimits:AnswersPerMinute: per delegate (their token), far above anyone reading the cases.</summary>
    [Range(1, 1_000_000, ErrorMessage = "RateLimits:AnswersPerMinute must be between 1 and 1000000.")]
    public int AnswersPerMinute { get; set; } = 120;

    /// <summary>RateLimits:VerificationsPerMinute: the public verify page and API, per client address.</summary>
    [Range(1, 1_000_000, ErrorMessage = "RateLimits:VerificationsPerMinute must be between 1 and 1000000.")]
    public int VerificationsPerMinute { get; set; } = 60;

    /// <summary>RateLimits:LmsLaunchesPerMinute: SCORM sessions, cmi5 and Tin Can launches per client address (an LMS's learners may share one).</summary>
    [Range(1, 1_000_000, ErrorMessage = "RateLimits:LmsLaunchesPerMinute must be between 1 and 1000000.")]
    public int LmsLaunchesPerMinute { get; set; } = 300;

    /// <summary>
    /// RateLimits:KnownProxies: addresses (or networks, like 10.0.0.0/8) of the reverse proxies in front of the API. Only a
    /// request arriving from one of them has its <c>X-Forwarded-For</c> believed; anyone else could write any address there.
    /// </summary>
    public string[] KnownProxies { get; set; } = [];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var entry in KnownProxies.Where(e => !ClientAddress.TryParseNetwork(e, out _)))
            yield return new($"RateLimits:KnownProxies entries must be IP addresses or networks like 10.0.0.0/8, not '{entry}'.", [nameof(KnownProxies)]);
    }
}

/// <summary>The rate-limited doors; each route names its policy with <c>RequireRateLimiting</c>.</summary>
public static class RateLimitPolicies
{
    public const string SignIn = "sign-in";
    public const string Join = "workshop-join";
    public const string Answer = "answer";
    public const string Verification = "verification";
    public const string LmsLaunch = "lms-launch";

    static readonly Dictionary<string, (Func<RateLimitOptions, int> PerMinute, string What)> Doors = new()
    {
        [SignIn] = (o => o.SignInsPerMinute, "sign-ins"),
        [Join] = (o => o.JoinsPerMinute, "joins"),
        [Answer] = (o => o.AnswersPerMinute, "answers"),
        [Verification] = (o => o.VerificationsPerMinute, "verifications"),
        [LmsLaunch] = (o => o.LmsLaunchesPerMinute, "LMS launches"),
    };

    /// <summary>
    /// One fixed one-minute window per door and caller: a signed-in caller is counted by who their token names (a
    /// room behind one address does not share a budget), anyone else by their client address.
    /// </summary>
    public static WebApplicationBuilder AddRateLimits(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<RateLimitOptions>().BindConfiguration("RateLimits").ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddRateLimiter(limiter =>
        {
            foreach (var (name, door) in Doors)
                limiter.AddPolicy(name, http =>
                {
                    var options = http.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value;
                    return RateLimitPartition.GetFixedWindowLimiter(PartitionKey(http, options),
                        _ => new FixedWindowRateLimiterOptions { PermitLimit = door.PerMinute(options), Window = TimeSpan.FromMinutes(1), QueueLimit = 0 });
                });
            limiter.OnRejected = async (context, ct) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
                var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
                var policy = context.HttpContext.GetEndpoint()?.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName;
                var what = policy is not null && Doors.TryGetValue(policy, out var door) ? door.What : "requests";
                var who = context.HttpContext.User.Identity?.IsAuthenticated == true ? "with this sign-in" : "from this network";
                context.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                await Results.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests",
                    detail: $"Too many {what} {who} in the last minute. Try again in {seconds} seconds.").ExecuteAsync(context.HttpContext);
            };
        });
        return builder;
    }

    static string PartitionKey(HttpContext http, RateLimitOptions options) => http.User.Identity?.IsAuthenticated == true
        ? "user:" + (http.User.FindFirstValue("learner_id") ?? http.User.FindFirstValue("facilitator_id") ?? http.User.FindFirstValue(ClaimTypes.Name) ?? "?")
        : "address:" + ClientAddress.Of(http, options.KnownProxies);
}

/// <summary>Who is calling, as far as the network says: the peer's address, or the forwarded one when the peer is a known proxy.</summary>
public static class ClientAddress
{
    public static string Of(HttpContext http, IReadOnlyList<string> knownProxies)
    {
        var remote = http.Connection.RemoteIpAddress is { } peer ? Normal(peer) : null;
        if (remote is null) return "unknown";
        var proxies = knownProxies.Select(p => TryParseNetwork(p, out var n) ? n : (IPNetwork?)null).OfType<IPNetwork>().ToArray();
        if (!IsProxy(remote, proxies)) return remote.ToString();

        // Each proxy appends the address it heard from: read from the right, the first hop that is not ours is the client.
        var hops = http.Request.Headers["X-Forwarded-For"].SelectMany(v => (v ?? "").Split(',')).Select(h => h.Trim()).Reverse();
        var client = remote;
        foreach (var hop in hops)
        {
            if (!IPAddress.TryParse(hop, out var address)) break;
            client = Normal(address);
            if (!IsProxy(client, proxies)) break;
        }
        return client.ToString();
    }

    public static bool TryParseNetwork(string? entry, out IPNetwork network)
    {
        network = default;
        var text = entry?.Trim() ?? "";
        if (IPAddress.TryParse(text, out var single))
        {
            var address = Normal(single);
            network = new IPNetwork(address, address.GetAddressBytes().Length * 8);
            return true;
        }
        return IPNetwork.TryParse(text, out network);
    }

    static bool IsProxy(IPAddress address, IPNetwork[] proxies) => proxies.Any(p => p.Contains(address));

    static IPAddress Normal(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
}
