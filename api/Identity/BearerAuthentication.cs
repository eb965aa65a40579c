using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace ELearning.Api.Identity;

/// <summary>
/// One bearer scheme for every kind of caller: the configured admin key, a delegate's token or a facilitator's, each
/// looked up by its hash. A delegate's token on an admin route is authenticated but not authorised, hence 403.
/// </summary>
public sealed class BearerAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    AdminKey admin,
    LearnerStore learners,
    FacilitatorStore facilitators,
    KnownTokens known) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Bearer";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return AuthenticateResult.NoResult();
        var token = header["Bearer ".Length..].Trim();
        if (token.Length is 0 or > 200) return AuthenticateResult.Fail("Malformed bearer token.");

        if (admin.Matches(token))
            return Success(new Claim(ClaimTypes.Role, Roles.Administrator), new Claim(ClaimTypes.Name, "admin"));

        var hash = Tokens.Hash(token);
        if (known.Find(hash) is { } remembered) return DelegateSuccess(remembered);
        if (await learners.FindTokenAsync(hash, Context.RequestAborted) is { } found)
        {
            // Only delegates' tokens are remembered: an LMS session's scope moves (a SCORM retry), so it is read every time.
            if (found.Scope is null)
            {
                known.Remember(hash, found.LearnerId);
                return DelegateSuccess(found.LearnerId);
            }
            return Success(new Claim(IdentityClaims.LearnerId, found.LearnerId.ToString()), new Claim(ClaimTypes.Role, Roles.LmsSession),
                new Claim(IdentityClaims.LmsScope, found.Scope), new Claim(IdentityClaims.TokenHash, hash));
        }

        // Facilitators are few and their tokens are looked up every time, so a revocation takes effect at once.
        var facilitatorId = await facilitators.FindActiveIdByTokenHashAsync(hash, Context.RequestAborted);
        return facilitatorId is null
            ? AuthenticateResult.Fail("Unknown bearer token.")
            : Success(new Claim(IdentityClaims.FacilitatorId, facilitatorId.Value.ToString()), new Claim(ClaimTypes.Role, Roles.Facilitator));
    }

    AuthenticateResult DelegateSuccess(Guid learnerId) =>
        Success(new Claim(IdentityClaims.LearnerId, learnerId.ToString()), new Claim(ClaimTypes.Role, Roles.Delegate));

    AuthenticateResult Success(params Claim[] claims) =>
        AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(claims, Scheme.Name)), Scheme.Name));

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = "Bearer";
        return Results.Problem(statusCode: 401, title: "Sign in first",
            detail: "Send your token as 'Authorization: Bearer <token>'. Delegates get one from POST /api/learners.").ExecuteAsync(Context);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        Results.Problem(statusCode: 403, title: "Not allowed", detail: "Your sign-in does not give you this route: it is for another role (delegate, facilitator or administrator). " +
            "A session started by a learning system records progress on its own attempt only; certificates and evidence need signing in as a delegate.").ExecuteAsync(Context);
}

/// <summary>
/// A workshop answers in bursts: remembering who a token belongs to spares the database a read per request.
/// Only tokens that were found are remembered (by hash), so a guess costs a lookup every time. Its own cache,
/// bounded by entry count, so no other feature's entries compete with it.
/// </summary>
public sealed class KnownTokens : IDisposable
{
    readonly MemoryCache cache = new(new MemoryCacheOptions { SizeLimit = 100_000 });

    public Guid? Find(string tokenHash) => cache.TryGetValue(tokenHash, out Guid learnerId) ? learnerId : null;

    public void Remember(string tokenHash, Guid learnerId) =>
        cache.Set(tokenHash, learnerId, new MemoryCacheEntryOptions { SlidingExpiration = TimeSpan.FromMinutes(10), Size = 1 });

    public void Dispose() => cache.Dispose();
}
