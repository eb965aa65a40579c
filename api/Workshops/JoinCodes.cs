using System.Security.Cryptography;

namespace ELearning.Api.Workshops;

/// <summary>
/// Join codes: 8 characters from 23 that cannot be mistaken for one another on a projector or read aloud (no 0/O,
/// 1/I/L, 2/Z, 5/S, 8/B, U/V), shown as two groups of four. 23^8 ≈ 7.8 × 10^10 codes and a rate limit on
/// joins make guessing a room's code impractical while it is open.
/// </summary>
public static class JoinCodes
{
    public const string Alphabet = "ACDEFGHJKMNPQRTWXY34679";
    public const int Length = 8;

    public static string New() => new(Enumerable.Range(0, Length).Select(_ => Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)]).ToArray());

    /// <summary>"ACDE-FGHJ", as the room sees it.</summary>
    public static string Display(string code) => $"{code[..4]}-{code[4..]}";

    /// <summary>What a delegate typed, upper-cased without spaces or hyphens; null if it cannot be a code at all.</summary>
    public static string? Normalise(string? typed)
    {
        if (typed is null || typed.Length > 40) return null;
        var code = new string(typed.Where(c => c is not (' ' or '-')).Select(char.ToUpperInvariant).ToArray());
        return code.Length == Length && code.All(Alphabet.Contains) ? code : null;
    }
}
