using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace ELearning.Tests.Data;

/// <summary>
/// What an operator sees when the database settings are wrong: the API process stops at start-up with one line naming
/// the setting (never the password), and a database lost while running shows on /health without a stack trace.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class DatabaseStartupTests(PostgresServer server)
{
    [Fact]
    public async Task An_unknown_provider_stops_start_up_with_one_line_naming_the_setting()
    {
        var (exit, errors) = await ApiProcess.FailToStartAsync(new Dictionary<string, string?> { ["Database:Provider"] = "oracle" });

        Assert.Equal(1, exit);
        var line = Assert.Single(errors);
        Assert.Contains("Database:Provider 'oracle' is not one of sqlite, postgresql, sqlserver", line);
    }

    [Fact]
    public async Task An_unreachable_postgresql_server_stops_start_up_with_one_line_naming_the_connection_string()
    {
        var nobody = FreePort.Next();
        var (exit, errors) = await ApiProcess.FailToStartAsync(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "postgresql",
            ["ConnectionStrings:ELearning"] = $"Host=127.0.0.1;Port={nobody};Username=postgres;Password=secret-nobody-sees;Database=elearning;Timeout=5",
        });

        Assert.Equal(1, exit);
        var line = Assert.Single(errors);
        Assert.Contains($"ConnectionStrings:ELearning (PostgreSql at 127.0.0.1:{nobody}/elearning): the server cannot be reached", line);
        Assert.DoesNotContain("secret-nobody-sees", line);
    }

    [Fact]
    public async Task A_wrong_password_stops_start_up_with_one_line_and_does_not_repeat_it()
    {
        var (exit, errors) = await ApiProcess.FailToStartAsync(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "PostgreSQL",
            ["ConnectionStrings:ELearning"] = server.ConnectionString("postgres", password: "not-the-password"),
        });

        Assert.Equal(1, exit);
        var line = Assert.Single(errors);
        Assert.Contains("ConnectionStrings:ELearning (PostgreSql at 127.0.0.1", line);
        Assert.Contains("refused the user name or password", line);
        Assert.DoesNotContain("not-the-password", line);
    }

    [Fact]
    public async Task A_sqlite_file_that_is_not_a_database_stops_start_up_with_one_line()
    {
        var folder = Directory.CreateTempSubdirectory("elearning-garbage-").FullName;
        var file = Path.Combine(folder, "elearning.db");
        await File.WriteAllBytesAsync(file, Enumerable.Repeat((byte)0x5A, 8192).ToArray());
        try
        {
            var (exit, errors) = await ApiProcess.FailToStartAsync(new Dictionary<string, string?> { ["ConnectionStrings:ELearning"] = $"Data Source={file}" });

            Assert.Equal(1, exit);
            var line = Assert.Single(errors);
            Assert.Contains($"ConnectionStrings:ELearning (Sqlite at {file}): the database is corrupt or not a SQLite database", line);
        }
        finally { Directory.Delete(folder, recursive: true); }
    }

    [Fact]
    public async Task A_sqlite_folder_that_cannot_be_created_stops_start_up_with_one_line_not_a_stack_trace()
    {
        var folder = Directory.CreateTempSubdirectory("elearning-blocked-").FullName;
        var notAFolder = Path.Combine(folder, "data");
        await File.WriteAllTextAsync(notAFolder, "a file where the database's folder should be");
        try
        {
            var (exit, errors) = await ApiProcess.FailToStartAsync(new Dictionary<string, string?> { ["ConnectionStrings:ELearning"] = $"Data Source={notAFolder}/sub/elearning.db" });

            Assert.Equal(1, exit);
            var line = Assert.Single(errors);
            Assert.Contains($"ConnectionStrings:ELearning (Sqlite at {notAFolder}/sub/elearning.db): the folder {notAFolder}/sub cannot be created", line);
        }
        finally { Directory.Delete(folder, recursive: true); }
    }

    [Fact]
    public async Task A_database_lost_while_running_is_unhealthy_on_health_without_a_stack_trace()
    {
        await using var db = await PostgresTestDatabase.CreateAsync(server);
        await using var app = new ELearningApp(settings: db.Settings);
        var client = app.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);

        await db.DisposeAsync(); // drops the database under the running API

        var response = await client.GetAsync("/health");
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var database = JsonDocument.Parse(body).RootElement.GetProperty("checks").GetProperty("database");
        Assert.Equal("Unhealthy", database.GetProperty("status").GetString());
        Assert.StartsWith("PostgreSql database unreachable", database.GetProperty("description").GetString());
        Assert.DoesNotContain(" at ", body);
    }
}
