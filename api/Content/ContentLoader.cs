using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ELearning.Api.Content;

/// <summary>
/// Reads course/course.json, scenarios/guidance/clauses.json and every scenarios/&lt;module&gt;/&lt;case&gt;.json,
/// checks them all, and either returns the catalog or throws with every problem found (not just the first),
/// each naming its file and JSON path.
/// </summary>
public static class ContentLoader
{
    public static readonly string[] ModuleIds = ["confidentiality", "boundaries", "promotion-accuracy", "discrimination"];

    /// <param name="root">The folder holding course/ and scenarios/.</param>
    /// <param name="stamp">Where a successful validation is remembered (see <see cref="ContentStamp"/>); null validates in full every time.</param>
    public static Catalog Load(string root, ContentStamp? stamp = null)
    {
        var hash = stamp is null ? null : ContentStamp.Hash(root);
        var validated = hash is not null && stamp!.Matches(hash);
        var errors = new List<ContentError>();
        var coursePath = Path.Combine(root, "course", "course.json");
        var scenariosRoot = Path.Combine(root, "scenarios");

        var course = ReadJson(coursePath, StrictContentJson.Default.CourseDefinition, errors);
        var clauses = ReadClauses(Path.Combine(scenariosRoot, "guidance", "clauses.json"), errors);
        if (course is null || clauses is null) throw new InvalidContentException(errors);
        CheckCourse(course, clauses, Relative(coursePath), errors);
        foreach (var path in DeclaredTimes(coursePath))
            errors.Add(new ContentError(Relative(coursePath), path,
                "Times are worked out from the cases' estimatedMinutes (a module's is the sum of its cases', the CPD minutes the sum of the modules'); remove this figure."));

        // The same bytes passed the schema with this build before: the rules below still run (they are quick), the schema does not.
        var schema = validated ? null : CaseSchema.Load(Path.Combine(scenariosRoot, "schema", "case.schema.json"));
        var clauseIds = clauses.Keys.ToHashSet();
        var cases = new List<Case>();
        var caseFiles = new Dictionary<string, int>();
        foreach (var moduleId in ModuleIds)
        {
            var folder = Path.Combine(scenariosRoot, moduleId);
            var files = Directory.Exists(folder) ? Directory.GetFiles(folder, "*.json").Order(StringComparer.Ordinal).ToArray() : [];
            caseFiles[moduleId] = files.Length;
            foreach (var file in files)
                if (ReadCase(file, moduleId, schema, clauseIds, errors) is { } @case)
                    cases.Add(@case);
        }
        foreach (var stray in StrayCaseFiles(scenariosRoot))
            errors.Add(new ContentError(Relative(stray), "$", "Case files belong in a folder named after their module: " + string.Join(", ", ModuleIds) + "."));

        foreach (var duplicate in cases.GroupBy(c => c.Id).Where(g => g.Count() > 1))
            foreach (var @case in duplicate.Skip(1))
                errors.Add(new ContentError(@case.SourceFile, "$.id", $"Case id '{duplicate.Key}' is also used by {duplicate.First().SourceFile}."));

        var modules = course.Modules.Select(m => new ModuleContent(m,
            [.. cases.Where(c => c.Module == m.Id).OrderBy(c => c.Order).ThenBy(c => c.Id, StringComparer.Ordinal)])).ToImmutableArray();
        foreach (var (module, i) in modules.Select((m, i) => (m, i)))
            // A module whose case files were all rejected is reported by those files' own errors.
            if (module.Cases.IsEmpty && caseFiles.GetValueOrDefault(module.Id) == 0)
                errors.Add(new ContentError(Relative(coursePath), $"$.modules[{i}]", $"Module '{module.Id}' has no cases in scenarios/{module.Id}/."));

        if (errors.Count > 0) throw new InvalidContentException(errors);
        if (hash is not null && !validated) stamp!.Record(hash);
        return new Catalog(course, modules, clauses);
    }

    static Case? ReadCase(string file, string moduleId, CaseSchema? schema, IReadOnlySet<string> clauseIds, List<ContentError> errors)
    {
        var name = Relative(file);
        var text = File.ReadAllText(file);
        if (schema?.Check(name, text) is { Count: > 0 } schemaErrors)
        {
            errors.AddRange(schemaErrors);
            return null;
        }

        var @case = JsonSerializer.Deserialize(text, CaseFileJson.Default.CaseFile)!.ToCase(name);
        var fileId = Path.GetFileNameWithoutExtension(file);
        if (@case.Id != fileId)
            errors.Add(new ContentError(name, "$.id", $"The case id '{@case.Id}' must match its file name '{fileId}'."));
        if (@case.Module != moduleId)
            errors.Add(new ContentError(name, "$.module", $"The case says module '{@case.Module}' but sits in scenarios/{moduleId}/."));

        var ruleErrors = CaseRules.Check(@case, clauseIds);
        errors.AddRange(ruleErrors);
        return ruleErrors.Count == 0 ? @case with { MaxScore = CaseRules.BestPathScore(@case) } : null;
    }

