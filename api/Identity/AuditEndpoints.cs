using Microsoft.AspNetCore.Http.HttpResults;

namespace ELearning.Api.Identity;

public sealed record AuditPage(IReadOnlyList<AuditEntry> Entries, string? Next);

/// <summary>Administrators read the audit log, newest first, a page at a time.</summary>
public static class AuditEndpoints
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 200;

    public static IEndpointRouteBuilder MapAudit(this IEndpointRouteBuilder app)
    {
        app.MapAdminGroup("/api/admin/audit", "Audit").MapGet("/", Page).WithName("AuditLog")
            .WithSummary("Who did what: administrators' and facilitators' actions, newest first; follow 'next' for older ones")
            .ProducesValidationProblem();
        return app;
    }

    static async Task<Results<Ok<AuditPage>, ValidationProblem>> Page(long? before, int? limit, AuditLog log, CancellationToken ct)
    {
        var size = limit ?? DefaultPageSize;
        var errors = new Dictionary<string, string[]>();
        if (size is < 1 or > MaxPageSize) errors["limit"] = [$"Ask for 1 to {MaxPageSize} entries a page."];
        if (before is < 1) errors["before"] = ["'before' is the seq of an entry: take it from the previous page's 'next'."];
        if (errors.Count > 0) return Problems.Invalid(errors);

        var entries = await log.PageAsync(before, size, ct);
        var next = entries.Count == size ? $"/api/admin/audit?before={entries[^1].Seq}&limit={size}" : null;
        return TypedResults.Ok(new AuditPage(entries, next));
    }
}
