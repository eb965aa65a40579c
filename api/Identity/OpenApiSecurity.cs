using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;

namespace ELearning.Api.Identity;

/// <summary>The bearer credentials the OpenAPI document declares: one Authorization header, three kinds of caller.</summary>
public static class SecuritySchemes
{
    public const string DelegateToken = "delegateToken";
    public const string FacilitatorToken = "facilitatorToken";
    public const string AdminKey = "adminKey";
    public const string LmsSessionToken = "lmsSessionToken";

    public static readonly IReadOnlyDictionary<string, string> Descriptions = new Dictionary<string, string>
    {
        [DelegateToken] = "A delegate's token: from POST /api/learners or POST /api/workshops/join.",
        [LmsSessionToken] = "An LMS session's token, from a SCORM, cmi5 or Tin Can launch: it reaches only its own attempt(s) (README \"Threat model\").",
        [FacilitatorToken] = "A facilitator's token, made by an administrator with POST /api/admin/facilitators.",
        [AdminKey] = "The administrators' key (Admin:ApiKey).",
    };
}

/// <summary>Which credentials satisfy each authorization policy: each entry is a list of alternatives.</summary>
public sealed class PolicySecurityOptions
{
    public Dictionary<string, string[]> Policies { get; } = new(StringComparer.Ordinal);
}

public static class OpenApiSecurityExtensions
{
    /// <summary>
    /// Declares which of <see cref="SecuritySchemes"/> satisfy <paramref name="policy"/> (any one of them). Every
    /// policy a route requires must be declared: the OpenAPI document refuses to build otherwise.
    /// </summary>
    public static IServiceCollection AddPolicySecurity(this IServiceCollection services, string policy, params string[] anyOf) =>
        services.Configure<PolicySecurityOptions>(o => o.Policies[policy] = anyOf);

    public static IServiceCollection AddOpenApiSecurity(this IServiceCollection services)
    {
        services.AddPolicySecurity(Policies.Delegate, SecuritySchemes.DelegateToken);
        services.AddPolicySecurity(Policies.Learner, SecuritySchemes.DelegateToken, SecuritySchemes.LmsSessionToken);
        services.AddPolicySecurity(Policies.Facilitator, SecuritySchemes.FacilitatorToken, SecuritySchemes.AdminKey);
        services.AddPolicySecurity(Policies.Administrator, SecuritySchemes.AdminKey);
        return services.ConfigureAll<OpenApiOptions>(o =>
        {
            o.AddDocumentTransformer((document, _, _) =>
            {
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                foreach (var (name, description) in SecuritySchemes.Descriptions)
                    document.Components.SecuritySchemes[name] = new OpenApiSecurityScheme { Type = SecuritySchemeType.Http, Scheme = "bearer", Description = description };
                return Task.CompletedTask;
            });
            o.AddOperationTransformer<OperationSecurityTransformer>();
        });
    }
}

/// <summary>
/// Each operation's security, read from its endpoint's authorization metadata: none (an empty list) for a public route,
/// otherwise the schemes that satisfy every policy it requires, and its 401 and 403 problems.
/// </summary>
public sealed class OperationSecurityTransformer(IOptions<PolicySecurityOptions> options) : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var route = $"{context.Description.HttpMethod} /{context.Description.RelativePath}";
        var schemes = SchemesFor(metadata, options.Value, route);
        operation.Security = schemes.Select(s => new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(s, context.Document)] = [] }).ToList();
        if (schemes.Count > 0)
        {
            operation.Responses ??= new OpenApiResponses();
            operation.Responses.TryAdd("401", new OpenApiResponse { Description = "No token, or one that is not valid." });
            operation.Responses.TryAdd("403", new OpenApiResponse { Description = "A valid token of a caller this route is not for." });
        }
        return Task.CompletedTask;
    }

    /// <summary>The schemes any one of which lets a caller through; empty when the route is public.</summary>
    public static IReadOnlyList<string> SchemesFor(IEnumerable<object> metadata, PolicySecurityOptions options, string route)
    {
        var items = metadata.ToList();
        // The last word wins, as in authorization: AllowAnonymous on a group or route opens it.
        if (items.OfType<IAllowAnonymous>().Any()) return [];
        var required = items.OfType<IAuthorizeData>().ToList();
        if (required.Count == 0) return [];
        IEnumerable<string>? allowed = null;
        foreach (var data in required)
        {
            if (data.Policy is not { } policy || !options.Policies.TryGetValue(policy, out var anyOf))
                throw new InvalidOperationException($"{route} requires authorization '{data.Policy ?? data.Roles ?? "(default)"}' that declares no OpenAPI security: add it with AddPolicySecurity.");
            allowed = allowed is null ? anyOf : allowed.Intersect(anyOf);
        }
        var result = allowed!.Distinct().ToList();
        return result.Count > 0 ? result : throw new InvalidOperationException($"{route}: no caller satisfies all of its policies.");
    }
}
