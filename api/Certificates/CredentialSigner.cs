using System.Text.Json.Nodes;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace ELearning.Api.Certificates;

/// <summary>What checking a presented credential found: the certificate id and the issuer (iss) it names, or why it is not valid.</summary>
public sealed record CredentialCheck(string? CertificateId, string? Issuer, string? Problem)
{
    public bool Valid => Problem is null;
    public static CredentialCheck Invalid(string problem) => new(null, null, problem);
}

/// <summary>Signs credentials as VC-JWT (RS256) and checks presented ones: signature, then every claim.</summary>
public sealed class CredentialSigner(SigningKeys keys, TimeProvider clock)
{
    static readonly JsonWebTokenHandler Handler = new() { SetDefaultTimesOnTokenCreation = false };

    public async Task<string> SignAsync(JsonObject credential, CancellationToken ct = default) =>
        Handler.CreateToken(credential.ToJsonString(), new SigningCredentials((await keys.CurrentAsync(ct)).Private, SecurityAlgorithms.RsaSha256),
            new Dictionary<string, object> { [JwtHeaderParameterNames.Typ] = "JWT" });

    /// <summary>
    /// The signature (by one of this issuer's keys, current or retired) and the claims. Which issuer id is right is
    /// not decided here but per certificate (<see cref="IssuedUnder"/>): the id may have changed since it was issued.
    /// </summary>
    public async Task<CredentialCheck> CheckAsync(string? token)
    {
        token = token?.Trim();
        if (string.IsNullOrEmpty(token) || token.Length > 20_000) return CredentialCheck.Invalid("Send the credential as a compact VC-JWT.");
        // Base64url has several spellings of the last character of a segment; accept only the canonical one so
        // that any change to the token's bytes, even in padding bits, makes it invalid.
        var parts = token.Split('.');
        if (parts.Length != 3 || parts.Any(p => p.Length == 0 || Base64UrlEncoder.Encode(Decode(p)) != p))
            return CredentialCheck.Invalid("The credential is not a well-formed JWT.");

        // The kid names the key (current or retired) by its thumbprint: /.well-known/jwks/{thumbprint}.
        string? kid;
        try { kid = new JsonWebToken(token).Kid; }
        catch (ArgumentException) { return CredentialCheck.Invalid("The credential is not a well-formed JWT."); }
        if (kid is null || await keys.FindAsync(kid[(kid.LastIndexOf('/') + 1)..]) is not { } key)
            return CredentialCheck.Invalid("The credential's signature or claims do not verify against this issuer's key.");

        var result = await Handler.ValidateTokenAsync(token, new TokenValidationParameters
        {
            IssuerSigningKey = key.VerificationKey,
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
            ValidateIssuer = false,
            ValidateAudience = false,
            RequireExpirationTime = false,
            LifetimeValidator = (notBefore, expires, _, _) =>
                notBefore is { } nbf && nbf <= clock.GetUtcNow().UtcDateTime.AddMinutes(5) && (expires is null || expires > clock.GetUtcNow().UtcDateTime),
        });
        if (!result.IsValid) return CredentialCheck.Invalid("The credential's signature or claims do not verify against this issuer's key.");

        var jwt = (JsonWebToken)result.SecurityToken;
        var payload = JsonNode.Parse(Base64UrlEncoder.Decode(jwt.EncodedPayload)) as JsonObject;
        return payload is null ? CredentialCheck.Invalid("The credential has no payload.") : CheckClaims(payload);
    }

    /// <summary>OB 3.0 §8.2.4.1: the JWT claims must agree with the credential they carry.</summary>
    static CredentialCheck CheckClaims(JsonObject vc)
    {
        string? S(JsonNode? n) => n is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
        var types = (vc["type"] as JsonArray)?.Select(S).ToList() ?? [];
        var contexts = (vc["@context"] as JsonArray)?.Select(S).ToList() ?? [];
        if (!types.Contains("VerifiableCredential") || !types.Contains("OpenBadgeCredential"))
            return CredentialCheck.Invalid("The credential is not an OpenBadgeCredential.");
        if (contexts.FirstOrDefault() != OpenBadgeCredential.CredentialsContext || !contexts.Contains(OpenBadgeCredential.OpenBadgesContext))
            return CredentialCheck.Invalid("The credential's @context is not Verifiable Credentials 2.0 with Open Badges 3.0.");
        if (S(vc["jti"]) is not { } jti || jti != S(vc["id"])) return CredentialCheck.Invalid("The jti claim does not match the credential id.");
        if (S(vc["iss"]) != S(vc["issuer"]?["id"])) return CredentialCheck.Invalid("The iss claim does not match the issuer.");
        if (S(vc["sub"]) != S(vc["credentialSubject"]?["id"])) return CredentialCheck.Invalid("The sub claim does not match the credential subject.");
        if (!DateTimeOffset.TryParse(S(vc["validFrom"]), out var validFrom) || vc["nbf"]?.GetValue<long>() != validFrom.ToUnixTimeSeconds())
            return CredentialCheck.Invalid("The nbf claim does not match validFrom.");
        var certificateId = jti[(jti.LastIndexOf('/') + 1)..];
        return CertificateIds.LookValid(certificateId) ? new(certificateId, S(vc["iss"]), null) : CredentialCheck.Invalid("The credential names no certificate of this issuer.");
    }

    /// <summary>The issuer id (iss) a stored credential was signed under; null when the credential is no longer held (erased).</summary>
    public static string? IssuedUnder(string storedCredential)
    {
        var parts = storedCredential.Split('.');
        if (parts.Length != 3) return null;
        try { return JsonNode.Parse(Base64UrlEncoder.Decode(parts[1]))?["iss"]?.GetValue<string>(); }
        catch (Exception e) when (e is FormatException or System.Text.Json.JsonException or ArgumentException or InvalidOperationException) { return null; }
    }

    static byte[] Decode(string part)
    {
        try { return Base64UrlEncoder.DecodeBytes(part); }
        catch (FormatException) { return []; }
    }
}
