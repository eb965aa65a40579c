using ELearning.Api.Content;
using ELearning.Api.Identity;

namespace ELearning.Api.Assessment;

public sealed record AnswerData(string CaseId, string NodeId, int Sequence, LearnerResponse Response, int Score, int MaxScore, bool? Correct, DateTimeOffset AnsweredAt);

public sealed record AttemptData(Guid Id, string ModuleId, string Status, int RawScore, int MaxScore, double? Scaled, bool? Passed,
    DateTimeOffset StartedAt, DateTimeOffset UpdatedAt, DateTimeOffset? CompletedAt, Guid? LaunchId, IReadOnlyList<AnswerData> Answers);

public sealed record ReflectionData(Guid AttemptId, string ModuleId, string CaseId, string NodeId, string? Prompt, string Text, DateTimeOffset WrittenAt);

public sealed record AssessmentData(IReadOnlyList<AttemptData> Attempts, IReadOnlyList<ReflectionData> Reflections);

/// <summary>Assessment's part in a delegate's data rights: their attempts, every answer, and their reflections in their own words.</summary>
public sealed class AttemptLearnerData(AttemptStore attempts, Catalog catalog) : ILearnerDataHolder
{
    public string Section => "assessment";

    public async Task<object> ExportAsync(Guid learnerId, CancellationToken ct)
    {
        var result = new List<AttemptData>();
        var reflections = new List<ReflectionData>();
        foreach (var a in await attempts.ForLearnerAsync(learnerId, ct))
        {
            var answers = await attempts.AnswersAsync(a.Id, ct);
            result.Add(new(a.Id, a.ModuleId, a.Status, a.RawScore, a.MaxScore, a.Scaled, a.Passed, a.StartedAt, a.UpdatedAt, a.CompletedAt, a.LaunchId,
                [.. answers.Select(x => new AnswerData(x.CaseId, x.NodeId, x.Sequence, x.Response, x.Score, x.MaxScore, x.Correct, x.AnsweredAt))]));
            foreach (var x in answers.Where(x => x.Response.Text is { Length: > 0 }))
            {
                var node = catalog.FindModule(a.ModuleId)?.FindCase(x.CaseId)?.FindNode(x.NodeId);
                if (node?.Type == NodeTypes.Reflection) reflections.Add(new(a.Id, a.ModuleId, x.CaseId, x.NodeId, node.Prompt, x.Response.Text!, x.AnsweredAt));
            }
        }
        return new AssessmentData(result, reflections);
    }

    public Task EraseAsync(Guid learnerId, DateTimeOffset now, CancellationToken ct) => attempts.DeleteForLearnerAsync(learnerId, ct);
}
