namespace ELearning.Api.Workshops;

/// <summary>
/// Assessment's <see cref="Assessment.ICaseOrderPolicy"/>, as a workshop sees it: a delegate in an open workshop may
/// open the case its facilitator has opened for the room, wherever it falls in the module, so the room moves together.
/// </summary>
public sealed class WorkshopCaseOrder(WorkshopStore workshops) : Assessment.ICaseOrderPolicy
{
    public Task<bool> MayOpenCaseAsync(Guid learnerId, string moduleId, string caseId, CancellationToken ct) =>
        workshops.IsCurrentCaseForAsync(learnerId, moduleId, caseId, ct);
}
