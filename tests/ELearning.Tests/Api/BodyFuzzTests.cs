using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CsCheck;
using ELearning.Tests.Certificates;
using ELearning.Tests.Support;

namespace ELearning.Tests.Api;

/// <summary>
/// Property: whatever JSON (or not-quite-JSON) arrives as the body of any route the OpenAPI document lists, the answer
/// is never a 5xx, every 4xx is a ProblemDetails with a detail (a 400 with field errors), and a refusal adds no row to
/// any table. Bodies are built from the
/// operation's own schema (its property names with values of every kind, odd strings included), and by CsCheck's
/// shrinking a failure is reported as the smallest body that shows it.
/// </summary>
public sealed class BodyFuzzTests : IAsyncLifetime
{
    readonly ELearningApp app = new(settings: new Dictionary<string, string?> { ["environment"] = "Production" });
    public Task InitializeAsync() => Task.CompletedTask;
    public Task DisposeAsync() => app.DisposeAsync().AsTask();

    static readonly Gen<string> OddString = Gen.OneOf(
        Gen.String[0, 40],
        Gen.Char.Array[0, 20].Select(c => new string(c)),
        Gen.OneOf(Gen.Const("\u202EAsha"), Gen.Const("A\u0000B"), Gen.Const("\uD800"), Gen.Const(new string('x', 6000)),
            Gen.Const("../../etc/passwd"), Gen.Const("=HYPERLINK(\"x\")"), Gen.Const("00000000-0000-0000-0000-000000000000"),
            Gen.Const("2026-13-45T25:61:00Z"), Gen.Const("confidentiality"), Gen.Const("fixture-ward-photo")));

    static readonly Gen<string> Leaf = Gen.OneOf(
        Gen.Int.Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        Gen.Const("1e400"), Gen.Const("-0.0"), Gen.Const("true"), Gen.Const("false"), Gen.Const("null"),
        OddString.Select(s => JsonSerializer.Serialize(s)));

    static Gen<string> Value(int depth) => depth >= 3 ? Leaf : Gen.Frequency(
        (5, Leaf),
        (1, Gen.Int[0, 4].SelectMany(n => Value(depth + 1).Array[n]).Select(items => "[" + string.Join(",", items) + "]")),
        (1, Gen.Int[0, 3].SelectMany(n => Gen.Select(OddString, Value(depth + 1)).Array[n])
            .Select(members => "{" + string.Join(",", members.Select(m => JsonSerializer.Serialize(m.Item1) + ":" + m.Item2)) + "}")));

    /// <summary>An object with some of the schema's properties (and a stray one), a bare value, or broken JSON.</summary>
    static Gen<string> Body(IReadOnlyList<string> properties) => Gen.Frequency(
        (6, Gen.Select(Gen.Int[0, Math.Max(0, properties.Count)], Gen.Shuffle(properties.ToArray()), Value(1).Array[properties.Count + 1], Gen.Bool)
            .Select((count, names, values, stray) =>
            {
                var members = names.Take(count).Select((name, i) => JsonSerializer.Serialize(name) + ":" + values[i]).ToList();
                if (stray) members.Add("\"unexpected\":" + values[^1]);
                return "{" + string.Join(",", members) + "}";
            })),
        (1, Value(0)),
        (1, Value(0).Select(v => v.Length > 1 ? v[..(v.Length / 2)] : "{")));

    [Fact]
    public async Task No_body_on_any_route_gets_a_server_error_and_every_refusal_is_a_problem()
    {
        var document = await app.CreateClient().GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var a = await CertificateWalk.RegisterAsync(app);
        var attempt = await a.StartAsync("confidentiality");
        var admin = app.AdminClient();
        var facilitator = await FacilitatorClient.CreateAsync(admin, app.CreateClient);
        var workshop = await facilitator.CreateWorkshopAsync();
        var ids = new Dictionary<string, string>
        {
            ["attemptId"] = attempt.AttemptId.ToString(), ["workshopId"] = workshop.Id.ToString(), ["id"] = "no-such-certificate",
            ["sessionId"] = Guid.NewGuid().ToString(), ["packageId"] = Guid.NewGuid().ToString(), ["facilitatorId"] = Guid.NewGuid().ToString(),
        };
        var schemas = document.GetProperty("components").GetProperty("schemas");
        var routes = OpenApiLintTests.Operations(document).Where(o => o.Operation.TryGetProperty("requestBody", out _)).ToList();
        Assert.NotEmpty(routes);

        foreach (var (route, operation) in routes)
        {
            var security = operation.GetProperty("security").EnumerateArray().Select(r => r.EnumerateObject().Single().Name).ToList();
            var client = security.Count == 0 ? app.CreateClient()
                : security.Contains("delegateToken") ? a.Http : security.Contains("facilitatorToken") ? facilitator.Http : admin;
            var path = ids.Aggregate(route[(route.IndexOf(' ') + 1)..], (p, id) => p.Replace("{" + id.Key + "}", id.Value));
            var properties = Properties(operation, schemas);

            await Body(properties).SampleAsync(async body =>
            {
                var before = await RowCountsAsync(app.DatabasePath);
                using var response = await client.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"));
                var text = await response.Content.ReadAsStringAsync();
                var status = (int)response.StatusCode;
                Assert.True(status < 500, $"{route} answered {status} to {body}: {text}");
                if (status < 400) return;
                Assert.True(before == await RowCountsAsync(app.DatabasePath), $"{route} refused {body} with {status} but wrote rows");
                Assert.True(response.Content.Headers.ContentType?.MediaType == "application/problem+json", $"{route} {status} is not a problem: {text}");
                var problem = JsonDocument.Parse(text).RootElement;
                Assert.True(problem.TryGetProperty("detail", out var detail) && detail.GetString()?.Length > 0, $"{route} {status} has no detail: {text}");
                if (status == 400) Assert.True(problem.TryGetProperty("errors", out var errors) && errors.EnumerateObject().Any(), $"{route} 400 has no field errors: {text}");
            }, iter: 25, threads: 1);
        }
    }

    /// <summary>Every table's row count, as one comparable line.</summary>
    static async Task<string> RowCountsAsync(string database)
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={database};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = connection.CreateCommand())
        {
            list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name";
            await using var reader = await list.ExecuteReaderAsync();
            while (await reader.ReadAsync()) tables.Add(reader.GetString(0));
        }
        var counts = new List<string>();
        foreach (var table in tables)
        {
            await using var count = connection.CreateCommand();
            count.CommandText = $"SELECT COUNT(*) FROM \"{table}\"";
            counts.Add($"{table}={await count.ExecuteScalarAsync()}");
        }
        return string.Join(" ", counts);
    }

    static List<string> Properties(JsonElement operation, JsonElement schemas)
    {
        var content = operation.GetProperty("requestBody").GetProperty("content");
        if (!content.TryGetProperty("application/json", out var json) || !json.TryGetProperty("schema", out var schema)) return [];
        if (schema.TryGetProperty("$ref", out var reference)) schema = schemas.GetProperty(reference.GetString()!.Split('/')[^1]);
        return schema.TryGetProperty("properties", out var properties) ? properties.EnumerateObject().Select(p => p.Name).ToList() : [];
    }
}
