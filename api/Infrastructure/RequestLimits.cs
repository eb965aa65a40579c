using Microsoft.AspNetCore.Http.Features;

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
