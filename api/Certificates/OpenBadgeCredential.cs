using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using ELearning.Api.Content;

namespace ELearning.Api.Certificates;

/// <summary>Who issues: the Open Badges issuer Profile. The id is stable (see <see cref="IssuerIdentity"/>); the url is its home page today.</summary>
public sealed record Issuer(string Id, string Name, string? Url = null);

/// <summary>
/// Builds the Open Badges 3.0 OpenBadgeCredential for a certificate, with its VC-JWT claims. Pure: the same
/// certificate, issuer and salt give the same JSON.
/// </summary>
public static class OpenBadgeCredential
{
    public const string CredentialsContext = "https://www.w3.org/ns/credentials/v2";
    public const string OpenBadgesContext = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json";

    /// <summary>The credential's id (and jti): the certificate's public verification page.</summary>
    public static string CredentialId(Uri baseUri, string certificateId) => new Uri(baseUri, $"verify/{certificateId}").ToString();

    /// <summary>The subject's id (and sub): the pseudonymous learner id, never an email address.</summary>
    public static string SubjectId(Guid learnerId) => $"urn:uuid:{learnerId}";

    /// <summary>
    /// OB 3.0 IdentityObject: "sha256$" + hex(SHA-256(identity + salt)). A verifier who is told the
    /// delegate's email (or learner id) can check it; nobody else can read it. The salt is per credential
    /// so one person's credentials cannot be linked by their hash.
    /// </summary>
    public static string IdentityHash(string identity, string salt) =>
        "sha256$" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(identity + salt)));

    public static string NewSalt() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    /// <summary>OB 3.0 Evidence: the workshop the course was completed in, its date and its facilitator.</summary>
    public static JsonObject WorkshopEvidence(CertificateWorkshop workshop) => new()
    {
        ["id"] = $"urn:uuid:{workshop.Id}",
        ["type"] = new JsonArray("Evidence"),
        ["name"] = workshop.Title,
        ["genre"] = "Workshop",
        ["narrative"] = CertificateSheet.WorkshopLine(workshop),
    };

    public static JsonObject Build(Certificate certificate, string? email, CourseDefinition course, Issuer issuer, Uri baseUri, string salt)
    {
        var id = CredentialId(baseUri, certificate.Id);
        var subject = SubjectId(certificate.LearnerId);
        var (identity, identityType) = email is { Length: > 0 } ? (email.Trim().ToLowerInvariant(), "emailAddress") : (subject, "systemId");
        var validFrom = DateTimeOffset.FromUnixTimeSeconds(certificate.IssuedAt.ToUnixTimeSeconds());
        var modules = string.Join("; ", course.Modules.Select(m => $"{m.Title} (pass mark {m.PassMark:P0})"));

        var credential = new JsonObject
        {
            ["@context"] = new JsonArray(CredentialsContext, OpenBadgesContext),
            ["id"] = id,
            ["type"] = new JsonArray("VerifiableCredential", "OpenBadgeCredential"),
            ["issuer"] = new JsonObject { ["id"] = issuer.Id, ["type"] = new JsonArray("Profile"), ["name"] = issuer.Name, ["url"] = issuer.Url ?? issuer.Id },
            ["validFrom"] = validFrom.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'"),
            ["name"] = certificate.CourseTitle,
            ["credentialSubject"] = new JsonObject
            {
                ["id"] = subject,
                ["type"] = new JsonArray("AchievementSubject"),
                ["identifier"] = new JsonArray(new JsonObject
                {
                    ["type"] = "IdentityObject",
                    ["hashed"] = true,
                    ["identityHash"] = IdentityHash(identity, salt),
                    ["identityType"] = identityType,
                    ["salt"] = salt,
                }),
                ["achievement"] = new JsonObject
                {
                    ["id"] = certificate.CourseId,
                    ["type"] = new JsonArray("Achievement"),
                    ["achievementType"] = "CertificateOfCompletion",
                    ["name"] = certificate.CourseTitle,
                    ["description"] = course.Description,
                    ["criteria"] = new JsonObject
                    {
                        ["narrative"] = $"Completed every module of the course and reached its pass mark: {modules}. " +
                                        $"Recognised CPD time: {CpdDuration.Format(certificate.CpdMinutes)}.",
                    },
                    ["inLanguage"] = course.Language,
                },
            },
            // VC-JWT claims (OB 3.0 §8.2.4.1): iss = issuer.id, jti = id, nbf = validFrom, sub = credentialSubject.id.
            ["iss"] = issuer.Id,
            ["jti"] = id,
            ["nbf"] = validFrom.ToUnixTimeSeconds(),
            ["sub"] = subject,
        };
        if (certificate.Workshop is { } workshop) credential["evidence"] = new JsonArray(WorkshopEvidence(workshop));
        return credential;
    }
}
