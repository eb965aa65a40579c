using ELearning.Api.Content;
using ELearning.Api.Tracking.Xapi;
using Microsoft.Extensions.Options;

namespace ELearning.Api.Tracking;

public static class TrackingExtensions
{
    public static WebApplicationBuilder AddTracking(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<LrsOptions>().BindConfiguration("Lrs").ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<XapiOptions>().BindConfiguration("Xapi").ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton(sp => ProfileSettings.From(
            sp.GetRequiredService<IOptions<AppOptions>>().Value, sp.GetRequiredService<IOptions<XapiOptions>>().Value,
            sp.GetRequiredService<Catalog>().Course));
        builder.Services.AddSingleton<TrackingRecorder>();
        builder.Services.AddSingleton<WorkshopTracking>();
        builder.Services.AddSingleton<OutboxStore>();
        builder.Services.AddSingleton<LrsStatus>();
        // Configured per CreateClient, so a changed Lrs:* section applies to the next batch.
        builder.Services.AddHttpClient(LrsClient.HttpClientName, (sp, http) =>
        {
            var o = sp.GetRequiredService<IOptionsMonitor<LrsOptions>>().CurrentValue;
            if (o.IsConfigured) LrsClient.Configure(http, o.EndpointUri(), o.Key, o.Secret, o.RequestTimeout);
        });
        builder.Services.AddHostedService<OutboxDispatcher>();
        builder.Services.AddHealthChecks().AddCheck<LrsHealthCheck>("lrs").AddCheck<UndeliverableHealthCheck>("lrsDestinations");
        return builder;
    }

    public static IEndpointRouteBuilder MapTracking(this IEndpointRouteBuilder app) => app.MapTrackingRoutes();
}
