using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ELearning.Api.Infrastructure;

public static class HealthResponse
{
    /// <summary>Each check's status and description as JSON, without exception details.</summary>
    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(JsonSerializer.Serialize(new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), description = e.Value.Description }),
        }, JsonSerializerOptions.Web));
    }
}
