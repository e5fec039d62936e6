using System.Globalization;
using FaultMaven.Pipeline.Ingestion;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FaultMaven.Api.Ingestion;

/// <summary>Refuses ingestion with 503 and <c>Retry-After</c> while the pipeline is further behind than the broker can hold (see <see cref="FlowControl"/>).</summary>
public static class Backpressure
{
    /// <summary>
    /// A 503 problem when <paramref name="flowControl"/> would not admit the request's records now (estimated from its
    /// Content-Length in chunks of <see cref="LineChunker.DefaultChunkBytes"/>, at least one); null to go ahead. An
    /// admitted request that turns out larger is paced record by record while it is published.
    /// </summary>
    /// <param name="extensions">Extra members of the problem body, e.g. the HEC <c>text</c>/<c>code</c> pair HEC clients read.</param>
    public static async Task<ProblemHttpResult?> RefuseWhileBehind(HttpContext context, FlowControl flowControl, CancellationToken cancellationToken, IDictionary<string, object?>? extensions = null)
    {
        var records = (int)Math.Clamp((context.Request.ContentLength ?? 0) / LineChunker.DefaultChunkBytes + 1, 1, int.MaxValue);
        var admission = await flowControl.CheckAsync(records, cancellationToken);
        if (admission.Admitted)
        {
            return null;
        }

        var seconds = (int)Math.Ceiling(admission.RetryAfter.TotalSeconds);
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return TypedResults.Problem(
            statusCode: StatusCodes.Status503ServiceUnavailable,
            title: "The pipeline is catching up",
            detail: $"Logs are not accepted until it does, so that the broker drops nothing unread: {admission.Reason}. Retry after {seconds} s.",
            extensions: extensions);
    }
}
