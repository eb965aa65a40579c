using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.Extensions.Options;

namespace ELearning.Api.Lms;

public static class LmsExtensions
{
    public static WebApplicationBuilder AddLms(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<LmsOptions>().BindConfiguration("Lms").ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<PackageKeyStore>();
        builder.Services.AddSingleton<LaunchStore>();
        builder.Services.AddHttpContextAccessor(); // LaunchTracking reads which cmi5 session a tab's answer comes from
        builder.Services.AddSingleton<LaunchTracking>();
        builder.Services.AddSingleton<Cmi5.Cmi5Lms>();
        // The LMS's fetch URL and LRS: short timeouts, so a launch never hangs on an LMS that does not answer.
        // Neither follows a redirect by itself: AllowListRedirects follows it only to an address Lms:LaunchEndpoints allows.
        // With Lms:LaunchEndpoints empty, OutboundGuard refuses this machine's and private networks' addresses, as resolved.
        builder.Services.AddTransient<AllowListRedirects>();
        builder.Services.AddSingleton<OutboundGuard>();
        builder.Services.AddHttpClient(Cmi5.Cmi5Lms.HttpClientName, http => http.Timeout = TimeSpan.FromSeconds(20))
            .ConfigurePrimaryHttpMessageHandler(sp => sp.GetRequiredService<OutboundGuard>().Handler()).AddHttpMessageHandler<AllowListRedirects>();
        builder.Services.AddHttpClient(LaunchTracking.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(sp => sp.GetRequiredService<OutboundGuard>().Handler()).AddHttpMessageHandler<AllowListRedirects>();
        builder.Services.AddHostedService<LaunchIdleSweeper>();
        // An answer for a cmi5 session that has ended: 409 saying why (LmsSessionEnded.cs).
        builder.Services.AddExceptionHandler<LmsSessionEndedHandler>();
        // Only the configured LMS origins (Lms:AllowedOrigins) may call across origins, and only the routes that opt in.
        builder.Services.AddCors();
        builder.Services.AddOptions<CorsOptions>().Configure<IOptions<LmsOptions>>((cors, lms) => cors.AddPolicy(LmsEndpoints.CorsPolicy, p => p
            .WithOrigins([.. lms.Value.AllowedOrigins.Select(x => x.TrimEnd('/'))]).WithMethods("GET", "POST").WithHeaders("Content-Type", "Authorization")));
        return builder;
    }
}
