using System.Globalization;
using System.IO.Compression;
using ELearning.Api.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ELearning.Api.Certificates;

/// <summary>
/// A trust's certificates for a period as one ZIP of PDFs, for an administrator: GET /api/admin/certificates.zip?from=&amp;to=.
/// The ZIP is written to the response as it is made: the certificates are read a page at a time, rendered a few at
/// a time in parallel, and each PDF is put into the archive and sent before the next, so memory holds one page of
/// rows and a few PDFs whatever the size of the year.
/// </summary>
public static class CertificateExport
{
    /// <summary>Rows read per query.</summary>
    public const int PageSize = 100;
    /// <summary>The longest range one export covers: a year (a leap year's), so a mistyped range cannot ask for everything.</summary>
    public const int MaxDays = 366;

    public static async Task<Results<EmptyHttpResult, ValidationProblem>> Zip(
        string? from, string? to, HttpContext http, CertificateStore certificates, CertificateDocuments documents, CancellationToken ct)
    {
        if (Range(from, to) is not var (start, end)) return Problems.Invalid(Errors(from, to));

        http.Response.ContentType = "application/zip";
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"certificates-{from}-to-{to}.zip\"";
        http.Response.Headers.CacheControl = "no-store";
        await using var body = new EntryByEntryStream(http.Response.Body);
        using (var archive = new ZipArchive(body, ZipArchiveMode.Create, leaveOpen: true))
        {
            (DateTimeOffset, string)? after = null;
            while (true)
            {
                var page = await certificates.IssuedBetweenAsync(start, end, after, PageSize, ct);
                // A few at a time on every core (rendering is CPU work and the PDF engine is thread-safe), written in order.
                foreach (var batch in page.Chunk(Environment.ProcessorCount * 2))
                {
                    var pdfs = new byte[batch.Length][];
                    Parallel.For(0, batch.Length, new ParallelOptions { CancellationToken = ct }, i => pdfs[i] = documents.Pdf(batch[i]));
                    for (var i = 0; i < batch.Length; i++)
                    {
                        var entry = archive.CreateEntry(CertificateDocuments.PdfFileName(batch[i]), CompressionLevel.Fastest);
                        entry.LastWriteTime = batch[i].IssuedAt;
                        using (var stream = entry.Open()) stream.Write(pdfs[i]);
                        await body.SendAsync(ct);
                    }
                }
                if (page.Count < PageSize) break;
                after = (page[^1].IssuedAt, page[^1].Id);
            }
        }
        await body.SendAsync(ct); // the central directory, written when the archive is disposed
        return TypedResults.Empty;
    }

    /// <summary>[from 00:00 UTC, the day after to 00:00 UTC): both dates are inclusive.</summary>
    static (DateTimeOffset, DateTimeOffset)? Range(string? from, string? to) =>
        Day(from) is { } start && Day(to) is { } last && start <= last && (last - start).TotalDays < MaxDays
            ? (start, last.AddDays(1))
            : null;

    static Dictionary<string, string[]> Errors(string? from, string? to)
    {
        var errors = new Dictionary<string, string[]>();
        if (Day(from) is null) errors["from"] = ["from is required: the first day of issue to include, as yyyy-MM-dd."];
        if (Day(to) is null) errors["to"] = ["to is required: the last day of issue to include, as yyyy-MM-dd."];
        if (errors.Count > 0) return errors;
        errors["to"] = Day(to) < Day(from)
            ? ["to must be on or after from."]
            : [$"A range covers at most {MaxDays} days: export a long period a year at a time."];
        return errors;
    }

    static DateTimeOffset? Day(string? text) =>
        text is { Length: 10 } && DateTime.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            ? new DateTimeOffset(day, TimeSpan.Zero)
            : null;

    /// <summary>
    /// What ZipArchive writes into, in memory, until <see cref="SendAsync"/> sends it on (asynchronously, as Kestrel
    /// requires). Not seekable, so the archive writes each entry's sizes after its data instead of going back for them,
    /// and never needs more than the entry in hand.
    /// </summary>
    sealed class EntryByEntryStream(Stream response) : Stream
    {
        readonly MemoryStream pending = new();
        long written;

        public async Task SendAsync(CancellationToken ct)
        {
            if (pending.Length == 0) return;
            await response.WriteAsync(pending.GetBuffer().AsMemory(0, (int)pending.Length), ct);
            await response.FlushAsync(ct);
            pending.SetLength(0);
        }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));
        public override void Write(ReadOnlySpan<byte> buffer)
        {
            pending.Write(buffer);
            written += buffer.Length;
        }

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => written; set => throw new NotSupportedException(); }
        public override void Flush() { } // sent by SendAsync
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
