using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace ELearning.Api.Tracking.Xapi;

/// <summary>What an LRS said to a request: status, body and, on 429/503, how long it asked us to wait.</summary>
public sealed record LrsResponse(HttpStatusCode Status, string Body, TimeSpan? RetryAfter)
{
    public bool IsSuccess => (int)Status is >= 200 and < 300;
}

public sealed class LrsException(string message, LrsResponse? response = null) : Exception(message)
{
    public LrsResponse? Response { get; } = response;
}

/// <summary>
/// An xAPI 1.0.3 client over HttpClient: the Statements resource (C 2.1) and the State resource (C 2.3).
/// The HttpClient's BaseAddress is the LRS endpoint (ending in '/'), and it carries the Authorization and
/// X-Experience-API-Version headers (see <see cref="Configure(HttpClient, Uri, string?, string?, TimeSpan)"/>).
/// </summary>
public sealed class LrsClient(HttpClient http)
{
    public const string HttpClientName = "lrs";
    public const string Version = "1.0.3";

    /// <summary>C 3.3: every request names the version; C 4.0: HTTP Basic auth with the key and secret.</summary>
    public static void Configure(HttpClient http, Uri endpoint, string? key, string? secret, TimeSpan timeout) =>
        Configure(http, endpoint, string.IsNullOrEmpty(key) ? null : new AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{key}:{secret}"))), timeout);

    /// <summary>With an Authorization header given whole: cmi5's fetched token is already the Basic credentials (cmi5 8.2).</summary>
    public static void Configure(HttpClient http, Uri endpoint, AuthenticationHeaderValue? authorization, TimeSpan timeout)
    {
        http.BaseAddress = endpoint.AbsoluteUri.EndsWith('/') ? endpoint : new Uri(endpoint.AbsoluteUri + "/");
        http.DefaultRequestHeaders.Add("X-Experience-API-Version", Version);
        http.DefaultRequestHeaders.Authorization = authorization;
        http.Timeout = timeout;
    }

    /// <summary>An Agent Profile document (C 2.6), or null if there is none (404).</summary>
    public async Task<LrsResponse> GetAgentProfileAsync(Agent agent, string profileId, CancellationToken ct)
    {
        using var response = await http.GetAsync(
            $"agents/profile?agent={Uri.EscapeDataString(JsonSerializer.Serialize(agent, XapiJson.Options))}&profileId={Uri.EscapeDataString(profileId)}", ct);
        return await ReadAsync(response, ct);
    }

    public static LrsClient Create(Uri endpoint, string? key, string? secret, TimeSpan? timeout = null)
    {
        var http = new HttpClient();
        Configure(http, endpoint, key, secret, timeout ?? TimeSpan.FromSeconds(30));
        return new LrsClient(http);
    }

    /// <summary>POSTs a JSON array of statements as it is (the outbox keeps each statement's JSON); C 2.1.2.</summary>
    public async Task<LrsResponse> PostStatementsJsonAsync(string jsonArray, CancellationToken ct)
    {
        using var content = new StringContent(jsonArray, Encoding.UTF8, "application/json");
        using var response = await http.PostAsync("statements", content, ct);
        return await ReadAsync(response, ct);
    }

    public async Task<IReadOnlyList<Guid>> SaveStatementsAsync(IEnumerable<Statement> statements, CancellationToken ct)
    {
        var response = await PostStatementsJsonAsync(JsonSerializer.Serialize(statements, XapiJson.Options), ct);
        if (!response.IsSuccess) throw new LrsException($"The LRS answered {(int)response.Status}: {response.Body}", response);
        return JsonSerializer.Deserialize<List<Guid>>(response.Body) ?? [];
    }

    /// <summary>PUT with statementId: 204 when stored (C 2.1.1).</summary>
    public async Task SaveStatementAsync(Statement statement, CancellationToken ct)
    {
        using var content = new StringContent(XapiJson.Serialize(statement), Encoding.UTF8, "application/json");
        using var response = await http.PutAsync($"statements?statementId={statement.Id:D}", content, ct);
        var read = await ReadAsync(response, ct);
        if (!read.IsSuccess) throw new LrsException($"The LRS answered {(int)read.Status}: {read.Body}", read);
    }

    public async Task<Statement?> GetStatementAsync(Guid id, CancellationToken ct)
    {
        using var response = await http.GetAsync($"statements?statementId={id:D}", ct);
        if (response.StatusCode == HttpStatusCode.NotFound) return null;
        var read = await ReadAsync(response, ct);
        if (!read.IsSuccess) throw new LrsException($"The LRS answered {(int)read.Status}: {read.Body}", read);
        return XapiJson.Deserialize(read.Body);
    }

    /// <summary>
    /// Whether the LRS accepts these credentials: one GET of at most one statement (C 2.1.3). Used to check an
    /// LMS's launch before trusting who it says the learner is.
    /// </summary>
    public async Task<HttpStatusCode> ProbeAsync(CancellationToken ct)
    {
        using var response = await http.GetAsync("statements?limit=1", ct);
        return response.StatusCode;
    }

    /// <summary>GET statements with query parameters (C 2.1.3), following "more" until the LRS has no more.</summary>
    public async Task<IReadOnlyList<Statement>> QueryStatementsAsync(IReadOnlyDictionary<string, string> query, CancellationToken ct)
    {
        var all = new List<Statement>();
        var url = "statements?" + string.Join("&", query.Select(p => $"{p.Key}={Uri.EscapeDataString(p.Value)}"));
        while (!string.IsNullOrEmpty(url))
        {
            using var response = await http.GetAsync(url, ct);
            var read = await ReadAsync(response, ct);
            if (!read.IsSuccess) throw new LrsException($"The LRS answered {(int)read.Status}: {read.Body}", read);
            var page = JsonSerializer.Deserialize<StatementResult>(read.Body, XapiJson.Options)!;
            all.AddRange(page.Statements);
            // "more" is relative to the LRS's host, not to the endpoint (C 2.1.3, StatementResult).
            url = string.IsNullOrEmpty(page.More) ? null : new Uri(http.BaseAddress!, page.More).AbsoluteUri;
        }
        return all;
    }

    // The State resource (C 2.3): documents keyed by activity, agent, optional registration and state id.
    public async Task SaveStateAsync(string activityId, Agent agent, string stateId, Guid? registration, string json, CancellationToken ct)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await http.PutAsync(StateUrl(activityId, agent, stateId, registration), content, ct);
        var read = await ReadAsync(response, ct);
        if (!read.IsSuccess) throw new LrsException($"The LRS answered {(int)read.Status}: {read.Body}", read);
    }

