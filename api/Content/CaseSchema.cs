using NJsonSchema;
using NJsonSchema.Validation;

namespace ELearning.Api.Content;

/// <summary>
/// The JSON Schema pass over the case files (scenarios/schema/case.schema.json, through NJsonSchema). A class of its
/// own so that only a start that validates loads NJsonSchema: <see cref="ContentLoader"/> names no NJsonSchema type,
/// and content remembered by its <see cref="ContentStamp"/> never builds one.
/// </summary>
public sealed class CaseSchema
{
    readonly JsonSchema schema;

    CaseSchema(JsonSchema schema) => this.schema = schema;

    public static CaseSchema Load(string path) => new(JsonSchema.FromJsonAsync(File.ReadAllText(path)).GetAwaiter().GetResult());

    /// <summary>What the schema finds wrong with one case file's text, each naming the file and JSON path; empty when it passes.</summary>
    public IReadOnlyList<ContentError> Check(string name, string text)
    {
        ICollection<ValidationError> errors;
        try { errors = schema.Validate(text); }
        catch (Exception e) when (e is Newtonsoft.Json.JsonException or System.Text.Json.JsonException)
        {
            return [new ContentError(name, "$", "Not valid JSON: " + e.Message)];
        }
        return errors.Count == 0 ? [] : Describe(name, errors).Distinct().ToList();
    }

    /// <summary>
    /// A node matches one of several shapes (oneOf by its type). Report the errors of the shape its type
    /// names, not of every shape it could have been, so the author sees what to fix.
    /// </summary>
    static IEnumerable<ContentError> Describe(string file, IEnumerable<ValidationError> errors) =>
        errors.SelectMany(e =>
        {
            if (e is not ChildSchemaValidationError child || child.Errors.Count == 0)
                return [new ContentError(file, ToJsonPath(e.Path, e.Kind == ValidationErrorKind.PropertyRequired), Describe(e))];
            var branches = child.Errors.Values.ToList();
            var typed = branches.Where(b => !b.Any(x => x.Kind == ValidationErrorKind.NotInEnumeration && x.Property == "type")).ToList();
            if (e.Kind == ValidationErrorKind.NotOneOf && typed.Count == 0 && branches.Count > 1)
                return [new ContentError(file, ToJsonPath(e.Path, false) + ".type", "Unknown node type; use one of " + string.Join(", ", NodeTypes.All) + ".")];
            return Describe(file, (typed.Count == 1 ? typed : branches).SelectMany(b => b));
        });

    /// <summary>NJsonSchema's "#/nodes[2].options[0]" as "$.nodes[2].options[0]"; a missing property is reported on its parent.</summary>
    static string ToJsonPath(string? path, bool parent)
    {
        var json = string.IsNullOrEmpty(path) || path == "#" ? "$" : "$" + path.TrimStart('#').Replace("/", ".").Replace(".[", "[");
        if (!parent || json == "$") return json;
        var cut = json.LastIndexOf('.');
        return cut <= 0 ? "$" : json[..cut];
    }

    static string Describe(ValidationError e) => e.Kind switch
    {
        ValidationErrorKind.PropertyRequired => $"'{e.Property}' is required.",
        ValidationErrorKind.NoAdditionalPropertiesAllowed => $"'{e.Property}' is not a property this object can have.",
        ValidationErrorKind.NotInEnumeration => $"Not one of the allowed values (line {e.LineNumber}).",
        _ => $"{e.Kind} (line {e.LineNumber}).",
    };
}
