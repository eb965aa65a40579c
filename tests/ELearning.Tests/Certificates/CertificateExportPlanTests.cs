using Dapper;
using ELearning.Api.Certificates;
using ELearning.Api.Data;
using ELearning.Tests.Data;
using Microsoft.Extensions.Logging.Abstractions;

namespace ELearning.Tests.Certificates;

/// <summary>A year's export reads its pages through the (issued_at, id) index, not by scanning every certificate.</summary>
public sealed class CertificateExportPlanTests : IAsyncDisposable
{
    readonly SqliteTestDatabase db = new();

    public ValueTask DisposeAsync() => db.DisposeAsync();

    [Fact]
    public async Task A_page_of_the_export_is_a_range_read_of_the_issued_index()
    {
        await new Migrator(db.Connections, NullLogger<Migrator>.Instance).MigrateAsync();
        await using var connection = await db.Connections.OpenAsync();

        var plan = string.Join("\n", (await connection.QueryAsync<(long, long, long, string)>(
            "EXPLAIN QUERY PLAN " + CertificateExportSql.Page("SELECT id, issued_at FROM certificates", DatabaseProvider.Sqlite),
            new { from = "2026-01-01", to = "2027-01-01", afterAt = "", afterId = "", limit = 100 })).Select(row => row.Item4));

        Assert.Contains("USING INDEX ix_certificates_issued", plan);
        Assert.DoesNotContain("TEMP B-TREE", plan); // no sort: the index gives the order
    }
}
