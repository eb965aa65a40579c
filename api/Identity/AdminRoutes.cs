namespace ELearning.Api.Identity;

public static class AdminRoutes
{
    /// <summary>
    /// A group of administrators' routes: closed to anonymous callers (401) and to delegates (403), both declared
    /// for the OpenAPI document. Every feature's admin routes start here, so none can forget the policy.
    /// </summary>
    public static RouteGroupBuilder MapAdminGroup(this IEndpointRouteBuilder app, string prefix, string tag = "Admin") =>
        app.MapGroup(prefix).WithTags(tag).RequireAuthorization(Policies.Administrator)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
}
