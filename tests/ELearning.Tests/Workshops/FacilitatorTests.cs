using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ELearning.Tests.Support;

namespace ELearning.Tests.Workshops;

public sealed class FacilitatorTests : IAsyncLifetime
{
    readonly ELearningApp app = new();
    public Task InitializeAsync() => Task.CompletedTask;
    public Task DisposeAsync() => app.DisposeAsync().AsTask();

    [Fact]
    public async Task An_administrator_adds_a_facilitator_who_gets_a_token_of_their_own()
    {
        var response = await app.AdminClient().PostAsJsonAsync("/api/admin/facilitators", new { name = "Sam Okafor", email = "sam.okafor@example.nhs.uk" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Sam Okafor", body.GetProperty("name").GetString());
        Assert.True(body.GetProperty("token").GetString()!.Length >= 40);
        var list = await app.AdminClient().GetFromJsonAsync<JsonElement>("/api/admin/facilitators");
        var listed = Assert.Single(list.EnumerateArray());
        Assert.Equal(body.GetProperty("id").GetGuid(), listed.GetProperty("id").GetGuid());
        Assert.False(listed.TryGetProperty("token", out _));
    }

    [Theory]
    [InlineData("", "sam@example.nhs.uk", "name")]
    [InlineData("Sam", "not an email", "email")]
    [InlineData("Sam", "", "email")]
    public async Task A_facilitator_needs_a_name_and_an_email(string name, string email, string field)
    {
        var response = await app.AdminClient().PostAsJsonAsync("/api/admin/facilitators", new { name, email });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(body.GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task Neither_a_delegate_nor_a_facilitator_may_add_facilitators()
    {
        var asha = await app.SignInAsync();
        var sam = await FacilitatorClient.CreateAsync(app.AdminClient(), app.CreateClient);

        Assert.Equal(HttpStatusCode.Forbidden, (await asha.Http.PostAsJsonAsync("/api/admin/facilitators", new { name = "X", email = "x@example.nhs.uk" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await sam.Http.PostAsJsonAsync("/api/admin/facilitators", new { name = "X", email = "x@example.nhs.uk" })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateClient().PostAsJsonAsync("/api/admin/facilitators", new { name = "X", email = "x@example.nhs.uk" })).StatusCode);
    }

    [Fact]
    public async Task A_facilitator_reads_a_case_in_full_and_a_delegate_does_not()
    {
        var sam = await FacilitatorClient.CreateAsync(app.AdminClient(), app.CreateClient);
        var asha = await app.SignInAsync();

        var full = await sam.Http.GetFromJsonAsync<JsonElement>("/api/facilitator/cases/fixture-ward-photo");
        var admin = await app.AdminClient().GetAsync("/api/facilitator/cases/fixture-ward-photo");

        Assert.True(full.GetProperty("discussionPrompts").GetArrayLength() > 0);
        Assert.Equal(2, full.GetProperty("nodes")[0].GetProperty("choices")[0].GetProperty("score").GetInt32());
        Assert.Equal(HttpStatusCode.OK, admin.StatusCode);
        var refused = await asha.Http.GetAsync("/api/facilitator/cases/fixture-ward-photo");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Forbidden, (await sam.Http.GetAsync("/api/admin/summary")).StatusCode);
    }

    [Fact]
    public async Task A_revoked_facilitator_is_signed_out_at_once()
    {
        var sam = await FacilitatorClient.CreateAsync(app.AdminClient(), app.CreateClient);
        Assert.Equal(HttpStatusCode.OK, (await sam.Http.GetAsync("/api/workshops")).StatusCode);

        var revoke = await app.AdminClient().PostAsync($"/api/admin/facilitators/{sam.Id}/revoke", null);

        Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await sam.Http.GetAsync("/api/workshops")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await sam.Http.GetAsync("/api/facilitator/cases/fixture-ward-photo")).StatusCode);
        var listed = (await app.AdminClient().GetFromJsonAsync<JsonElement>("/api/admin/facilitators"))[0];
        Assert.NotEqual(JsonValueKind.Null, listed.GetProperty("revokedAt").ValueKind);
        Assert.Equal(HttpStatusCode.NotFound, (await app.AdminClient().PostAsync($"/api/admin/facilitators/{Guid.NewGuid()}/revoke", null)).StatusCode);
    }
}
