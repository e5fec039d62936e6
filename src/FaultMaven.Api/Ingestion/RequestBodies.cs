using System.IO.Compression;
using Microsoft.AspNetCore.Http.Features;

namespace FaultMaven.Api.Ingestion;

/// <summary>The request body as plain bytes: gzip undone, size limited before and after decompression.</summary>
public static class RequestBodies
{
    public static Stream Open(HttpRequest request, long maxBytes)
    {
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeFeature)
        {
            sizeFeature.MaxRequestBodySize = maxBytes;
        }

        if (request.ContentLength > maxBytes)
        {
            throw new BodyTooLargeException(maxBytes);
        }

        return Decode(request.Body, request.Headers.ContentEncoding.ToString(), maxBytes);
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
