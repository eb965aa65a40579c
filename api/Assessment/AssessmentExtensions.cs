namespace ELearning.Api.Assessment;

public static class AssessmentExtensions
{
    /// <summary>Attempts, answers and scoring. Who reacts to its events is wired in Program.cs.</summary>
    public static WebApplicationBuilder AddAssessment(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<AttemptStore>();
        builder.Services.AddSingleton<AttemptEvents>();
        return builder;
    }

    public static IEndpointRouteBuilder MapAssessment(this IEndpointRouteBuilder app) => app.MapProgress().MapAttempts();

    /// <summary>A feature that reacts, in the attempt's transaction, to attempts beginning, answers and completions.</summary>
    public static IServiceCollection AddAttemptEventHandler<THandler>(this IServiceCollection services) where THandler : class, IAttemptEventHandler =>
        services.AddSingleton<IAttemptEventHandler>(sp => sp.GetRequiredService<THandler>());

    /// <summary>A feature that reacts to an answer once it has committed.</summary>
    public static IServiceCollection AddAnswerCommittedHandler<THandler>(this IServiceCollection services) where THandler : class, IAnswerCommittedHandler =>
        services.AddSingleton<IAnswerCommittedHandler>(sp => sp.GetRequiredService<THandler>());

    /// <summary>A feature that reacts to a module's completion once it has committed.</summary>
    public static IServiceCollection AddModuleCompletedHandler<THandler>(this IServiceCollection services) where THandler : class, IModuleCompletedHandler =>
        services.AddSingleton<IModuleCompletedHandler>(sp => sp.GetRequiredService<THandler>());
}
