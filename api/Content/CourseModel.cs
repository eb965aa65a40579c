namespace ELearning.Api.Content;

/// <summary>
/// The course definition, as read from course/course.json. Times are not declared here: a module's time is
/// the sum of its cases' estimatedMinutes and the CPD minutes the sum of the modules' (<see cref="Catalog"/>),
/// so they follow the content as cases are added.
/// </summary>
public sealed record CourseDefinition(
    string Id,
    string Title,
    string Description,
    string Language,
    string Version,
    IReadOnlyList<string> LearningOutcomes,
    IReadOnlyList<ModuleDefinition> Modules);

public sealed record ModuleDefinition(
    string Id,
    string Title,
    string Summary,
    double PassMark,
    IReadOnlyList<string> LearningOutcomes,
    IReadOnlyList<string> Standards);

/// <summary>A citable clause of the guidance, from scenarios/guidance/clauses.json.</summary>
public sealed record Clause(
    string Id,
    string Body,
    string Document,
    string Source,
    string Reference,
    string Quote,
    string Attribution);
