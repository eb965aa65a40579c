using Dapper;
using ELearning.Api.Data;

namespace ELearning.Api.Assessment;

public sealed record LearnerProfile(Guid Id, string Name, string? Email, string? RegistrationNumber, string? Profession, DateTimeOffset CreatedAt);

public sealed class LearnerStore(IDbConnectionFactory connections)
{
    const string Insert = """
        INSERT INTO learners (id, token_hash, name, email, registration_number, profession, created_at)
        VALUES (@Id, @TokenHash, @Name, @Email, @RegistrationNumber, @Profession, @CreatedAt)
        """;
    const string IdByTokenHash = "SELECT id FROM learners WHERE token_hash = @tokenHash";
    const string ById = """
        SELECT id AS Id, name AS Name, email AS Email, registration_number AS RegistrationNumber,
               profession AS Profession, created_at AS CreatedAt
        FROM learners WHERE id = @id
        """;

    public async Task CreateAsync(LearnerProfile learner, string tokenHash, CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(Insert, new
        {
            Id = learner.Id.ToString(), TokenHash = tokenHash, learner.Name, learner.Email,
            learner.RegistrationNumber, learner.Profession, CreatedAt = learner.CreatedAt.ToString("O"),
        }, cancellationToken: ct));
    }

    public async Task<Guid?> FindIdByTokenHashAsync(string tokenHash, CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct);
        var id = await connection.QuerySingleOrDefaultAsync<string>(new CommandDefinition(IdByTokenHash, new { tokenHash }, cancellationToken: ct));
        return id is null ? null : Guid.Parse(id);
    }

    public async Task<LearnerProfile?> FindAsync(Guid id, CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<LearnerRow>(new CommandDefinition(ById, new { id = id.ToString() }, cancellationToken: ct));
        return row is null ? null : new(Guid.Parse(row.Id), row.Name, row.Email, row.RegistrationNumber, row.Profession, DateTimeOffset.Parse(row.CreatedAt));
    }

    sealed class LearnerRow
    {
        public string Id { get; set; } = "";
        public string Name { get; set; } = "";
        public string? Email { get; set; }
        public string? RegistrationNumber { get; set; }
        public string? Profession { get; set; }
        public string CreatedAt { get; set; } = "";
    }
}
