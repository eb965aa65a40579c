using ELearning.Api.Data;

namespace ELearning.Api.Certificates;

/// <summary>
/// The statement that differs per database for the export: one page of certificates issued in a range, after a
/// (issued_at, id) position (keyset paging: each page starts where the last ended, however many were issued meanwhile).
/// Withdrawn certificates (their holders erased) name nobody and are left out.
/// </summary>
public static class CertificateExportSql
{
    const string Where = """
        WHERE issued_at >= @from AND issued_at < @to AND withdrawn_at IS NULL
          AND (issued_at > @afterAt OR (issued_at = @afterAt AND id > @afterId))
        ORDER BY issued_at, id
        """;

    public static string Page(string select, DatabaseProvider provider) => provider == DatabaseProvider.SqlServer
        ? $"{select}\n{Where}\nOFFSET 0 ROWS FETCH NEXT @limit ROWS ONLY"
        : $"{select}\n{Where}\nLIMIT @limit";
}
