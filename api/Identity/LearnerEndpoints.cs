using System.ComponentModel.DataAnnotations;
using System.Net.Mail;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using ELearning.Api.Infrastructure;

namespace ELearning.Api.Identity;

/// <summary>Sign-in details; checked field by field before the handler runs (AddValidation), each error keyed by its JSON name.</summary>
public sealed partial record RegisterLearnerRequest(string? Name, string? Email, string? RegistrationNumber, string? Profession) : IValidatableObject
{
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var name = Name?.Trim();
        if (string.IsNullOrEmpty(name)) yield return new("Enter your name as it should appear on your certificate.", ["name"]);
        else if (name.Length > 100) yield return new("Your name must be 100 characters or fewer.", ["name"]);
        else if (name.Any(char.IsControl)) yield return new("Your name cannot contain control characters.", ["name"]);

        if (Blank(Email) is { } email && (email.Length > 254 || !MailAddress.TryCreate(email, out var parsed) || parsed.Address != email))
            yield return new("Enter an email address in the correct format, like name@example.nhs.uk.", ["email"]);
        if (Blank(RegistrationNumber) is { } number && !RegistrationNumberPattern().IsMatch(number))
            yield return new("Enter a registration number of 2 or 3 letters and up to 8 digits, like PH123456.", ["registrationNumber"]);
        if (Blank(Profession) is { } profession && (profession.Length > 80 || profession.Any(char.IsControl)))
            yield return new("Your profession must be 80 characters or fewer.", ["profession"]);
    }

    public static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    [GeneratedRegex("^[A-Za-z]{2,3}[0-9]{1,8}$")]
    private static partial Regex RegistrationNumberPattern();
}

public sealed record RegisteredLearner(Guid LearnerId, string Token);

public static class LearnerEndpoints
{
    public static IEndpointRouteBuilder MapLearners(this IEndpointRouteBuilder app)
    {
        var learners = app.MapGroup("/api/learners").WithTags("Learners");
        learners.MapPost("/", Register).WithName("RegisterLearner").RequireRateLimiting(RateLimitPolicies.SignIn)
            .WithSummary("Sign in as a delegate: returns a learner id and a bearer token, shown once")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status429TooManyRequests);
        learners.MapPost("/me/logout", Logout).WithName("LogOut").RequireAuthorization(Policies.Delegate)
            .WithSummary("Sign out: the token presented stops working at once, on every node").ProducesProblem(StatusCodes.Status401Unauthorized);
        return app;
    }

    static async Task<NoContent> Logout(System.Security.Claims.ClaimsPrincipal user, LearnerStore learners, CancellationToken ct)
    {
        await learners.RevokeTokenAsync(user.FindFirst(IdentityClaims.TokenHash)!.Value, ct);
        return TypedResults.NoContent();
    }

    static async Task<Created<RegisteredLearner>> Register(
        RegisterLearnerRequest request, LearnerStore learners, TimeProvider clock, CancellationToken ct)
    {
        var token = Tokens.New();
        var learner = new LearnerProfile(Guid.NewGuid(), request.Name!.Trim(), RegisterLearnerRequest.Blank(request.Email),
            RegisterLearnerRequest.Blank(request.RegistrationNumber)?.ToUpperInvariant(), RegisterLearnerRequest.Blank(request.Profession), clock.GetUtcNow());
        await learners.CreateAsync(learner, Tokens.Hash(token), ct);
        return TypedResults.Created("/api/learners/me", new RegisteredLearner(learner.Id, token));
    }
}
