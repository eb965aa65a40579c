// A bare Kestrel app: JSON routes and nothing else. bench/startup.sh times it to its first 200 and reads its idle
// memory, and bench/answers.sh sends it the burst of answers it sends the API (the same client, bodies and headers):
// the floors the API's own figures are set against.
using System.Text.Json;

var app = WebApplication.CreateBuilder(args).Build();
app.MapGet("/", () => Results.Json(new { ok = true }));
// Reads the answer's JSON and replies with an outcome of the API's shape and about its size.
app.MapPost("/api/attempts/{attemptId:guid}/answers", (Guid attemptId, JsonElement answer) => Results.Json(new
{
    attemptId, caseId = answer.GetProperty("caseId").GetString(), nodeId = answer.GetProperty("nodeId").GetString(),
    correct = true, score = 1, maxScore = 1, feedback = "Feedback of about the length the course gives for a choice, a sentence or two.",
    next = new { caseId = answer.GetProperty("caseId").GetString(), nodeId = answer.GetProperty("nodeId").GetString() },
}));
app.Run();
