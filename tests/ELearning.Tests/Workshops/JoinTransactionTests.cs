using System.Net;
using System.Net.Http.Json;
using Dapper;
using ELearning.Tests.Support;
using Microsoft.Data.Sqlite;

namespace ELearning.Tests.Workshops;

/// <summary>Joining as a new delegate writes the delegate and their place in the room together, or neither.</summary>
public sealed class JoinTransactionTests : IAsyncLifetime
{
    readonly string database = Path.Combine(Directory.CreateTempSubdirectory("elearning-join-").FullName, "db.sqlite");
    ELearningApp app = null!;
    FacilitatorClient sam = null!;

    public async Task InitializeAsync()
    {
        app = new ELearningApp(settings: new Dictionary<string, string?> { ["ConnectionStrings:ELearning"] = $"Data Source={database}" });
        sam = await FacilitatorClient.CreateAsync(app.AdminClient(), app.CreateClient);
    }

    public async Task DisposeAsync()
    {
        await app.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(Path.GetDirectoryName(database)!, recursive: true);
    }

    async Task<T> QueryAsync<T>(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={database};Pooling=False");
        await connection.OpenAsync();
        return await connection.ExecuteScalarAsync<T>(sql) ?? throw new InvalidOperationException(sql);
    }

    [Fact]
    public async Task When_adding_the_delegate_to_the_room_fails_no_delegate_is_left_behind()
    {
        var workshop = await sam.CreateWorkshopAsync();
        // The database itself refuses the second write of the join, as a lost connection or a constraint would.
        await QueryAsync<long>("CREATE TRIGGER refuse_membership BEFORE INSERT ON workshop_delegates BEGIN SELECT RAISE(ABORT, 'refused'); END; SELECT 0;");

        var refused = await app.CreateClient().PostAsJsonAsync("/api/workshops/join", new { code = workshop.JoinCode, name = "Priya Shah" });

        Assert.Equal(HttpStatusCode.InternalServerError, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Equal(0, await QueryAsync<long>("SELECT COUNT(*) FROM learners WHERE name = 'Priya Shah'"));
        Assert.Equal(0, await QueryAsync<long>("SELECT COUNT(*) FROM learner_tokens"));

        await QueryAsync<long>("DROP TRIGGER refuse_membership; SELECT 0;");
        var priya = await WorkshopJoining.JoinAsNewAsync(app.CreateClient, workshop.JoinCode, "Priya Shah");

        Assert.Equal(1, await QueryAsync<long>("SELECT COUNT(*) FROM learners WHERE name = 'Priya Shah'"));
        Assert.Equal(1, await QueryAsync<long>($"SELECT COUNT(*) FROM workshop_delegates WHERE learner_id = '{priya.LearnerId}'"));
        Assert.Equal(HttpStatusCode.OK, (await priya.Http.GetAsync($"/api/workshops/{workshop.Id}/session")).StatusCode);
    }
}
