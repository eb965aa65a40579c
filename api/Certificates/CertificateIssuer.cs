using ELearning.Api.Assessment;
using ELearning.Api.Content;
using ELearning.Api.Identity;
using ELearning.Api.Workshops;
using Microsoft.Extensions.Options;

namespace ELearning.Api.Certificates;

/// <summary>
/// Issues the course certificate once the delegate has passed every module: a snapshot of their details
/// and best results, and the signed credential, stored once per delegate and course. It reacts to each completed
/// module (Assessment's event), and is asked again whenever the delegate asks for the certificate.
/// </summary>
public sealed class CertificateIssuer(
    Catalog catalog, AttemptStore attempts, LearnerStore learners, CertificateStore certificates, CredentialSigner signer,
    IssuerIdentity issuerIdentity, WorkshopStore workshops, FacilitatorStore facilitators, IOptions<AppOptions> app, TimeProvider clock) : IModuleCompletedHandler
{
    /// <summary>Passing the last module earns the certificate (and any completion retries one whose issue failed before).</summary>
    public Task OnModuleCompletedAsync(ModuleCompleted e, CancellationToken ct) => IssueIfEligibleAsync(e.LearnerId, ct);

    public string IssuerName => issuerIdentity.Name;

    /// <summary>The certificate, issued now if the delegate has just become eligible; null while a module is not passed.</summary>
    public async Task<Certificate?> IssueIfEligibleAsync(Guid learnerId, CancellationToken ct)
    {
        var course = catalog.Course;
        if (await certificates.ForLearnerAsync(learnerId, course.Id, ct) is { } existing) return existing;
        if (BestPassed(catalog, await attempts.ForLearnerAsync(learnerId, ct)) is not { } modules) return null;
        if (await learners.FindAsync(learnerId, ct) is not { } learner) return null;

        var issued = new Certificate(CertificateIds.New(), learnerId, course.Id, course.Title, learner.Name, learner.RegistrationNumber,
            learner.Profession, modules, catalog.CpdMinutes, clock.GetUtcNow(), "", null, null,
            Workshop: await EarnedInAsync(learnerId, modules.Max(m => m.CompletedAt), ct));
        var credential = OpenBadgeCredential.Build(issued, learner.Email, course, await issuerIdentity.CurrentAsync(ct), app.Value.BaseUri, OpenBadgeCredential.NewSalt());
        return await certificates.InsertOnceAsync(issued with { Credential = await signer.SignAsync(credential, ct) }, ct);
    }

    /// <summary>
    /// The workshop the delegate was in when they passed the last module the certificate counts, if any: "earned in a
    /// workshop". Judged by that moment, not by now, so issuing again later (after the workshop closed) names it too.
    /// Its date is the date it was scheduled for, or else the day it was set up.
    /// </summary>
    async Task<CertificateWorkshop?> EarnedInAsync(Guid learnerId, DateTimeOffset passedAt, CancellationToken ct)
    {
        if (await workshops.InWorkshopAtAsync(learnerId, passedAt, ct) is not { } workshop) return null;
        var facilitator = await facilitators.FindAsync(workshop.FacilitatorId, ct);
        return new(workshop.Id, workshop.Title, workshop.ScheduledFor ?? workshop.CreatedAt, facilitator?.Name ?? "");
    }

    /// <summary>
    /// Each module's best passed, completed attempt, in course order; null unless every module has one.
    /// The best score is what the certificate shows, whichever attempt came last. A pass counts only at or above the
    /// course's own pass mark: an LMS's lower masteryScore decides what that LMS records, not what our CPD
    /// certificate attests.
    /// </summary>
    public static IReadOnlyList<CertificateModule>? BestPassed(Catalog catalog, IReadOnlyList<AttemptRecord> attempts)
    {
        var modules = new List<CertificateModule>();
        foreach (var module in catalog.Modules)
        {
            var best = attempts
                .Where(a => a.ModuleId == module.Id && a.Status == AttemptStatus.Completed && a.Passed == true && a.CompletedAt is not null
                            && Scoring.Result(a.RawScore, a.MaxScore, module.Definition.PassMark).Passed)
                .OrderByDescending(a => a.Scaled).ThenBy(a => a.CompletedAt)
                .FirstOrDefault();
            if (best is null) return null;
            modules.Add(new(module.Id, module.Definition.Title, best.Scaled ?? 0, best.CompletedAt!.Value));
        }
        return modules;
    }
}
