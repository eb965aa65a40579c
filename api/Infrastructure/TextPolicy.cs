using System.Globalization;
using System.Text;

namespace ELearning.Api;

/// <summary>Why a name was refused; <see cref="TextProblem.None"/> when it is fine.</summary>
public enum TextProblem { None, Missing, TooLong, HiddenCharacters }

/// <summary>
/// One input policy for people's names and free text, on every entry point (README "Input policy"). A name prints on
/// certificates and the public verify page, so what is stored must be what a reader sees: Unicode NFC, one space
/// between words, and no character that is invisible or reorders the text around it — control characters (Cc),
/// format characters (Cf: bidirectional embeddings, overrides, isolates and marks, zero-width space, joiners,
/// word joiner, BOM, soft hyphen, tags), line and paragraph separators, and broken UTF-16 (a lone surrogate). A name holding one is
/// refused (the sender is told which field); free text has them removed, keeping line breaks. Pure.
/// </summary>
public static class TextPolicy
{
    /// <summary>Names (delegates, facilitators, LMS learners) on certificates: at most this many characters after normalising.</summary>
    public const int NameMaxLength = 100;

    /// <summary>A name normalised (NFC, trimmed, each run of spaces one space), or why it is refused.</summary>
    public static TextProblem CheckName(string? input, out string name, int maxLength = NameMaxLength)
    {
        name = "";
        if (input is null) return TextProblem.Missing;
        if (!IsWellFormed(input) || input.EnumerateRunes().Any(Hidden)) return TextProblem.HiddenCharacters;
        name = CollapseSpaces(input.Normalize(NormalizationForm.FormC));
        if (name.Length == 0) return TextProblem.Missing;
        return name.Length > maxLength ? TextProblem.TooLong : TextProblem.None;
    }

    /// <summary>
    /// Free text (reflections, descriptions) as stored: NFC, hidden characters and broken UTF-16 removed, line breaks
    /// kept as "\n", tabs as spaces, trimmed. The caller bounds the length of what is left.
    /// </summary>
    public static string CleanFreeText(string? input)
    {
        if (string.IsNullOrEmpty(input)) return "";
        var kept = new StringBuilder(input.Length);
        var text = input.Replace("\r\n", "\n").Replace('\r', '\n').Replace('\t', ' ');
        for (var i = 0; i < text.Length; i++)
        {
            if (Rune.DecodeFromUtf16(text.AsSpan(i), out var rune, out var used) != System.Buffers.OperationStatus.Done) continue; // a lone surrogate
            i += used - 1;
            if (rune.Value == '\n' || !Hidden(rune)) kept.Append(rune.ToString());
        }
        return kept.ToString().Normalize(NormalizationForm.FormC).Trim();
    }

    /// <summary>The message for a refused name, naming what the field is for (e.g. "Your name").</summary>
    public static string Message(TextProblem problem, string what, int maxLength = NameMaxLength) => problem switch
    {
        TextProblem.Missing => $"{what} is missing.",
        TextProblem.TooLong => $"{what} must be {maxLength} characters or fewer.",
        TextProblem.HiddenCharacters => $"{what} contains hidden or control characters (such as a direction override or zero-width space); type it again.",
        _ => "",
    };

    /// <summary>Invisible, or changes how the characters around it read.</summary>
    public static bool Hidden(Rune rune) => Rune.GetUnicodeCategory(rune) is UnicodeCategory.Control or UnicodeCategory.Format
        or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator;

    static bool IsWellFormed(string s)
    {
        for (var i = 0; i < s.Length; i++)
        {
            if (Rune.DecodeFromUtf16(s.AsSpan(i), out _, out var used) != System.Buffers.OperationStatus.Done) return false;
            i += used - 1;
        }
        return true;
    }

    static string CollapseSpaces(string s) => string.Join(' ', s.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
