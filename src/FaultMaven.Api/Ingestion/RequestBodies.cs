using System.IO.Compression;
using Microsoft.AspNetCore.Http.Features;

namespace FaultMaven.Api.Ingestion;

/// <summary>The request body as plain bytes: gzip undone, size limited before and after decompression.</summary>
public static class RequestBodies
{
    /// <exception cref="BodyTooLargeException">The body is, or while read turns out, larger than <paramref name="maxBytes"/>.</exception>
    public static Stream Open(HttpRequest request, long maxBytes)
    {
        Limit(request, maxBytes);
        return Decode(request.Body, request.Headers.ContentEncoding.ToString(), maxBytes);
    }

    /// <summary>
    /// The multipart form of the request, its body at most <paramref name="maxBytes"/>. The multipart reader's own
    /// length limit is off: it reports a breach only in its message text, while the body stream reports it by type.
    /// </summary>
    /// <exception cref="BodyTooLargeException">The body is larger than <paramref name="maxBytes"/>.</exception>
    public static Task<IFormCollection> ReadFormAsync(HttpRequest request, long maxBytes, CancellationToken cancellationToken)
    {
        Limit(request, maxBytes);
        request.Body = new LimitedReadStream(request.Body, maxBytes);
        return request.ReadFormAsync(new FormOptions { MultipartBodyLengthLimit = long.MaxValue }, cancellationToken);
    }

    // Kestrel's limit refuses an oversized body early (413 as BadHttpRequestException); it can no longer be set once reading began.
    private static void Limit(HttpRequest request, long maxBytes)
    {
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeFeature)
        {
            sizeFeature.MaxRequestBodySize = maxBytes;
        }

        if (request.ContentLength > maxBytes)
        {
            throw new BodyTooLargeException(maxBytes);
        }
    }

    public static Stream Decode(Stream body, string contentEncoding, long maxBytes)
    {
        var decoded = contentEncoding.Trim().ToLowerInvariant() switch
        {
            "" or "identity" => body,
            "gzip" or "x-gzip" => new GZipStream(body, CompressionMode.Decompress, leaveOpen: true),
            _ => throw new NotSupportedException($"Content-Encoding '{contentEncoding}' is not supported; send identity or gzip"),
        };
        return new LimitedReadStream(decoded, maxBytes);
    }
}
