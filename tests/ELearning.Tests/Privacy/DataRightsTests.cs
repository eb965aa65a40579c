using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Dapper;
using ELearning.Tests.Certificates;
using ELearning.Tests.Support;
using Microsoft.Data.Sqlite;

namespace ELearning.Tests.Privacy;

/// <summary>UK GDPR: a delegate sees everything held about them at any time, and can have it erased (so can an administrator, for them).</summary>
public sealed class DataRightsTests : IAsyncLifetime
{
    const string Email = "asha.patel@example.nhs.uk";
    // mbox actors put the email address in every statement: erasure must take it out again.
    readonly ELearningApp app = new(settings: new Dictionary<string, string?> { ["Xapi:Actor"] = "mbox" });
    public Task InitializeAsync() => Task.CompletedTask;
    public Task DisposeAsync() => app.DisposeAsync().AsTask();

    [Fact]
    public async Task The_data_download_holds_the_profile_attempts_answers_reflections_certificate_and_statements()
    {
        var (asha, certificate) = await CertificateWalk.CertifiedAsync(app);

        var reply = await asha.Http.GetAsync("/api/learners/me/data");

        Assert.Equal(HttpStatusCode.OK, reply.StatusCode);
        Assert.Equal("no-store", reply.Headers.CacheControl?.ToString());
        var data = await reply.Content.ReadFromJsonAsync<JsonElement>();
        var profile = data.GetProperty("profile");
        Assert.Equal("Asha Patel", profile.GetProperty("name").GetString());
        Assert.Equal(Email, profile.GetProperty("email").GetString());
        Assert.Equal("PH123456", profile.GetProperty("registrationNumber").GetString());
        Assert.Equal(4, data.GetProperty("assessment").GetProperty("attempts").GetArrayLength());
        Assert.Contains(data.GetProperty("assessment").GetProperty("attempts").EnumerateArray().SelectMany(a => a.GetProperty("answers").EnumerateArray()),
            a => a.GetProperty("nodeId").GetString() == "q1");
        var reflection = Assert.Single(data.GetProperty("assessment").GetProperty("reflections").EnumerateArray());
        Assert.Equal("I will ask my manager and use the trust's consent form.", reflection.GetProperty("text").GetString());
        var held = Assert.Single(data.GetProperty("certificates").EnumerateArray());
        Assert.Equal(certificate.GetProperty("id").GetString(), held.GetProperty("certificate").GetProperty("id").GetString());
        Assert.Equal(3, held.GetProperty("credential").GetString()!.Split('.').Length);
        Assert.NotEmpty(data.GetProperty("statements").EnumerateArray());
        Assert.All(data.GetProperty("statements").EnumerateArray(),
            s => Assert.Equal($"mailto:{Email}", s.GetProperty("statement").GetProperty("actor").GetProperty("mbox").GetString()));
        Assert.Equal(0, data.GetProperty("workshops").GetArrayLength());
        Assert.Equal(0, data.GetProperty("lmsLaunches").GetArrayLength());
    }

