namespace ELearning.Api.Tracking;

/// <summary>What the statement profile needs of a workshop: its id and title, and who facilitates it.</summary>
public sealed record WorkshopSession(Guid Id, string Title, Guid FacilitatorId, string FacilitatorName, string? FacilitatorEmail);
