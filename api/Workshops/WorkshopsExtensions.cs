using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace ELearning.Api.Workshops;

public static class WorkshopsExtensions
{
    /// <summary>Workshops: rooms, join codes (rate-limited), pacing and the room's live answers.</summary>
    public static WebApplicationBuilder AddWorkshops(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<WorkshopOptions>().BindConfiguration("Workshops").ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<WorkshopStore>();
        builder.Services.AddSingleton<WorkshopAnswers>();
        builder.Services.AddSingleton<WorkshopCaseOrder>();
        builder.Services.AddRateLimiter(limiter =>
        {
            limiter.AddPolicy(JoinEndpoints.JoinRateLimit, http =>
            {
                var perMinute = http.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<WorkshopOptions>>().Value.JoinsPerMinute;
                return RateLimitPartition.GetFixedWindowLimiter(http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 });
            });
            limiter.OnRejected = async (context, ct) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
                var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
                context.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                await Results.Problem(statusCode: 429, title: "Too many attempts",
                    detail: $"Too many joins from this network in the last minute. Try again in {seconds} seconds.").ExecuteAsync(context.HttpContext);
            };
        });
        return builder;
    }

    public static IEndpointRouteBuilder MapWorkshopFeature(this IEndpointRouteBuilder app) => app.MapWorkshops().MapWorkshopJoining();
}
