using System.Security.Claims;
using System.Text.Encodings.Web;
using ELearning.Api.Assessment;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace ELearning.Api.Security;

public static class Policies
{
    public const string Learner = "learner";
    public const string Admin = "admin";
    public const string Scheme = "Bearer";
    public const string LearnerIdClaim = "learner_id";
}

public sealed class AdminOptions
{
    /// <summary>Admin:ApiKey. Without it, admin routes answer 401 to everyone.</summary>
    public string? ApiKey { get; set; }
}

/// <summary>
/// One bearer scheme for both kinds of caller: the configured admin key, or a delegate's token looked up
/// by its hash. A delegate's token on an admin route is authenticated but not authorised, hence 403.
/// </summary>
public sealed class BearerAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IOptionsMonitor<AdminOptions> admin,
    LearnerStore learners,
    IMemoryCache known) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return AuthenticateResult.NoResult();
        var token = header["Bearer ".Length..].Trim();
        if (token.Length is 0 or > 200) return AuthenticateResult.Fail("Malformed bearer token.");

        if (admin.CurrentValue.ApiKey is { Length: > 0 } key && Tokens.SecretEquals(token, key))
            return Success(new Claim(ClaimTypes.Role, Policies.Admin), new Claim(ClaimTypes.Name, "admin"));

        // A workshop answers in bursts: remembering who a token belongs to spares the database a read per request.
        // Only tokens that were found are remembered (by hash), so a guess costs a lookup every time.
        var hash = Tokens.Hash(token);
        if (!known.TryGetValue(hash, out Guid? learnerId))
        {
            learnerId = await learners.FindIdByTokenHashAsync(hash, Context.RequestAborted);
            if (learnerId is not null)
                known.Set(hash, learnerId, new MemoryCacheEntryOptions { SlidingExpiration = TimeSpan.FromMinutes(10), Size = 1 });
        }
        return learnerId is null
            ? AuthenticateResult.Fail("Unknown bearer token.")
            : Success(new Claim(Policies.LearnerIdClaim, learnerId.Value.ToString()), new Claim(ClaimTypes.Role, Policies.Learner));
    }

    AuthenticateResult Success(params Claim[] claims) =>
        AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(claims, Scheme.Name)), Scheme.Name));

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = "Bearer";
        return Results.Problem(statusCode: 401, title: "Sign in first",
            detail: "Send your token as 'Authorization: Bearer <token>'. Delegates get one from POST /api/learners.").ExecuteAsync(Context);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        Results.Problem(statusCode: 403, title: "Not allowed", detail: "This route is for administrators.").ExecuteAsync(Context);
}

public static class CurrentLearner
{
    public static Guid LearnerId(this ClaimsPrincipal user) => Guid.Parse(user.FindFirstValue(Policies.LearnerIdClaim)!);
}
