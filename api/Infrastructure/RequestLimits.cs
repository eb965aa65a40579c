using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;

namespace ELearning.Api.Infrastructure;

public static class RequestLimits
{
    /// <summary>No answer, sign-in or launch needs more; a reflection is at most 5,000 characters.</summary>
    public const long MaxBodyBytes = 64 * 1024;

    /// <summary>
    /// Refuses bodies over the limit with 413, whether they announce their length or arrive chunked. Kestrel has
    /// the same limit; this also holds behind other servers and in the test host.
    /// </summary>
    public static IApplicationBuilder UseBodySizeLimit(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (context.Request.ContentLength > MaxBodyBytes)
        {
            await TooLarge(context);
            return;
        }
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
            feature.MaxRequestBodySize = MaxBodyBytes;
        if (context.Request.ContentLength is null && context.Request.Body.CanRead)
            context.Request.Body = new LimitedStream(context.Request.Body, MaxBodyBytes);
        await next(context);
    });

    static Task TooLarge(HttpContext context) =>
        Results.Problem(statusCode: 413, title: "Request too large", detail: $"Requests are limited to {MaxBodyBytes / 1024} KB.").ExecuteAsync(context);

    sealed class LimitedStream(Stream inner, long limit) : Stream
    {
        long read;
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => read; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));
        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default) => Count(await inner.ReadAsync(buffer, ct));
        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ct) => ReadAsync(buffer.AsMemory(offset, count), ct).AsTask();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        int Count(int n)
        {
            read += n;
            if (read > limit) throw new BadHttpRequestException($"Requests are limited to {limit / 1024} KB.", StatusCodes.Status413PayloadTooLarge);
            return n;
        }
    }
}

/// <summary>
/// Turns what a client can get wrong (unreadable JSON, a body too large) into ProblemDetails with the right
/// status; anything else is our fault, logged, and answered 500 without internals.
/// </summary>
public sealed class ClientErrorHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken ct)
    {
        if (exception is not BadHttpRequestException bad) return false;
        context.Response.StatusCode = bad.StatusCode;
        var detail = bad.StatusCode == StatusCodes.Status413PayloadTooLarge
            ? bad.Message
            : "The request body could not be read as JSON of the expected shape. " + (bad.InnerException?.Message ?? bad.Message);
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails { Status = bad.StatusCode, Title = bad.StatusCode == 413 ? "Request too large" : "The request is not valid", Detail = detail },
            Exception = exception,
        });
    }
}
