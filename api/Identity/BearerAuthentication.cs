using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace ELearning.Api.Identity;

/// <summary>
/// One bearer scheme for every kind of caller: a named admin key, a delegate's token or a facilitator's, each
/// looked up by its hash. A delegate's token on an admin route is authenticated but not authorised, hence 403.
/// Tokens are looked up in the database on every request, never cached: a logout or a revocation on any node stops the
/// token on its very next request everywhere (one primary-key read; the last-use write happens at most once a minute).
/// </summary>
public sealed class BearerAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    AdminKey admin,
    LearnerStore learners,
    FacilitatorStore facilitators,
    IOptions<TokenOptions> tokens,
    TimeProvider clock) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Bearer";
    const string ExpiredItem = "ELearning.TokenExpired";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return AuthenticateResult.NoResult();
        var token = header["Bearer ".Length..].Trim();
        if (token.Length is 0 or > 200) return AuthenticateResult.Fail("Malformed bearer token.");

        if (admin.Match(token) is { } keyName)
            return Success(new Claim(ClaimTypes.Role, Roles.Administrator), new Claim(ClaimTypes.Name, keyName), new Claim(IdentityClaims.AdminKeyName, keyName));

        var hash = Tokens.Hash(token);
        var now = clock.GetUtcNow();
        var ct = Context.RequestAborted;
        if (await learners.FindTokenAsync(hash, ct) is { } learnerToken)
        {
            if (SlidingExpiry.HasLapsed(learnerToken.LastUsed, tokens.Value.DelegateLifetime, now)) return Expired();
            if (SlidingExpiry.ShouldRecordUse(learnerToken.LastUsed, tokens.Value.DelegateLifetime, now)) await BookkeepAsync(learners.RecordTokenUseAsync(hash, now, ct));
            // An LMS session's token is bounded to recording progress (README "Threat model"): never a delegate.
            return learnerToken.Scope is null
                ? Success(new Claim(IdentityClaims.LearnerId, learnerToken.OwnerId.ToString()), new Claim(ClaimTypes.Role, Roles.Delegate),
                    new Claim(IdentityClaims.TokenHash, hash))
                : Success(new Claim(IdentityClaims.LearnerId, learnerToken.OwnerId.ToString()), new Claim(ClaimTypes.Role, Roles.LmsSession),
                    new Claim(IdentityClaims.LmsScope, learnerToken.Scope), new Claim(IdentityClaims.TokenHash, hash));
        }

        if (await facilitators.FindActiveTokenAsync(hash, ct) is { } facilitatorToken)
        {
            if (SlidingExpiry.HasLapsed(facilitatorToken.LastUsed, tokens.Value.FacilitatorLifetime, now)) return Expired();
            if (SlidingExpiry.ShouldRecordUse(facilitatorToken.LastUsed, tokens.Value.FacilitatorLifetime, now)) await BookkeepAsync(facilitators.RecordTokenUseAsync(hash, now, ct));
            return Success(new Claim(IdentityClaims.FacilitatorId, facilitatorToken.OwnerId.ToString()), new Claim(ClaimTypes.Role, Roles.Facilitator));
        }
        return AuthenticateResult.Fail("Unknown bearer token.");
    }

    // Recording a use is bookkeeping: a database that cannot take the write (read-only, say) must not refuse a read.
    async Task BookkeepAsync(Task write)
    {
        try { await write; }
        catch (System.Data.Common.DbException e) { Logger.LogWarning(e, "Could not record a token's use"); }
    }

    AuthenticateResult Expired()
    {
        Context.Items[ExpiredItem] = true;
        return AuthenticateResult.Fail("Expired bearer token.");
    }

    AuthenticateResult Success(params Claim[] claims) =>
        AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(claims, Scheme.Name)), Scheme.Name));

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = "Bearer";
        return Context.Items.ContainsKey(ExpiredItem)
            ? Results.Problem(statusCode: 401, title: "Sign-in expired",
                detail: "Your sign-in has expired after a long time unused. Sign in again to get a new token (your progress is kept with your details).").ExecuteAsync(Context)
            : Results.Problem(statusCode: 401, title: "Sign in first",
                detail: "Send your token as 'Authorization: Bearer <token>'. Delegates get one from POST /api/learners.").ExecuteAsync(Context);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        Results.Problem(statusCode: 403, title: "Not allowed", detail: "Your sign-in does not give you this route: it is for another role (delegate, facilitator or administrator). " +
            "A session started by a learning system records progress on its own attempt only; certificates and evidence need signing in as a delegate.").ExecuteAsync(Context);
}
