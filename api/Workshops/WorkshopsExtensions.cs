namespace ELearning.Api.Workshops;

public static class WorkshopsExtensions
{
    /// <summary>Workshops: rooms, join codes (rate-limited: RateLimits:JoinsPerMinute), pacing and the room's live answers.</summary>
    public static WebApplicationBuilder AddWorkshops(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<WorkshopOptions>().BindConfiguration("Workshops").ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<WorkshopStore>();
        builder.Services.AddSingleton<WorkshopAnswers>();
        builder.Services.AddSingleton<WorkshopCaseOrder>();
        return builder;
    }

    public static IEndpointRouteBuilder MapWorkshopFeature(this IEndpointRouteBuilder app) => app.MapWorkshops().MapWorkshopJoining();
}
