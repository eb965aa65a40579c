using System.ComponentModel.DataAnnotations;

namespace ELearning.Api.Workshops;

public sealed record CreateWorkshopRequest(string? Title, IReadOnlyList<string>? ModuleIds, DateTimeOffset? ScheduledFor, bool? SelfPaced) : IValidatableObject
{
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var title = Title?.Trim();
        if (string.IsNullOrEmpty(title)) yield return new("Give the workshop a title, like \"Supervisors' social media workshop, Ward 7\".", ["title"]);
        else if (title.Length > 200 || title.Any(char.IsControl)) yield return new("The title must be 200 characters or fewer, with no control characters.", ["title"]);
        if (ModuleIds is not { Count: > 0 and <= 20 }) yield return new("Choose at least one module for the workshop.", ["moduleIds"]);
    }
}

public sealed record CurrentCaseRequest(string? CaseId);

public sealed record SelfPacingRequest(bool? Allowed);

public sealed record RevealRequest(string? CaseId, string? NodeId);

public sealed record JoinWorkshopRequest(string? Code, string? Name, string? RegistrationNumber, string? Profession);

public sealed record CreatedWorkshop(Guid Id, string JoinCode, string JoinUrl);

public sealed record WorkshopView(
    Guid Id, string Title, IReadOnlyList<string> ModuleIds, DateTimeOffset? ScheduledFor, string JoinCode, string JoinUrl, string? CurrentCaseId,
    bool SelfPaced, int Delegates, DateTimeOffset CreatedAt, DateTimeOffset? ClosedAt);

/// <summary>What a delegate in the room needs to follow the facilitator: no code, no counts, no names.</summary>
public sealed record WorkshopSessionView(Guid WorkshopId, string Title, IReadOnlyList<string> ModuleIds, string? CurrentCaseId, bool SelfPaced, bool Closed);

/// <summary><c>token</c> only for a delegate the join created; a signed-in delegate keeps their own.</summary>
public sealed record JoinedWorkshop(Guid WorkshopId, Guid LearnerId, string? Token);

/// <summary>A delegate's view of the room: the case open now, and the room's counts for revealed nodes they answered (never names).</summary>
public sealed record RoomView(Guid WorkshopId, string Title, string? CurrentCaseId, bool SelfPaced, bool Closed, IReadOnlyList<RoomNodeView> Revealed);
