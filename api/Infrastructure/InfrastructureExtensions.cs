namespace ELearning.Api.Infrastructure;

public static class InfrastructureExtensions
{
    /// <summary>
    /// What every feature's routes rely on: ProblemDetails for every error, request-shape validation from the request
    /// types' DataAnnotations / IValidatableObject (a 400 with field <c>errors</c> before the handler runs), OpenAPI,
    /// the clock, App:*, and the rate limits every feature's doors name (RateLimits:*).
    /// </summary>
    public static WebApplicationBuilder AddInfrastructure(this WebApplicationBuilder builder)
    {
        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = Problems.Customize);
        builder.Services.AddExceptionHandler<ClientErrorHandler>();
        // Binding failures as exceptions in every environment, so ClientErrorHandler can say what was wrong with the body.
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.AddValidation();
        builder.Services.AddOpenApi(o => o.AddProblemRules());
        // A year, the lower bound browsers' preload lists accept; subdomains are the operator's to decide, not ours.
        builder.Services.AddHsts(o => o.MaxAge = TimeSpan.FromDays(365));
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddOptions<AppOptions>().BindConfiguration("App").ValidateDataAnnotations().ValidateOnStart();
        builder.AddRateLimits();
        // Once started and idle, the start's garbage is collected and its memory handed back (App:ReleaseStartupMemoryAfterSeconds).
        builder.Services.AddHostedService<StartupMemoryRelease>();
        return builder;
    }
}
