using System.ComponentModel.DataAnnotations;
using System.Net.Mail;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ELearning.Api.Identity;

public sealed record CreateFacilitatorRequest(string? Name, string? Email) : IValidatableObject
{
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var name = TextPolicy.CheckName(Name, out _);
        if (name == TextProblem.Missing) yield return new("Enter the facilitator's name.", ["name"]);
        else if (name != TextProblem.None) yield return new(TextPolicy.Message(name, "The name"), ["name"]);
        var email = Email?.Trim();
        if (string.IsNullOrEmpty(email) || email.Length > 254 || !MailAddress.TryCreate(email, out var parsed) || parsed.Address != email)
            yield return new("Enter an email address in the correct format, like name@example.nhs.uk.", ["email"]);
    }
}

public sealed record CreatedFacilitator(Guid Id, string Name, string Token);

public sealed record FacilitatorView(Guid Id, string Name, string Email, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt);

/// <summary>Administrators make facilitators (each with their own token, shown once) and revoke them.</summary>
public static class FacilitatorEndpoints
{
    public static IEndpointRouteBuilder MapFacilitators(this IEndpointRouteBuilder app)
    {
        var admin = app.MapAdminGroup("/api/admin/facilitators", "Facilitators");
        admin.MapPost("/", Create).WithName("CreateFacilitator")
            .WithSummary("Add a facilitator: returns their bearer token, shown once").ProducesValidationProblem();
        admin.MapGet("/", List).WithName("ListFacilitators").WithSummary("Facilitators, revoked ones included");
        admin.MapPost("/{facilitatorId:guid}/revoke", Revoke).WithName("RevokeFacilitator")
            .WithSummary("Stop a facilitator's token working at once").ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    static async Task<Created<CreatedFacilitator>> Create(
        CreateFacilitatorRequest request, ClaimsPrincipal user, FacilitatorStore store, TimeProvider clock, CancellationToken ct)
    {
        var token = Tokens.New();
        var facilitator = new Facilitator(Guid.NewGuid(), RegisterLearnerRequest.Normalised(request.Name)!, request.Email!.Trim(), clock.GetUtcNow(), null);
        await store.CreateAsync(facilitator, Tokens.Hash(token), new(AuditActor.Of(user), AuditActions.FacilitatorCreated, facilitator.Id.ToString(), facilitator.CreatedAt), ct);
        return TypedResults.Created($"/api/admin/facilitators/{facilitator.Id}", new CreatedFacilitator(facilitator.Id, facilitator.Name, token));
    }

    static async Task<Ok<FacilitatorView[]>> List(FacilitatorStore store, CancellationToken ct) =>
        TypedResults.Ok((await store.AllAsync(ct)).Select(f => new FacilitatorView(f.Id, f.Name, f.Email, f.CreatedAt, f.RevokedAt)).ToArray());

    static async Task<Results<NoContent, ProblemHttpResult>> Revoke(Guid facilitatorId, ClaimsPrincipal user, FacilitatorStore store, TimeProvider clock, CancellationToken ct) =>
        await store.RevokeAsync(facilitatorId, clock.GetUtcNow(), new(AuditActor.Of(user), AuditActions.FacilitatorRevoked, facilitatorId.ToString(), clock.GetUtcNow()), ct)
            ? TypedResults.NoContent()
            : Problems.NotFound($"There is no facilitator '{facilitatorId}'.");
}
