using System.Security.Claims;
using System.Text.Json;
using FaultMaven.Storage;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace FaultMaven.Api.Ingestion;

/// <summary>
/// The <c>Idempotency-Key</c> request header of <c>/logs/ingest</c> and the HEC endpoints: a retry with the same key
/// from the same caller (token subject, or HEC token) within a day is answered with the first answer (header
/// <c>Idempotent-Replayed: true</c>) and produces nothing; while the first is still running, 409 with
/// <c>Retry-After</c>. Only successful answers are kept: a refused or failed request releases its key. A claim whose
/// process died is taken over after <see cref="AbandonAfter"/>, which may then produce its records a second time.
/// </summary>
public sealed class IdempotentIngest(IngestRequestRepository requests, IOptions<JsonOptions> json, TimeProvider clock)
{
    public const string Header = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";
    public const int MaxKeyLength = 200;
    public static readonly TimeSpan AbandonAfter = TimeSpan.FromMinutes(10);

    /// <summary>Runs <paramref name="ingest"/> once per key; without the header, every time.</summary>
    public async Task<IResult> RunAsync(HttpContext context, string caller, Func<Task<IResult>> ingest)
    {
        var key = context.Request.Headers[Header].ToString();
        if (key.Length == 0)
        {
            return await ingest();
        }

        if (key.Length > MaxKeyLength || key.Any(c => c is < '!' or > '~'))
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { [Header] = [$"1 to {MaxKeyLength} printable ASCII characters without spaces, e.g. a UUID"] });
        }

        var cancellationToken = context.RequestAborted;
        switch (await requests.ClaimAsync(caller, key, clock.GetUtcNow(), AbandonAfter, cancellationToken))
        {
            case IngestClaim.Completed done:
                context.Response.Headers[ReplayedHeader] = "true";
                return Results.Content(done.Response, "application/json", statusCode: done.Status);
            case IngestClaim.InProgress:
                context.Response.Headers.RetryAfter = "1";
                return Results.Problem(
                    statusCode: StatusCodes.Status409Conflict, title: "Request in progress", detail: $"A request with this {Header} is still being processed; retry it later.");
        }

        try
        {
            var result = await ingest();
            var status = (result as IStatusCodeHttpResult)?.StatusCode ?? StatusCodes.Status200OK;
            if (status is >= 200 and < 300 && result is IValueHttpResult { Value: { } value })
            {
                await requests.CompleteAsync(caller, key, status, JsonSerializer.Serialize(value, value.GetType(), json.Value.SerializerOptions), clock.GetUtcNow(), CancellationToken.None);
            }
            else
            {
                await requests.ReleaseAsync(caller, key, CancellationToken.None);
            }

            return result;
        }
        catch
        {
            await requests.ReleaseAsync(caller, key, CancellationToken.None);
            throw;
        }
    }

    /// <summary>Who a key belongs to for a bearer-token request: the token's subject.</summary>
    public static string CallerOf(ClaimsPrincipal user) => user.FindFirstValue("sub") ?? user.Identity?.Name ?? "anonymous";
}
