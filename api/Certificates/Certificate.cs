using System.Security.Cryptography;

namespace ELearning.Api.Certificates;

/// <summary>A module as it stood when the certificate was issued: its best passed attempt.</summary>
public sealed record CertificateModule(string ModuleId, string Title, double Scaled, DateTimeOffset CompletedAt);

/// <summary>The workshop a certificate was earned in, as it stood at issue: its title, its date and who facilitated it.</summary>
public sealed record CertificateWorkshop(Guid Id, string Title, DateTimeOffset Date, string Facilitator);

/// <summary>An issued certificate: a snapshot of the delegate, the course and the results at issue (and the workshop, if earned in one).</summary>
public sealed record Certificate(
    string Id,
    Guid LearnerId,
    string CourseId,
    string CourseTitle,
    string LearnerName,
    string? RegistrationNumber,
    string? Profession,
    IReadOnlyList<CertificateModule> Modules,
    int CpdMinutes,
    DateTimeOffset IssuedAt,
    string Credential,
    DateTimeOffset? RevokedAt,
    string? RevokedReason,
    DateTimeOffset? WithdrawnAt = null,
    CertificateWorkshop? Workshop = null)
{
    public bool IsRevoked => RevokedAt is not null;
    /// <summary>The delegate was erased: the certificate is withdrawn and holds no personal details any more.</summary>
    public bool IsWithdrawn => WithdrawnAt is not null;
}

public static class CertificateIds
{
    /// <summary>
    /// 144 random bits as 24 URL-safe characters: far beyond guessing, and a whole number of base64 groups,
    /// so every id has exactly one spelling.
    /// </summary>
    public static string New() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(18)).Replace('+', '-').Replace('/', '_');

    /// <summary>Rejects anything that could not be an id before it reaches the database.</summary>
    public static bool LookValid(string id) => id.Length == 24 && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}

/// <summary>How CPD time is written on certificates and records: "1 hour 30 minutes".</summary>
public static class CpdDuration
{
    public static string Format(int minutes)
    {
        var (hours, rest) = (minutes / 60, minutes % 60);
        var h = hours == 1 ? "1 hour" : $"{hours} hours";
        var m = rest == 1 ? "1 minute" : $"{rest} minutes";
        return hours == 0 ? m : rest == 0 ? h : $"{h} {m}";
    }
}