    public async Task<string?> GetStateAsync(string activityId, Agent agent, string stateId, Guid? registration, CancellationToken ct)
    {
        using var response = await http.GetAsync(StateUrl(activityId, agent, stateId, registration), ct);
        if (response.StatusCode == HttpStatusCode.NotFound) return null;
        var read = await ReadAsync(response, ct);
        if (!read.IsSuccess) throw new LrsException($"The LRS answered {(int)read.Status}: {read.Body}", read);
        return read.Body;
    }

    public async Task DeleteStateAsync(string activityId, Agent agent, string stateId, Guid? registration, CancellationToken ct)
    {
        using var response = await http.DeleteAsync(StateUrl(activityId, agent, stateId, registration), ct);
        var read = await ReadAsync(response, ct);
        if (!read.IsSuccess) throw new LrsException($"The LRS answered {(int)read.Status}: {read.Body}", read);
    }

    static string StateUrl(string activityId, Agent agent, string stateId, Guid? registration) =>
        $"activities/state?activityId={Uri.EscapeDataString(activityId)}&agent={Uri.EscapeDataString(JsonSerializer.Serialize(agent, XapiJson.Options))}" +
        $"&stateId={Uri.EscapeDataString(stateId)}" + (registration is { } r ? $"&registration={r:D}" : "");

    static async Task<LrsResponse> ReadAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var body = await response.Content.ReadAsStringAsync(ct);
        var retry = response.Headers.RetryAfter switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } => date - DateTimeOffset.UtcNow,
            _ => (TimeSpan?)null,
        };
        return new LrsResponse(response.StatusCode, body, retry);
    }
}
