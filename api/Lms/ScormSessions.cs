using System.ComponentModel.DataAnnotations;
using ELearning.Api.Assessment;
using ELearning.Api.Content;
using ELearning.Api.Identity;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace ELearning.Api.Lms;

/// <summary>What the SCO sends from the LMS's cmi data; checked before the handler runs (AddValidation).</summary>
public sealed record ScormSessionRequest(string? PackageKey, string? StudentId, string? StudentName, string? ModuleId, Guid? ResumeAttemptId) : IValidatableObject
{
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrWhiteSpace(PackageKey) || PackageKey.Length > 200) yield return new("The package's key is missing.", ["packageKey"]);
        if (string.IsNullOrWhiteSpace(StudentId) || StudentId.Length > 255 || TextPolicy.CheckName(StudentId, out _, 255) != TextProblem.None)
            yield return new("cmi.core.student_id must be 1 to 255 characters, with no hidden or control characters.", ["studentId"]);
        // The same checks as signing in (TextPolicy), on the name as it will print ("Given Family").
        if (StudentName is { Length: > 255 }) yield return new("cmi.core.student_name must be 255 characters or fewer.", ["studentName"]);
        else if (!string.IsNullOrWhiteSpace(StudentName) && TextPolicy.CheckName(ScormSessions.DisplayName(StudentName, "-"), out _) is not TextProblem.None and var problem)
            yield return new(TextPolicy.Message(problem, "cmi.core.student_name"), ["studentName"]);
        if (string.IsNullOrWhiteSpace(ModuleId)) yield return new("Say which module this SCO is.", ["moduleId"]);
    }
}

public sealed record ScormSession(Guid LearnerId, Guid AttemptId, string LaunchUrl);

/// <summary>
/// A SCORM launch: the LMS's learner, vouched for by the package's trust key, gets a token bound to one attempt
/// (the one suspend_data's pointer names, else a new one) and a player URL carrying both. The token records progress
/// on that attempt only (<see cref="LmsScope"/>): no certificate, no evidence pack, no other attempt.
/// </summary>
public static class ScormSessions
{
    public static async Task<Results<Created<ScormSession>, ProblemHttpResult>> Start(
        ScormSessionRequest request, Catalog catalog, PackageKeyStore packages, LearnerStore learners, AttemptStore attempts, AttemptEvents events,
        IOptions<AppOptions> app, TimeProvider clock, CancellationToken ct)
    {
        if (catalog.FindModule(request.ModuleId!) is not { } module) return Problems.NotFound($"There is no module '{request.ModuleId}'.");
        if (await packages.FindActiveByKeyHashAsync(Tokens.Hash(request.PackageKey!), ct) is not { } package)
            return TypedResults.Problem("This package's key is unknown or has been revoked; ask for a new package.", statusCode: 401, title: "Package not recognised");

        var now = clock.GetUtcNow();
        var token = Tokens.New();
        var externalKey = $"scorm:{package.TrustName.ToLowerInvariant()}:{request.StudentId!.Trim()}";
        // The token grants nothing until it is bound to the attempt below (README "Threat model").
        var unbound = LmsScope.Scorm(Guid.Empty);
        var learnerId = await learners.ProvisionExternalAsync(externalKey, DisplayName(request.StudentName, request.StudentId!), Tokens.Hash(token), unbound, now, ct);

        // The package key is in every learner's browser, so a key and a studentId alone never open a learner's
        // progress: only the attempt the LMS's own record names (cmi.suspend_data's pointer) is resumed, or, once
        // passed, shown again rather than starting an attempt whose result would replace "passed" in the LMS.
        var named = request.ResumeAttemptId is { } resumeId ? await attempts.FindAsync(resumeId, learnerId, ct) : null;
        var attempt = named is { } a && a.ModuleId == module.Id && (a.Status == AttemptStatus.InProgress || a.Passed == true) ? a : null;
        if (attempt is null)
        {
            attempt = AttemptRecord.Begin(module, learnerId, now);
            await attempts.CreateAsync(attempt, events.Begun(new(attempt.Id, learnerId, module, now, null)), ct);
        }
        await learners.MoveScopeAsync(Tokens.Hash(token), unbound, LmsScope.Scorm(attempt.Id), ct);

        // The fragment never reaches a server log; the player reads it and forgets it.
        var launchUrl = new Uri(app.Value.BaseUri, $"lms/scorm/{module.Id}#token={Uri.EscapeDataString(token)}&attempt={attempt.Id}").ToString();
        return TypedResults.Created($"/api/attempts/{attempt.Id}", new ScormSession(learnerId, attempt.Id, launchUrl));
    }

    /// <summary>SCORM 1.2 names are "Family, Given"; certificates and greetings want "Given Family".</summary>
    public static string DisplayName(string? studentName, string studentId)
    {
        var name = studentName?.Trim();
        if (string.IsNullOrEmpty(name)) return Normalised(studentId);
        var parts = name.Split(',', 2, StringSplitOptions.TrimEntries);
        return Normalised(parts.Length == 2 && parts[1].Length > 0 ? $"{parts[1]} {parts[0]}" : name);
    }

    static string Normalised(string name) => TextPolicy.CheckName(name, out var value, int.MaxValue) == TextProblem.None ? value : name.Trim();
}
