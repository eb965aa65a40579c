using System.Text.Json;

// Shared by the bench projects that start an app and talk to it over HTTP (linked into each by its .csproj).

/// <summary>
/// A JSON body with its length, as the player's fetch() sends one. JsonContent streams without a length, which HTTP/1.1
/// sends chunked, so the API decoded every answer's body as chunks, which no browser makes it do.
/// </summary>
static class JsonBody
{
    public static HttpContent Of(object value) =>
        new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(value)) { Headers = { ContentType = new("application/json") } };
}

static class Started
{
    /// <summary>Polls <paramref name="path"/> until it answers 2xx; <paramref name="what"/> names the app if it never does.</summary>
    public static async Task WaitAsync(HttpClient http, string path, TimeSpan within, string what)
    {
        var deadline = DateTime.UtcNow + within;
        while (true)
        {
            try { if ((await http.GetAsync(path)).IsSuccessStatusCode) return; } catch (HttpRequestException) { }
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{what} did not start.");
            await Task.Delay(100);
        }
    }
}
