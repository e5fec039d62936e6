using System.IO.Compression;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.RequestDecompression;
using Microsoft.Extensions.Options;

namespace FaultMaven.Api.Ingestion;

/// <summary>
/// Request bodies of the endpoints that read them. ASP.NET Core does the decompression (gzip, x-gzip, br, deflate) and
/// the size limit: Kestrel counts the bytes received, request decompression the bytes decompressed, both against
/// <see cref="IngestionOptions.MaxBodyBytes"/> (endpoint metadata from <see cref="WithBodyLimit{TBuilder}"/>), and a
/// breach is a <see cref="BadHttpRequestException"/> with status 413. What the middleware leaves to the endpoint: a
/// <c>Content-Encoding</c> it does not know stays on the request (the body is still compressed), and multipart files
/// named <c>.gz</c> are decompressed here.
/// </summary>
public static class RequestBodies
{
    /// <summary>
    /// Registers request decompression: the built-in gzip and deflate, gzip's legacy name <c>x-gzip</c>, and br with
    /// corrupt data reported as <see cref="InvalidDataException"/> like the others (BrotliStream throws
    /// <see cref="InvalidOperationException"/>, which would answer a client's mistake with a 500).
    /// </summary>
    public static IServiceCollection AddRequestBodies(this IServiceCollection services) =>
        services.AddRequestDecompression(options =>
        {
            options.DecompressionProviders["x-gzip"] = new GzipDecompression();
            options.DecompressionProviders["br"] = new BrotliDecompression();
        });

    /// <summary>Limits the endpoint's request body to MaxBodyBytes, before and after decompression.</summary>
    public static TBuilder WithBodyLimit<TBuilder>(this TBuilder builder, IEndpointRouteBuilder routes)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new BodyLimit(routes.ServiceProvider.GetRequiredService<IOptions<IngestionOptions>>()));

    /// <summary>The request body, already decompressed by the middleware.</summary>
    /// <exception cref="NotSupportedException">A <c>Content-Encoding</c> the middleware did not undo.</exception>
    public static Stream Open(HttpRequest request)
    {
        RefuseUnknownEncoding(request);
        return request.Body;
    }

    /// <summary>
    /// The multipart form of the request. The multipart reader's own length limit is off: it reports a breach only in
    /// its message text, while Kestrel and request decompression report it by status (413).
    /// </summary>
    /// <exception cref="NotSupportedException">A <c>Content-Encoding</c> the middleware did not undo.</exception>
    public static Task<IFormCollection> ReadFormAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        RefuseUnknownEncoding(request);
        return request.ReadFormAsync(new FormOptions { MultipartBodyLengthLimit = long.MaxValue }, cancellationToken);
    }

    /// <summary>A multipart file's content: gunzipped when it is named <c>.gz</c> or its part says gzip, at most <paramref name="maxBytes"/> either way.</summary>
    /// <exception cref="NotSupportedException">The part names an encoding other than gzip.</exception>
    /// <exception cref="BodyTooLargeException">While read, the content turns out larger than <paramref name="maxBytes"/>.</exception>
    public static Stream OpenFile(IFormFile file, long maxBytes)
    {
        var encoding = file.FileName.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? "gzip" : file.Headers.ContentEncoding.ToString().Trim();
        Stream content = encoding.ToLowerInvariant() switch
        {
            "" or "identity" => file.OpenReadStream(),
            "gzip" or "x-gzip" => new GZipStream(file.OpenReadStream(), CompressionMode.Decompress),
            _ => throw new NotSupportedException($"Content-Encoding '{encoding}' of file '{file.FileName}' is not supported; send identity or gzip"),
        };
        return new LimitedReadStream(content, maxBytes);
    }

    private static void RefuseUnknownEncoding(HttpRequest request)
    {
        var encoding = request.Headers.ContentEncoding.ToString();
        if (encoding.Trim() is not ("" or "identity"))
        {
            throw new NotSupportedException($"Content-Encoding '{encoding}' is not supported; send identity, gzip, br or deflate (one of them)");
        }
    }

    /// <summary>MaxBodyBytes as routing's and request decompression's limit, read when a request comes (options are validated at start).</summary>
    private sealed class BodyLimit(IOptions<IngestionOptions> options) : IRequestSizeLimitMetadata
    {
        public long? MaxRequestBodySize => options.Value.MaxBodyBytes;
    }

    private sealed class GzipDecompression : IDecompressionProvider
    {
        public Stream GetDecompressionStream(Stream stream) => new GZipStream(stream, CompressionMode.Decompress, leaveOpen: true);
    }

    private sealed class BrotliDecompression : IDecompressionProvider
    {
        public Stream GetDecompressionStream(Stream stream) => new CorruptBrotli(new BrotliStream(stream, CompressionMode.Decompress, leaveOpen: true));
    }

    private sealed class CorruptBrotli(Stream brotli) : ReadThroughStream(brotli)
    {
        protected override Exception? Translated(Exception exception) =>
            exception is InvalidOperationException ? new InvalidDataException($"the br body is corrupt: {exception.Message}", exception) : null;
    }
}
