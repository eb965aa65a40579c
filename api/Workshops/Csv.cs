namespace ELearning.Api.Workshops;

/// <summary>
/// CSV for spreadsheets (RFC 4180, every field quoted). A field a spreadsheet would run as a formula (starting with
/// = + - @, a tab or a carriage return, OWASP's list) gets a leading apostrophe, so a delegate named "=HYPERLINK(…)"
/// is shown as text, not followed.
/// </summary>
public static class Csv
{
    public static string Field(string? value)
    {
        value ??= "";
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r') value = "'" + value;
        return "\"" + value.Replace("\"", "\"\"") + "\"";
    }

    public static string Row(IEnumerable<string?> fields) => string.Join(',', fields.Select(Field)) + "\r\n";
}
