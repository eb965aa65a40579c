using System.Text;
using Microsoft.AspNetCore.Http;

namespace ELearning.Tests.Support;

/// <summary>
/// How a simulated LMS passes xAPI calls on to the real LRS behind it, with the LRS's own credentials, and hands the
/// LRS's answer back unchanged: the LMS's record is the real LRS's.
/// </summary>
public static class LrsForwarding
{
    public static HttpRequestMessage Request(Uri lrs, HttpMethod method, string path, string query, string body)
    {
        var request = new HttpRequestMessage(method, new Uri(lrs, path + query));
        request.Headers.Add("X-Experience-API-Version", "1.0.3");
        request.Headers.Authorization = new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("test-key:test-secret")));
        if (body.Length > 0) request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        return request;
    }

    public static async Task ForwardAsync(HttpClient forward, Uri lrs, HttpContext context, string path, string body)
    {
        using var request = Request(lrs, new HttpMethod(context.Request.Method), path, context.Request.QueryString.ToString(), body);
        using var response = await forward.SendAsync(request);
        context.Response.StatusCode = (int)response.StatusCode;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(await response.Content.ReadAsStringAsync());
    }
}
