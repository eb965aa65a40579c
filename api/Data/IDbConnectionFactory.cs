using System.Data.Common;

namespace ELearning.Api.Data;

/// <summary>Opens connections to the configured database; one implementation per provider.</summary>
public interface IDbConnectionFactory
{
    DatabaseProvider Provider { get; }

    Task<DbConnection> OpenAsync(CancellationToken ct = default);
}
