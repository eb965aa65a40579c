using ELearning.Api.Security;
using Microsoft.AspNetCore.Authentication;

namespace ELearning.Api.Assessment;

public static class AssessmentExtensions
{
    public static WebApplicationBuilder AddAssessment(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<LearnerStore>();
        builder.Services.AddMemoryCache(o => o.SizeLimit = 100_000);
        builder.Services.AddSingleton<AttemptStore>();
        builder.Services.AddOptions<AdminOptions>().BindConfiguration("Admin");
        builder.Services.AddAuthentication(Policies.Scheme)
            .AddScheme<AuthenticationSchemeOptions, BearerAuthenticationHandler>(Policies.Scheme, null);
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(Policies.Learner, p => p.RequireClaim(Policies.LearnerIdClaim))
            .AddPolicy(Policies.Admin, p => p.RequireRole(Policies.Admin));
        return builder;
    }

    public static IEndpointRouteBuilder MapAssessment(this IEndpointRouteBuilder app) => app.MapLearners().MapAttempts();
}
