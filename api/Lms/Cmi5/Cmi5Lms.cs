using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using ELearning.Api.Tracking.Xapi;

namespace ELearning.Api.Lms.Cmi5;

/// <summary>What the LMS's State document LMS.LaunchData says (cmi5 10.0). Read, never written.</summary>
public sealed record Cmi5LaunchData(string LaunchMode, string? ReturnUrl, double? MasteryScore, string? MoveOn, string? ContextTemplate, string? LaunchParameters);

/// <summary>Why a launch could not go on, in words for the delegate; Status is ours to answer with (409 or 502).</summary>
public sealed record Cmi5Failure(int Status, string Title, string Detail);

/// <summary>
/// Talks to the LMS on the delegate's behalf: the fetch URL (cmi5 8.2) and the LMS's LRS (State and Agent
/// Profile resources, cmi5 10 and 11). The auth token goes nowhere else, and never into a message.
/// </summary>
public sealed class Cmi5Lms(IHttpClientFactory httpClients)
{
    public const string HttpClientName = "cmi5";
    public const string LaunchDataStateId = "LMS.LaunchData";
    public const string LearnerPreferences = "cmi5LearnerPreferences";

    /// <summary>POSTs the fetch URL, once (cmi5 8.2): the token, or why not.</summary>
    public async Task<(string? Token, Cmi5Failure? Failure)> FetchTokenAsync(Uri fetch, CancellationToken ct)
    {
        HttpResponseMessage response;
        string body;
        try
        {
            response = await httpClients.CreateClient(HttpClientName).PostAsync(fetch, content: null, ct);
            body = await response.Content.ReadAsStringAsync(ct);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            return (null, CouldNotStart);
        }
        using (response)
        {
            JsonElement json = default;
            try { json = JsonDocument.Parse(body).RootElement; } catch (JsonException) { }
            if (json.ValueKind == JsonValueKind.Object && json.TryGetProperty("error-code", out var code))
            {
                var text = json.TryGetProperty("error-text", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
                // error-code 1: the token was already fetched; this launch link has been used (cmi5 8.2.3).
                return code.ToString() == "1"
                    ? (null, new(409, "This launch has already been used",
                        "This link to the module has already been used. Open the module again from your learning system." + Quote(text)))
                    : (null, new(502, "Your learning system refused the launch", "Your learning system would not start this module." + Quote(text)));
            }
            if (response.StatusCode == HttpStatusCode.OK && json.ValueKind == JsonValueKind.Object && json.TryGetProperty("auth-token", out var token)
                && token.ValueKind == JsonValueKind.String && token.GetString() is { Length: > 0 and <= 4000 } value)
                return (value, null);
            return (null, CouldNotStart);
        }
    }

    // One answer whatever went wrong (no answer, a closed port, a blocked address, a non-cmi5 reply, any status): a
    // launch must not tell an open port from a closed one. Only an LMS that answers in cmi5 (error-code) is quoted.
    static readonly Cmi5Failure CouldNotStart = new(502, "Your learning system could not start this module",
        "The course could not start this module with your learning system. Open it again from your learning system.");

    static string Quote(string? text) => string.IsNullOrWhiteSpace(text) ? "" : $" It said: \"{(text.Length > 300 ? text[..300] + "…" : text)}\"";

    /// <summary>A client for the LMS's LRS with the fetched token as the Basic credentials (cmi5 8.2.2).</summary>
    public LrsClient Lrs(Uri endpoint, string token) => Lrs(endpoint, new AuthenticationHeaderValue("Basic", token));

    /// <summary>A client for an LMS's LRS with the credentials its launch gave.</summary>
    public LrsClient Lrs(Uri endpoint, AuthenticationHeaderValue authorization)
    {
        var http = httpClients.CreateClient(LaunchTracking.HttpClientName);
        LrsClient.Configure(http, endpoint, authorization, TimeSpan.FromSeconds(20));
        return new LrsClient(http);
    }


    public static async Task<(Cmi5LaunchData? Data, Cmi5Failure? Failure)> LaunchDataAsync(
        LrsClient lrs, string activityId, Agent actor, Guid registration, CancellationToken ct)
    {
        string? body;
        try { body = await lrs.GetStateAsync(activityId, actor, LaunchDataStateId, registration, ct); }
        catch (Exception e) when (e is LrsException or HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            body = null;
        }
        if (body is null) return (null, new(502, "Your learning system did not give the launch's settings", "The course could not read this module's settings from your learning system (LMS.LaunchData). Try again from your learning system."));
        try
        {
            var json = JsonDocument.Parse(body).RootElement;
            var mode = Text(json, "launchMode");
            if (!LaunchModes.IsKnown(mode)) return (null, new(502, "Your learning system gave settings the course cannot use", $"launchMode must be Normal, Browse or Review."));
            double? mastery = json.TryGetProperty("masteryScore", out var m) && m.ValueKind == JsonValueKind.Number ? m.GetDouble() : null;
            if (mastery is < 0 or > 1) mastery = null;
            var returnUrl = Text(json, "returnURL") is { } r && Uri.TryCreate(r, UriKind.Absolute, out var u) && u.Scheme is "http" or "https" ? u.AbsoluteUri : null;
            var template = json.TryGetProperty("contextTemplate", out var c) && c.ValueKind == JsonValueKind.Object ? c.GetRawText() : null;
            return (new(mode!, returnUrl, mastery, Text(json, "moveOn"), template, Text(json, "launchParameters")), null);
        }
        catch (JsonException)
        {
            return (null, new(502, "Your learning system gave settings the course cannot use", "LMS.LaunchData is not a JSON object."));
        }
    }

    /// <summary>cmi5 11: optional; a 403 or 404 (or anything else) means none.</summary>
    public static async Task<string?> LearnerPreferencesAsync(LrsClient lrs, Agent actor, CancellationToken ct)
    {
        try
        {
            var read = await lrs.GetAgentProfileAsync(actor, LearnerPreferences, ct);
            return read.IsSuccess ? read.Body : null;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested) { return null; }
    }

    static string? Text(JsonElement json, string name) => json.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
