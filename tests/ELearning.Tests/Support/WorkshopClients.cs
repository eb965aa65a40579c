using System.Net.Http.Json;
using System.Text.Json;

namespace ELearning.Tests.Support;

public sealed record CreatedWorkshop(Guid Id, string JoinCode, string JoinUrl);

/// <summary>A facilitator made by an administrator: their client and the calls the projector page makes.</summary>
public sealed class FacilitatorClient(HttpClient http, Guid id, string token)
{
    public HttpClient Http { get; } = http;
    public Guid Id { get; } = id;
    public string Token { get; } = token;

    /// <summary>POST /api/admin/facilitators with <paramref name="admin"/>, then a client of <paramref name="newClient"/> carrying the token.</summary>
    public static async Task<FacilitatorClient> CreateAsync(HttpClient admin, Func<HttpClient> newClient, string name = "Sam Okafor", string email = "sam.okafor@example.nhs.uk")
    {
        var response = await admin.PostAsJsonAsync("/api/admin/facilitators", new { name, email });
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var token = body.GetProperty("token").GetString()!;
        return new(newClient().WithBearer(token), body.GetProperty("id").GetGuid(), token);
    }

    public async Task<CreatedWorkshop> CreateWorkshopAsync(string title = "Ward 7 supervisors", params string[] moduleIds)
    {
        var response = await Http.PostAsJsonAsync("/api/workshops", new { title, moduleIds = moduleIds.Length > 0 ? moduleIds : ["confidentiality"] });
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<CreatedWorkshop>())!;
    }

    public Task<HttpResponseMessage> OpenCaseAsync(Guid workshopId, string caseId) => Http.PostAsJsonAsync($"/api/workshops/{workshopId}/current", new { caseId });
}

public static class WorkshopJoining
{
    /// <summary>Joins as a new delegate by code and returns a delegate client with the token the join gave.</summary>
    public static async Task<DelegateClient> JoinAsNewAsync(Func<HttpClient> newClient, string code, string name = "Priya Shah", string? registrationNumber = null)
    {
        var response = await newClient().PostAsJsonAsync("/api/workshops/join", new { code, name, registrationNumber, profession = "Radiographer" });
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return new DelegateClient(newClient().WithBearer(body.GetProperty("token").GetString()!), body.GetProperty("learnerId").GetGuid());
    }
}

public sealed record ServerSentEvent(string? Id, string? Event, string Data)
{
    public JsonElement Json => JsonDocument.Parse(Data).RootElement;
}

/// <summary>Reads a text/event-stream response event by event (id, event, data; comments skipped).</summary>
public sealed class EventStreamReader(HttpResponseMessage response) : IAsyncDisposable
{
    StreamReader? reader;

    public HttpResponseMessage Response => response;

    public static async Task<EventStreamReader> OpenAsync(HttpClient http, string url, string? lastEventId = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Accept.ParseAdd("text/event-stream");
        if (lastEventId is not null) request.Headers.Add("Last-Event-ID", lastEventId);
        var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        return new EventStreamReader(response);
    }

    /// <summary>The next event, or null if none arrives within <paramref name="timeout"/>.</summary>
    public async Task<ServerSentEvent?> NextAsync(TimeSpan timeout)
    {
        reader ??= new StreamReader(await response.Content.ReadAsStreamAsync());
        using var cts = new CancellationTokenSource(timeout);
        string? id = null, type = null;
        var data = new List<string>();
        try
        {
            while (true)
            {
                var line = await reader.ReadLineAsync(cts.Token);
                if (line is null) return null;
                if (line.Length == 0)
                {
                    if (data.Count > 0) return new(id, type, string.Join('\n', data));
                    id = null; type = null;
                    continue;
                }
                if (line.StartsWith(':')) continue;
                var colon = line.IndexOf(':');
                var field = colon < 0 ? line : line[..colon];
                var value = colon < 0 ? "" : line[(colon + 1)..].TrimStart(' ');
                switch (field)
                {
                    case "id": id = value; break;
                    case "event": type = value; break;
                    case "data": data.Add(value); break;
                }
            }
        }
        catch (OperationCanceledException) { return null; }
    }

    public ValueTask DisposeAsync()
    {
        reader?.Dispose();
        response.Dispose();
        return ValueTask.CompletedTask;
    }
}
