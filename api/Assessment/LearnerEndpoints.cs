using System.Net.Mail;
using System.Security.Claims;
using System.Text.RegularExpressions;
using ELearning.Api.Content;
using ELearning.Api.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace ELearning.Api.Assessment;

public sealed record RegisterLearnerRequest(string? Name, string? Email, string? RegistrationNumber, string? Profession);

public sealed record RegisteredLearner(Guid LearnerId, string Token);

public sealed record ModuleStatusView(string ModuleId, string Title, string Status, Guid? AttemptId, double? Scaled, bool? Passed, int Attempts);

public sealed record LearnerView(Guid LearnerId, string Name, string? Email, string? RegistrationNumber, string? Profession, IReadOnlyList<ModuleStatusView> Modules);

public static partial class LearnerEndpoints
{
    public static IEndpointRouteBuilder MapLearners(this IEndpointRouteBuilder app)
    {
        var learners = app.MapGroup("/api/learners").WithTags("Learners");
        learners.MapPost("/", Register).WithName("RegisterLearner")
            .WithSummary("Sign in as a delegate: returns a learner id and a bearer token, shown once");
        learners.MapGet("/me", Me).RequireAuthorization(Policies.Learner).WithName("GetMe")
            .WithSummary("The signed-in delegate, with each module's status for the dashboard");
        return app;
    }

    static async Task<Results<Created<RegisteredLearner>, ValidationProblem>> Register(
        RegisterLearnerRequest request, LearnerStore learners, TimeProvider clock, CancellationToken ct)
    {
        var errors = Validate(request);
        if (errors.Count > 0) return Problems.Invalid(errors);

        var token = Tokens.New();
        var learner = new LearnerProfile(Guid.NewGuid(), request.Name!.Trim(), Blank(request.Email), Blank(request.RegistrationNumber)?.ToUpperInvariant(),
            Blank(request.Profession), clock.GetUtcNow());
        await learners.CreateAsync(learner, Tokens.Hash(token), ct);
        return TypedResults.Created("/api/learners/me", new RegisteredLearner(learner.Id, token));
    }

    static async Task<Results<Ok<LearnerView>, ProblemHttpResult>> Me(
        ClaimsPrincipal user, LearnerStore learners, AttemptStore attempts, Catalog catalog, CancellationToken ct)
    {
        var learner = await learners.FindAsync(user.LearnerId(), ct);
        if (learner is null) return Problems.NotFound("This delegate no longer exists.");
        var all = await attempts.ForLearnerAsync(learner.Id, ct);
        var modules = catalog.Modules.Select(m =>
        {
            var mine = all.Where(a => a.ModuleId == m.Id).ToList();
            // The best completed attempt counts; otherwise the latest one shows where the delegate is.
            var shown = mine.Where(a => a.Passed == true).OrderByDescending(a => a.Scaled).FirstOrDefault()
                ?? mine.OrderByDescending(a => a.StartedAt).FirstOrDefault();
            var status = shown switch
            {
                null => "not-started",
                { Status: AttemptStatus.InProgress } => "in-progress",
                { Passed: true } => "passed",
                _ => "failed",
            };
            return new ModuleStatusView(m.Id, m.Definition.Title, status, shown?.Id, shown?.Scaled, shown?.Passed, mine.Count);
        }).ToList();
        return TypedResults.Ok(new LearnerView(learner.Id, learner.Name, learner.Email, learner.RegistrationNumber, learner.Profession, modules));
    }

    static Dictionary<string, string[]> Validate(RegisterLearnerRequest request)
    {
        var errors = new Dictionary<string, string[]>();
        var name = request.Name?.Trim();
        if (string.IsNullOrEmpty(name)) errors["name"] = ["Enter your name as it should appear on your certificate."];
        else if (name.Length > 100) errors["name"] = ["Your name must be 100 characters or fewer."];
        else if (name.Any(char.IsControl)) errors["name"] = ["Your name cannot contain control characters."];

        if (Blank(request.Email) is { } email && (email.Length > 254 || !MailAddress.TryCreate(email, out var parsed) || parsed.Address != email))
            errors["email"] = ["Enter an email address in the correct format, like name@example.nhs.uk."];
        if (Blank(request.RegistrationNumber) is { } number && !RegistrationNumber().IsMatch(number))
            errors["registrationNumber"] = ["Enter a registration number of 2 or 3 letters and up to 8 digits, like PH123456."];
        if (Blank(request.Profession) is { } profession && (profession.Length > 80 || profession.Any(char.IsControl)))
            errors["profession"] = ["Your profession must be 80 characters or fewer."];
        return errors;
    }

    static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    [GeneratedRegex("^[A-Za-z]{2,3}[0-9]{1,8}$")]
    private static partial Regex RegistrationNumber();
}
