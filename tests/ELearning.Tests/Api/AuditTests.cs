using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ELearning.Tests.Certificates;
using ELearning.Tests.Support;

namespace ELearning.Tests.Api;

/// <summary>
/// The audit log says who among administrators and facilitators did what, to whom: read an evidence pack or a
/// certificate, revoked a certificate or a facilitator, made a facilitator, opened and closed a workshop, took its attendance.
/// </summary>
public sealed class AuditTests : IAsyncLifetime
{
    const string AliceKey = "alice-Zq8vN3rT6yB1mK4wP7sD0fH2jL5xC9gA";
    readonly ELearningApp app = new(settings: new Dictionary<string, string?> { ["Admin:ApiKey"] = "", ["Admin:Keys:alice"] = AliceKey });
    public Task InitializeAsync() => Task.CompletedTask;
    public Task DisposeAsync() => app.DisposeAsync().AsTask();

    HttpClient Alice() => app.CreateClient().WithBearer(AliceKey);

    async Task<List<JsonElement>> AllEntriesAsync()
    {
        var entries = new List<JsonElement>();
        for (string? next = "/api/admin/audit?limit=2"; next is not null;)
        {
            var page = await Alice().GetFromJsonAsync<JsonElement>(next);
            entries.AddRange(page.GetProperty("entries").EnumerateArray());
            next = page.GetProperty("next").GetString();
        }
        return entries;
    }

    static (string Role, string Actor, string Action, string? Subject) Line(JsonElement e) => (e.GetProperty("actorRole").GetString()!,
        e.GetProperty("actor").GetString()!, e.GetProperty("action").GetString()!, e.GetProperty("subject").GetString());

    [Fact]
    public async Task Administrators_and_facilitators_actions_are_logged_with_who_and_on_whom_newest_first_a_page_at_a_time()
    {
        var sam = await FacilitatorClient.CreateAsync(Alice(), app.CreateClient);
        var workshop = await sam.CreateWorkshopAsync();
        Assert.Equal(HttpStatusCode.OK, (await sam.Http.GetAsync($"/api/workshops/{workshop.Id}/attendance.csv")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await sam.Http.PostAsync($"/api/workshops/{workshop.Id}/close", null)).StatusCode);
        await sam.Http.PostAsync($"/api/workshops/{workshop.Id}/close", null); // closing again changes nothing, so logs nothing
        var (asha, certificate) = await CertificateWalk.CertifiedAsync(app);
        var certificateId = certificate.GetProperty("id").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await Alice().GetAsync($"/api/admin/learners/{asha.LearnerId}/cpd-evidence")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Alice().GetAsync($"/api/certificates/{certificateId}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Alice().PostAsJsonAsync($"/api/admin/certificates/{certificateId}/revoke", new { reason = "issued in error" })).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await Alice().PostAsync($"/api/admin/facilitators/{sam.Id}/revoke", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Alice().PostAsync($"/api/admin/facilitators/{Guid.NewGuid()}/revoke", null)).StatusCode);

        var entries = await AllEntriesAsync();

        var samId = sam.Id.ToString();
        Assert.Equal(
        [
            ("administrator", "alice", "facilitator.revoked", samId),
            ("administrator", "alice", "certificate.revoked", certificateId),
            ("administrator", "alice", "certificate.read", certificateId),
            ("administrator", "alice", "evidence.read", asha.LearnerId.ToString()),
            ("facilitator", samId, "workshop.closed", workshop.Id.ToString()),
            ("facilitator", samId, "workshop.attendance.read", workshop.Id.ToString()),
            ("facilitator", samId, "workshop.created", workshop.Id.ToString()),
            ("administrator", "alice", "facilitator.created", samId),
        ], entries.Select(Line).ToArray());
        Assert.Equal("issued in error", entries[1].GetProperty("detail").GetString());
        var seqs = entries.Select(e => e.GetProperty("seq").GetInt64()).ToList();
        Assert.Equal(seqs.OrderDescending(), seqs);
        Assert.Equal(seqs.Count, seqs.Distinct().Count());
    }

    [Fact]
    public async Task A_delegate_reading_their_own_certificate_is_not_logged_and_the_log_is_for_administrators_only()
    {
        var (asha, certificate) = await CertificateWalk.CertifiedAsync(app);
        Assert.Equal(HttpStatusCode.OK, (await asha.Http.GetAsync($"/api/certificates/{certificate.GetProperty("id").GetString()}")).StatusCode);

        Assert.Empty(await AllEntriesAsync());
        Assert.Equal(HttpStatusCode.Forbidden, (await asha.Http.GetAsync("/api/admin/audit")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateClient().GetAsync("/api/admin/audit")).StatusCode);
    }

    [Fact]
    public async Task An_administrator_erasing_a_delegate_is_logged_by_id_and_a_delegate_erasing_themselves_is_not()
    {
        var asha = await app.SignInAsync("Asha Patel");
        var ben = await app.SignInAsync("Ben Jones");
        Assert.Equal(HttpStatusCode.NoContent, (await ben.Http.DeleteAsync("/api/learners/me")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await Alice().DeleteAsync($"/api/admin/learners/{asha.LearnerId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Alice().DeleteAsync($"/api/admin/learners/{Guid.NewGuid()}")).StatusCode);

        var entries = await AllEntriesAsync();
        Assert.Equal([("administrator", "alice", "learner.erased", asha.LearnerId.ToString())], entries.Select(Line).ToArray());
    }

    [Theory]
    [InlineData("?limit=0", "limit")]
    [InlineData("?limit=201", "limit")]
    [InlineData("?before=0", "before")]
    public async Task A_page_out_of_range_is_400_naming_the_field(string query, string field)
    {
        var response = await Alice().GetAsync("/api/admin/audit" + query);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty(field, out _));
    }
}