    [Fact]
    public async Task The_data_download_is_there_before_anything_is_passed_and_shows_nobody_elses()
    {
        var asha = await CertificateWalk.RegisterAsync(app);
        var ben = await CertificateWalk.RegisterAsync(app, "Ben Okafor", email: "ben.okafor@example.nhs.uk");
        await CertificateWalk.PassOneQuestionModuleAsync(ben, "boundaries");

        var data = await asha.GetJsonAsync("/api/learners/me/data");

        Assert.Equal(0, data.GetProperty("assessment").GetProperty("attempts").GetArrayLength());
        Assert.Equal(0, data.GetProperty("certificates").GetArrayLength());
        Assert.DoesNotContain("Ben", data.GetRawText());
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateClient().GetAsync("/api/learners/me/data")).StatusCode);
    }

    [Fact]
    public async Task A_workshop_delegates_download_names_the_workshop_and_erasure_takes_them_out_of_it()
    {
        var facilitator = await FacilitatorClient.CreateAsync(app.AdminClient(), app.CreateClient);
        var workshop = await facilitator.CreateWorkshopAsync("Ward 7 supervisors");
        var priya = await WorkshopJoining.JoinAsNewAsync(app.CreateClient, workshop.JoinCode);

        var joined = Assert.Single((await priya.GetJsonAsync("/api/learners/me/data")).GetProperty("workshops").EnumerateArray());
        Assert.Equal("Ward 7 supervisors", joined.GetProperty("title").GetString());

        Assert.Equal(HttpStatusCode.NoContent, (await priya.Http.DeleteAsync("/api/learners/me")).StatusCode);
        await using var db = new SqliteConnection($"Data Source={app.DatabasePath}");
        Assert.Equal(0, await db.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM workshop_delegates WHERE learner_id = @id", new { id = priya.LearnerId.ToString() }));
    }

    [Fact]
    public async Task After_erasure_the_token_is_dead_the_certificate_is_withdrawn_without_a_name_and_the_outbox_names_nobody()
    {
        var (asha, certificate) = await CertificateWalk.CertifiedAsync(app);
        var id = certificate.GetProperty("id").GetString()!;
        var credential = Encoding.ASCII.GetString(await CertificateWalk.GetBytesAsync(asha.Http, certificate.GetProperty("credentialUrl").GetString()!, "application/vc+jwt"));
        Assert.Contains(Email, await OutboxTextAsync()); // what erasure has to remove

        var erased = await asha.Http.DeleteAsync("/api/learners/me");

        Assert.Equal(HttpStatusCode.NoContent, erased.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await asha.Http.GetAsync("/api/learners/me/data")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await asha.Http.GetAsync("/api/learners/me")).StatusCode);

        var anonymous = app.CreateClient();
        var page = await anonymous.GetStringAsync($"/verify/{id}");
        Assert.Contains("This certificate has been withdrawn", page);
        Assert.DoesNotContain("Asha", page);
        var status = await anonymous.GetFromJsonAsync<JsonElement>($"/api/verify/{id}");
        Assert.Equal("withdrawn", status.GetProperty("status").GetString());
        Assert.Equal("", status.GetProperty("name").GetString());
        var presented = await anonymous.PostAsJsonAsync("/api/verify", new { credential });
        Assert.Equal("withdrawn", (await presented.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());

        var outbox = await OutboxTextAsync();
        Assert.NotEmpty(outbox);
        Assert.DoesNotContain(Email, outbox);
        Assert.DoesNotContain("Asha", outbox);
        Assert.DoesNotContain("I will ask my manager", outbox);
        Assert.DoesNotContain(asha.LearnerId.ToString(), outbox);

        await using var db = new SqliteConnection($"Data Source={app.DatabasePath}");
        var row = await db.QuerySingleAsync<(string Name, string? Email, string? Registration)>(
            "SELECT name, email, registration_number FROM learners WHERE id = @id", new { id = asha.LearnerId.ToString() });
        Assert.Equal(("", null, null), row);
        Assert.Equal(0, await db.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM answers"));
        Assert.Equal("", await db.ExecuteScalarAsync<string>("SELECT learner_name || credential FROM certificates WHERE id = @id", new { id }));
    }

    [Fact]
    public async Task An_administrator_erases_a_delegate_by_id_and_only_an_administrator_may()
    {
        var (asha, certificate) = await CertificateWalk.CertifiedAsync(app);
        var ben = await CertificateWalk.RegisterAsync(app, "Ben Okafor", email: "ben.okafor@example.nhs.uk");

        Assert.Equal(HttpStatusCode.Forbidden, (await ben.Http.DeleteAsync($"/api/admin/learners/{asha.LearnerId}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateClient().DeleteAsync($"/api/admin/learners/{asha.LearnerId}")).StatusCode);
        var unknown = await app.AdminClient().DeleteAsync($"/api/admin/learners/{Guid.NewGuid()}");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);

        Assert.Equal(HttpStatusCode.NoContent, (await app.AdminClient().DeleteAsync($"/api/admin/learners/{asha.LearnerId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await app.AdminClient().DeleteAsync($"/api/admin/learners/{asha.LearnerId}")).StatusCode); // again: harmless

        Assert.Equal(HttpStatusCode.Unauthorized, (await asha.Http.GetAsync("/api/learners/me/data")).StatusCode);
        var status = await app.CreateClient().GetFromJsonAsync<JsonElement>($"/api/verify/{certificate.GetProperty("id").GetString()}");
        Assert.Equal("withdrawn", status.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Gone, (await app.AdminClient().GetAsync($"/api/admin/learners/{asha.LearnerId}/cpd-evidence")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await ben.Http.GetAsync("/api/learners/me/data")).StatusCode);
    }

    async Task<string> OutboxTextAsync()
    {
        await using var db = new SqliteConnection($"Data Source={app.DatabasePath}");
        return string.Join("\n", await db.QueryAsync<string>("SELECT statement FROM xapi_outbox"));
    }
}
