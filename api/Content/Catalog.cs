using System.Collections.Immutable;

namespace ELearning.Api.Content;

public sealed record ModuleContent(ModuleDefinition Definition, ImmutableArray<Case> Cases)
{
    public string Id => Definition.Id;

    /// <summary>The most a delegate can score in the module: the sum of each case's best path.</summary>
    public int MaxScore => Cases.Sum(c => c.MaxScore);

    /// <summary>The time the module takes: its cases' own estimates, added up.</summary>
    public int EstimatedMinutes => Cases.Sum(c => c.EstimatedMinutes);

    public Case? FindCase(string caseId) => Cases.FirstOrDefault(c => c.Id == caseId);
}

/// <summary>
/// The course, its cases and the clause registry, loaded and validated once at start-up.
/// Immutable, so every request can share it without locks.
/// </summary>
public sealed class Catalog(CourseDefinition course, ImmutableArray<ModuleContent> modules, ImmutableDictionary<string, Clause> clauses)
{
    public CourseDefinition Course { get; } = course;
    public ImmutableArray<ModuleContent> Modules { get; } = modules;
    public ImmutableDictionary<string, Clause> Clauses { get; } = clauses;

    public ModuleContent? FindModule(string moduleId) => Modules.FirstOrDefault(m => m.Id == moduleId);

    public IEnumerable<Case> AllCases => Modules.SelectMany(m => m.Cases);

    /// <summary>The CPD time the certificate records: the time of every module, which a delegate must pass to earn it.</summary>
    public int CpdMinutes => Modules.Sum(m => m.EstimatedMinutes);

    public IReadOnlyList<Clause> Cite(IEnumerable<string> clauseIds) =>
        clauseIds.Distinct().Select(id => Clauses[id]).ToList();
}
