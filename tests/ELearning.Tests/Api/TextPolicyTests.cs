using System.Text;
using ELearning.Api;

namespace ELearning.Tests.Api;

/// <summary>The one input policy for names and free text (README "Input policy"): pure, so every rule is pinned here.</summary>
public sealed class TextPolicyTests
{
    [Theory]
    [InlineData("Asha Patel", "Asha Patel")]
    [InlineData("  Asha   Patel  ", "Asha Patel")]
    [InlineData("Asha\u00A0Patel", "Asha Patel")] // a no-break space is a space
    [InlineData("Zoe\u0308 Dupont", "Zo\u00EB Dupont")] // NFC: e + combining diaeresis is one ë
    [InlineData("Siobhán Ó Dónaill", "Siobhán Ó Dónaill")]
    [InlineData("محمد علي", "محمد علي")] // right-to-left script is fine; only overrides are not
    [InlineData("李小龍", "李小龍")]
    [InlineData("Ana 😀", "Ana 😀")] // a supplementary-plane character is one rune, not two broken halves
    public void A_name_is_kept_in_nfc_with_one_space_between_words(string input, string expected)
    {
        Assert.Equal(TextProblem.None, TextPolicy.CheckName(input, out var name));
        Assert.Equal(expected, name);
        Assert.True(name.IsNormalized(NormalizationForm.FormC));
    }

    [Theory]
    [InlineData("Asha\u0000Patel")] // NUL
    [InlineData("Asha\u0007Patel")] // bell
    [InlineData("Asha\nPatel")]
    [InlineData("Asha\tPatel")]
    [InlineData("Asha\u007FPatel")] // DEL
    [InlineData("Asha\u0085Patel")] // C1 next line
    [InlineData("Asha \u202EletaP")] // right-to-left override
    [InlineData("Asha \u202DPatel")] // left-to-right override
    [InlineData("Asha \u202APatel")] // embedding
    [InlineData("Asha \u202CPatel")] // pop directional formatting
    [InlineData("Asha \u2066Patel\u2069")] // isolate
    [InlineData("Asha \u2067Patel")]
    [InlineData("Asha \u2068Patel")]
    [InlineData("Asha\u200EPatel")] // LRM
    [InlineData("Asha\u200FPatel")] // RLM
    [InlineData("Asha\u061CPatel")] // Arabic letter mark
    [InlineData("Asha\u200BPatel")] // zero-width space
    [InlineData("Asha\u200CPatel")] // zero-width non-joiner
    [InlineData("Asha\u200DPatel")] // zero-width joiner
    [InlineData("Asha\u2060Patel")] // word joiner
    [InlineData("\uFEFFAsha Patel")] // BOM
    [InlineData("Asha\u00ADPatel")] // soft hyphen
    [InlineData("Asha\u2028Patel")] // line separator
    [InlineData("Asha\u2029Patel")] // paragraph separator
    [InlineData("Asha\U000E0041Patel")] // a tag character (outside the BMP)
    public void A_name_with_a_hidden_or_control_character_is_refused(string input)
    {
        Assert.Equal(TextProblem.HiddenCharacters, TextPolicy.CheckName(input, out var name));
        Assert.Equal("", name);
    }

    [Fact]
    public void Broken_utf16_is_refused_in_a_name_and_removed_from_free_text()
    {
        // Built here, not in InlineData: xUnit's serialisation of theory data would replace a lone surrogate with U+FFFD.
        var high = "Asha" + (char)0xD800 + "Patel";
        var low = "Asha Patel" + (char)0xDC00;
        var reversed = "Asha" + (char)0xDC00 + (char)0xD800 + "Patel";
        foreach (var input in new[] { high, low, reversed })
            Assert.Equal(TextProblem.HiddenCharacters, TextPolicy.CheckName(input, out _));
        Assert.Equal("broken half", TextPolicy.CleanFreeText("broken " + (char)0xD800 + "half"));
        Assert.Equal("end", TextPolicy.CleanFreeText("end" + (char)0xDBFF));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\u00A0\u3000")]
    public void A_blank_name_is_missing(string? input) => Assert.Equal(TextProblem.Missing, TextPolicy.CheckName(input, out _));

    [Fact]
    public void A_name_is_bounded_after_normalising()
    {
        Assert.Equal(TextProblem.None, TextPolicy.CheckName(new string('a', 100), out _));
        Assert.Equal(TextProblem.TooLong, TextPolicy.CheckName(new string('a', 101), out _));
        Assert.Equal(TextProblem.None, TextPolicy.CheckName(new string('a', 50) + "     " + new string('a', 49), out _)); // 100 once the spaces are one
        Assert.Equal(TextProblem.None, TextPolicy.CheckName(string.Concat(Enumerable.Repeat("e\u0301", 100)), out var composed)); // 200 chars in, 100 in NFC
        Assert.Equal(100, composed.Length);
        Assert.Equal(TextProblem.TooLong, TextPolicy.CheckName("abcd", out _, maxLength: 3));
        Assert.Equal(TextProblem.None, TextPolicy.CheckName("abc", out _, maxLength: 3));
    }

    [Theory]
    [InlineData("I would\u202E check first", "I would check first")]
    [InlineData("zero\u200Bwidth", "zerowidth")]
    [InlineData("bell\u0007 and nul\u0000", "bell and nul")]
    [InlineData("line one\r\nline two\rline three\nline four", "line one\nline two\nline three\nline four")]
    [InlineData("a\tb", "a b")]
    [InlineData("  padded  ", "padded")]
    [InlineData("tag\U000E0041s", "tags")]
    [InlineData("Zoe\u0308", "Zo\u00EB")]
    [InlineData("emoji 😀 kept", "emoji 😀 kept")]
    [InlineData("", "")]
    [InlineData(null, "")]
    [InlineData("\u200B\u200B", "")]
    public void Free_text_has_hidden_characters_removed_and_line_breaks_kept(string? input, string expected) =>
        Assert.Equal(expected, TextPolicy.CleanFreeText(input));

    [Fact]
    public void Each_refusal_says_what_is_wrong_with_which_field()
    {
        Assert.Equal("Your name is missing.", TextPolicy.Message(TextProblem.Missing, "Your name"));
        Assert.Equal("Your name must be 100 characters or fewer.", TextPolicy.Message(TextProblem.TooLong, "Your name"));
        Assert.Equal("Your profession must be 80 characters or fewer.", TextPolicy.Message(TextProblem.TooLong, "Your profession", 80));
        Assert.StartsWith("Your name contains hidden or control characters", TextPolicy.Message(TextProblem.HiddenCharacters, "Your name"));
        Assert.Equal("", TextPolicy.Message(TextProblem.None, "Your name"));
    }

    [Theory]
    [InlineData(0x41, false)]
    [InlineData(0x20, false)]
    [InlineData(0x0627, false)] // Arabic alef
    [InlineData(0x1F600, false)]
    [InlineData(0x1F, true)]
    [InlineData(0x9F, true)]
    [InlineData(0x202E, true)]
    [InlineData(0x2028, true)]
    [InlineData(0x2029, true)]
    [InlineData(0xE0001, true)]
    public void Hidden_means_control_format_or_separator(int codePoint, bool hidden) => Assert.Equal(hidden, TextPolicy.Hidden(new Rune(codePoint)));
}
