using Microsoft.AspNetCore.Authentication;

namespace ELearning.Api.Identity;

public static class IdentityExtensions
{
    /// <summary>Delegates, facilitators and administrators: tokens, bearer authentication, policies.</summary>
    public static WebApplicationBuilder AddIdentity(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<AdminOptions>().BindConfiguration("Admin").ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<AdminKey>();
        builder.Services.AddSingleton<LearnerStore>();
        builder.Services.AddSingleton<KnownTokens>();
        builder.Services.AddSingleton<FacilitatorStore>();
        builder.Services.AddAuthentication(BearerAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, BearerAuthenticationHandler>(BearerAuthenticationHandler.SchemeName, null);
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(Policies.Delegate, p => p.RequireClaim(IdentityClaims.LearnerId).RequireRole(Roles.Delegate))
            .AddPolicy(Policies.Learner, p => p.RequireClaim(IdentityClaims.LearnerId).RequireRole(Roles.Delegate, Roles.LmsSession))
            .AddPolicy(Policies.Facilitator, p => p.RequireRole(Roles.Facilitator, Roles.Administrator))
            .AddPolicy(Policies.Administrator, p => p.RequireRole(Roles.Administrator));
        return builder;
    }

    public static IEndpointRouteBuilder MapIdentity(this IEndpointRouteBuilder app) => app.MapLearners().MapFacilitators();
}
