using Microsoft.AspNetCore.Authentication;

namespace ELearning.Api.Identity;

public static class IdentityExtensions
{
    /// <summary>Delegates, facilitators and administrators: tokens, bearer authentication, policies, the audit log.</summary>
    public static WebApplicationBuilder AddIdentity(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<AdminOptions>().BindConfiguration("Admin").ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<AdminKey>();
        builder.Services.AddSingleton<LearnerStore>();
        builder.Services.AddOptions<TokenOptions>().BindConfiguration("Tokens").ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<LearnerErasure>();
        builder.Services.AddOptions<PrivacyOptions>().BindConfiguration("Privacy").ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<RetentionPurge>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<RetentionPurge>());
        builder.Services.AddSingleton<FacilitatorStore>();
        builder.Services.AddSingleton<AuditLog>();
        builder.Services.AddAuthentication(BearerAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, BearerAuthenticationHandler>(BearerAuthenticationHandler.SchemeName, null);
        // Bearer tokens only: no cookie or antiforgery token, nothing data protection's keys would protect. AddAuthentication
        // registers it all the same, and its hosted service makes and stores a key ring (~/.aspnet/DataProtection-Keys)
        // at every start: key material nobody uses, written by every node, and ~20 ms of each start. A component that
        // ever asks for a protector still gets one (the ring is then made on first use).
        foreach (var keyRingAtStart in builder.Services.Where(d => d.ServiceType == typeof(IHostedService)
                     && d.ImplementationType?.FullName == "Microsoft.AspNetCore.DataProtection.Internal.DataProtectionHostedService").ToList())
            builder.Services.Remove(keyRingAtStart);
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(Policies.Delegate, p => p.RequireClaim(IdentityClaims.LearnerId).RequireRole(Roles.Delegate))
            .AddPolicy(Policies.Learner, p => p.RequireClaim(IdentityClaims.LearnerId).RequireRole(Roles.Delegate, Roles.LmsSession))
            .AddPolicy(Policies.Facilitator, p => p.RequireRole(Roles.Facilitator, Roles.Administrator))
            .AddPolicy(Policies.Administrator, p => p.RequireRole(Roles.Administrator));
        // The OpenAPI document says who may call each route, from the same policies.
        builder.Services.AddOpenApiSecurity();
        return builder;
    }

    public static IEndpointRouteBuilder MapIdentity(this IEndpointRouteBuilder app) => app.MapLearners().MapFacilitators().MapAudit().MapPrivacy();
}