    /// <summary>
    /// Module times and CPD minutes are worked out from the cases (<see cref="Catalog"/>). A figure still
    /// written in course.json would be ignored and go stale as cases are added, so it is an error.
    /// </summary>
    static IEnumerable<string> DeclaredTimes(string coursePath)
    {
        var course = JsonNode.Parse(File.ReadAllText(coursePath))!.AsObject();
        if (course.ContainsKey("cpdMinutes")) yield return "$.cpdMinutes";
        if (course["modules"] is JsonArray modules)
            for (var i = 0; i < modules.Count; i++)
                if (modules[i] is JsonObject module && module.ContainsKey("estimatedMinutes"))
                    yield return $"$.modules[{i}].estimatedMinutes";
    }

    static ImmutableDictionary<string, Clause>? ReadClauses(string path, List<ContentError> errors)
    {
        var registry = ReadJson(path, StrictContentJson.Default.ClauseRegistry, errors);
        if (registry is null) return null;
        var name = Relative(path);
        for (var i = 0; i < registry.Clauses.Count; i++)
        {
            var clause = registry.Clauses[i];
            if (new[] { clause.Id, clause.Body, clause.Document, clause.Reference, clause.Quote, clause.Attribution }.Any(string.IsNullOrWhiteSpace))
                errors.Add(new ContentError(name, $"$.clauses[{i}]", "A clause needs id, body, document, reference, quote and attribution."));
        }
        foreach (var duplicate in registry.Clauses.GroupBy(c => c.Id).Where(g => g.Count() > 1))
            errors.Add(new ContentError(name, "$.clauses", $"Clause id '{duplicate.Key}' is used more than once."));
        return registry.Clauses.DistinctBy(c => c.Id).ToImmutableDictionary(c => c.Id);
    }

    static void CheckCourse(CourseDefinition course, IReadOnlyDictionary<string, Clause> clauses, string name, List<ContentError> errors)
    {
        var ids = course.Modules.Select(m => m.Id).ToList();
        if (!ids.Order().SequenceEqual(ModuleIds.Order()) || ids.Count != ModuleIds.Length)
            errors.Add(new ContentError(name, "$.modules", "The course has exactly the modules " + string.Join(", ", ModuleIds) + "."));
        for (var i = 0; i < course.Modules.Count; i++)
        {
            var module = course.Modules[i];
            if (module.PassMark is <= 0 or > 1)
                errors.Add(new ContentError(name, $"$.modules[{i}].passMark", "The pass mark is a fraction greater than 0 and at most 1 (0.7 is 70%)."));
            for (var k = 0; k < module.Standards.Count; k++)
                if (!clauses.ContainsKey(module.Standards[k]))
                    errors.Add(new ContentError(name, $"$.modules[{i}].standards[{k}]", $"Clause '{module.Standards[k]}' is not in scenarios/guidance/clauses.json."));
        }
    }

    static T? ReadJson<T>(string path, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type, List<ContentError> errors) where T : class
    {
        var name = Relative(path);
        if (!File.Exists(path))
        {
            errors.Add(new ContentError(name, "$", "The file is missing."));
            return null;
        }
        try
        {
            return JsonSerializer.Deserialize(File.ReadAllText(path), type)
                ?? throw new JsonException("The file is empty.");
        }
        catch (JsonException e)
        {
            errors.Add(new ContentError(name, e.Path ?? "$", e.Message));
            return null;
        }
    }

    static IEnumerable<string> StrayCaseFiles(string scenariosRoot) =>
        Directory.GetDirectories(scenariosRoot)
            .Where(d => Path.GetFileName(d) is not ("schema" or "guidance") && !ModuleIds.Contains(Path.GetFileName(d)))
            .SelectMany(d => Directory.GetFiles(d, "*.json", SearchOption.AllDirectories))
            .Concat(Directory.GetFiles(scenariosRoot, "*.json"));

    static string Relative(string path)
    {
        var parts = Path.GetFullPath(path).Split(Path.DirectorySeparatorChar);
        var at = Array.FindLastIndex(parts, p => p is "scenarios" or "course");
        return at < 0 ? path : string.Join('/', parts[at..]);
    }

    internal sealed record ClauseRegistry(List<Clause> Clauses);
}
