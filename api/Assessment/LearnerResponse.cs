using System.Text.Json;
using System.Text.Json.Serialization;
using ELearning.Api.Content;

namespace ELearning.Api.Assessment;

/// <summary>
/// A delegate's answer to one node, normalised: choices sorted and de-duplicated, text trimmed. Its JSON is
/// what is stored and compared, so a retry with the same answer in another order is the same answer.
/// </summary>
public sealed record LearnerResponse
{
    [JsonPropertyName("choices")] public IReadOnlyList<string>? Choices { get; init; }
    [JsonPropertyName("selected")] public IReadOnlyList<string>? Selected { get; init; }
    [JsonPropertyName("value")] public bool? Value { get; init; }
    [JsonPropertyName("text")] public string? Text { get; init; }
    [JsonPropertyName("acknowledged")] public bool? Acknowledged { get; init; }

    public const int MaxReflectionLength = 5000;

    static readonly JsonSerializerOptions Canonical = new() { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    public string ToCanonicalJson() => JsonSerializer.Serialize(this, Canonical);

    public static LearnerResponse FromCanonicalJson(string json) => JsonSerializer.Deserialize<LearnerResponse>(json, Canonical)!;

    /// <summary>
    /// Reads the <c>response</c> member of an answer for the given node type, or says, field by field,
    /// what is wrong with it. Shapes: {choices:[…]} for single-choice and multiple-response,
    /// {selected:[…]} for select-text, {value:true|false} for true-false, {text:"…"} for reflection,
    /// {} or {acknowledged:true} for consequence and ending nodes.
    /// </summary>
    public static (LearnerResponse? Response, Dictionary<string, string[]> Errors) Parse(JsonElement? element, CaseNode node)
    {
        var errors = new Dictionary<string, string[]>();
        if (element is not { ValueKind: JsonValueKind.Object } json)
        {
            errors["response"] = [ExpectedShape(node.Type)];
            return (null, errors);
        }

        var allowed = node.Type switch
        {
            NodeTypes.SingleChoice or NodeTypes.MultipleResponse => "choices",
            NodeTypes.SelectText => "selected",
            NodeTypes.TrueFalse => "value",
            NodeTypes.Reflection => "text",
            _ => "acknowledged",
        };
        foreach (var property in json.EnumerateObject().Where(p => p.Name != allowed))
            errors[$"response.{property.Name}"] = [$"Not part of an answer to a {node.Type} node. {ExpectedShape(node.Type)}"];

        LearnerResponse? response = null;
        switch (node.Type)
        {
            case NodeTypes.SingleChoice:
                if (ReadIds(json, "choices", node.Choices.Select(c => c.Id), errors) is { } single)
                {
                    if (single.Count != 1) errors["response.choices"] = ["Choose exactly one option."];
                    else response = new() { Choices = single };
                }
                break;
            case NodeTypes.MultipleResponse:
                if (ReadIds(json, "choices", node.Items.Select(c => c.Id), errors) is { } many)
                    response = new() { Choices = many };
                break;
            case NodeTypes.SelectText:
                if (ReadIds(json, "selected", node.MarkableItems.Select(c => c.Id), errors) is { } selected)
                    response = new() { Selected = selected };
                break;
            case NodeTypes.TrueFalse:
                if (json.TryGetProperty("value", out var value) && value.ValueKind is JsonValueKind.True or JsonValueKind.False)
                    response = new() { Value = value.GetBoolean() };
                else errors["response.value"] = ["Answer true or false."];
                break;
            case NodeTypes.Reflection:
                var text = json.TryGetProperty("text", out var t) && t.ValueKind == JsonValueKind.String ? TextPolicy.CleanFreeText(t.GetString()) : null;
                if (string.IsNullOrEmpty(text)) errors["response.text"] = ["Write your reflection before you continue."];
                else if (text.Length > MaxReflectionLength) errors["response.text"] = [$"Keep your reflection to {MaxReflectionLength} characters or fewer."];
                else response = new() { Text = text };
                break;
            default:
                if (json.TryGetProperty("acknowledged", out var ack) && ack.ValueKind != JsonValueKind.True)
                    errors["response.acknowledged"] = ["Send {} or {\"acknowledged\": true} to continue."];
                else response = new() { Acknowledged = true };
                break;
        }
        return errors.Count == 0 ? (response, errors) : (null, errors);
    }

    static List<string>? ReadIds(JsonElement json, string name, IEnumerable<string> valid, Dictionary<string, string[]> errors)
    {
        var key = "response." + name;
        if (!json.TryGetProperty(name, out var array) || array.ValueKind != JsonValueKind.Array)
        {
            errors[key] = [$"'{name}' must be an array of option ids."];
            return null;
        }
        var validIds = valid.ToHashSet();
        if (array.GetArrayLength() > validIds.Count)
        {
            errors[key] = [$"There are only {validIds.Count} options."];
            return null;
        }
        var ids = new List<string>();
        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String || !validIds.Contains(item.GetString()!))
            {
                errors[key] = ["Unknown option id: " + Truncate(item.ToString()) + ". Valid ids: " + string.Join(", ", validIds) + "."];
                return null;
            }
            ids.Add(item.GetString()!);
        }
        if (ids.Distinct().Count() != ids.Count)
        {
            errors[key] = ["Each option may be chosen once."];
            return null;
        }
        ids.Sort(StringComparer.Ordinal);
        return ids;
    }

    static string Truncate(string s) => s.Length <= 60 ? $"'{s}'" : $"'{s[..60]}…'";

    static string ExpectedShape(string nodeType) => nodeType switch
    {
        NodeTypes.SingleChoice => "Expected {\"choices\": [\"<one option id>\"]}.",
        NodeTypes.MultipleResponse => "Expected {\"choices\": [\"<option id>\", …]}.",
        NodeTypes.SelectText => "Expected {\"selected\": [\"<phrase id>\", …]}.",
        NodeTypes.TrueFalse => "Expected {\"value\": true} or {\"value\": false}.",
        NodeTypes.Reflection => "Expected {\"text\": \"<your reflection>\"}.",
        _ => "Expected {} or {\"acknowledged\": true}.",
    };
}
