using System.Security.Claims;
using System.Text.Json;
using FaultMaven.Pipeline.Ingestion;
using FaultMaven.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace FaultMaven.Api.Ingestion;

/// <summary>
/// The <c>Idempotency-Key</c> request header of <c>/logs/ingest</c> and the HEC endpoints: a retry with the same key
/// from the same caller (token subject, or HEC token) within a day is answered with the first answer (header
/// <c>Idempotent-Replayed: true</c>) and produces nothing; while the first is still running, 409 with
/// <c>Retry-After</c>. A retry is the same request when it puts the same lines under the same sources through the
/// same endpoint (<see cref="UploadProgress.RequestDigest"/>, kept with the answer); a key reused for another request
/// is refused with 422 naming it (<see cref="IdempotencyKeyReusedException"/>), as the IETF draft
/// <c>draft-ietf-httpapi-idempotency-key-header</c> and Stripe do, rather than answered with the first request's answer
/// while its own lines are dropped. Only successful answers are kept: a refused or failed request releases its key, except one the
/// broker stopped acknowledging part way (<see cref="UploadInterruptedException"/>), which keeps what it stored so
/// that its retry sends only the rest (<see cref="ResumableUpload"/>). A claim whose process died is taken over after
/// <see cref="AbandonAfter"/>, which may then produce its records a second time.
/// </summary>
public sealed class IdempotentIngest(
    IngestRequestRepository requests, RawLogPublisher publisher, UploadProbe probe, IOptions<IngestionOptions> options, IOptions<JsonOptions> json, TimeProvider clock)
{
    public const string Header = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";
    public const int MaxKeyLength = 200;
    public static readonly TimeSpan AbandonAfter = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Runs <paramref name="ingest"/> once per key; without the header, every time. The answer is always one of the
    /// endpoint's own result cases (<typeparamref name="TResult"/>), so its OpenAPI responses come from its signature:
    /// a replay is built by <paramref name="replay"/> from the stored status and body, a refusal (a malformed key, 400;
    /// a key still in progress, 409) by <paramref name="refused"/>. <paramref name="ingest"/> publishes through the
    /// upload it is given, which resumes an interrupted attempt under the same key. Under the key of a completed request,
    /// <paramref name="ingest"/> runs once more with an upload that publishes nothing (<see cref="ResumableUpload.Repeat"/>),
    /// to read what the request asks for: the stored answer is replayed only when that is what the completed one asked
    /// for, and a refusal of the repeat (e.g. 503 while the pipeline is behind) is answered as such.
    /// </summary>
    /// <exception cref="UploadInterruptedException">The broker stopped acknowledging within the delivery timeout (answered 503 by <see cref="InterruptedUploadHandler"/>).</exception>
    /// <exception cref="IdempotencyKeyReusedException">The key belongs to another request (answered 422 by <see cref="InterruptedUploadHandler"/>).</exception>
    public async Task<TResult> RunAsync<TResult>(
        HttpContext context, string caller, Func<ResumableUpload, Task<TResult>> ingest, Func<IngestClaim.Completed, TResult> replay, Func<ProblemHttpResult, TResult> refused)
        where TResult : IResult
    {
        var key = context.Request.Headers[Header].ToString();
        if (key.Length == 0)
        {
            return await ingest(Unkeyed());
        }

        if (key.Length > MaxKeyLength || key.Any(c => c is < '!' or > '~'))
        {
            return refused(TypedResults.Problem(new HttpValidationProblemDetails(
                new Dictionary<string, string[]> { [Header] = [$"1 to {MaxKeyLength} printable ASCII characters without spaces, e.g. a UUID"] })
            {
                Status = StatusCodes.Status400BadRequest,
            }));
        }

        var cancellationToken = context.RequestAborted;
        var endpoint = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? context.Request.Path.Value ?? "";
        var claim = await requests.ClaimAsync(caller, key, clock.GetUtcNow(), AbandonAfter, cancellationToken);
        switch (claim)
        {
            case IngestClaim.Completed done:
                if (done.RequestDigest is { } asked)
                {
                    var repeat = ResumableUpload.Repeat(publisher, probe, options.Value, key);
                    var repeated = await ingest(repeat);
                    if (!Succeeded(repeated))
                    {
                        return repeated;
                    }

                    if (repeat.Progress!.RequestDigest(endpoint) != asked)
                    {
                        throw IdempotencyKeyReusedException.Completed(key);
                    }
                }

                context.Response.Headers[ReplayedHeader] = "true";
                return replay(done);
            case IngestClaim.InProgress:
                context.Response.Headers.RetryAfter = "1";
                return refused(TypedResults.Problem(
                    statusCode: StatusCodes.Status409Conflict, title: "Request in progress", detail: $"A request with this {Header} is still being processed; retry it later."));
        }

        var earlier = claim is IngestClaim.Claimed { Progress: { } stored } ? JsonSerializer.Deserialize<UploadProgress>(stored, json.Value.SerializerOptions) : null;
        var progress = new UploadProgress(earlier?.UploadId ?? Guid.NewGuid().ToString("N"), earlier?.StartedAt ?? clock.GetUtcNow(), []);
        try
        {
            var result = await ingest(new ResumableUpload(publisher, probe, options.Value, progress, earlier, key));
            var answer = result is INestedHttpResult nested ? nested.Result : result;
            if (Succeeded(result) && answer is IValueHttpResult { Value: { } value })
            {
                await requests.CompleteAsync(
                    caller, key, StatusOf(result), JsonSerializer.Serialize(value, value.GetType(), json.Value.SerializerOptions), progress.RequestDigest(endpoint), clock.GetUtcNow(), CancellationToken.None);
            }
            else
            {
                await requests.ReleaseAsync(caller, key, CancellationToken.None);
            }

            return result;
        }
        catch (IdempotencyKeyReusedException) when (claim is IngestClaim.Claimed { Progress: { } kept })
        {
            // The interrupted attempt's progress stays for a retry with its own body.
            await requests.InterruptAsync(caller, key, kept, clock.GetUtcNow(), CancellationToken.None);
            throw;
        }
        catch (UploadInterruptedException)
        {
            await requests.InterruptAsync(caller, key, JsonSerializer.Serialize(progress, json.Value.SerializerOptions), clock.GetUtcNow(), CancellationToken.None);
            throw;
        }
        catch
        {
            await requests.ReleaseAsync(caller, key, CancellationToken.None);
            throw;
        }
    }

    /// <summary>The way onto logs.raw of a request without an Idempotency-Key: an interruption is answered, not resumable.</summary>
    public ResumableUpload Unkeyed() => new(publisher, probe, options.Value, null, null, "");

    /// <summary>A stored answer's body read back as the type it was stored from, with the API's JSON options.</summary>
    /// <exception cref="JsonException">The stored body is not a <typeparamref name="T"/> (the table was edited by hand).</exception>
    public T Stored<T>(IngestClaim.Completed done) =>
        JsonSerializer.Deserialize<T>(done.Response, json.Value.SerializerOptions) ?? throw new JsonException($"the stored answer is null: {done.Response}");

    private static int StatusOf(IResult result) =>
        ((result is INestedHttpResult nested ? nested.Result : result) as IStatusCodeHttpResult)?.StatusCode ?? StatusCodes.Status200OK;

    private static bool Succeeded(IResult result) => StatusOf(result) is >= 200 and < 300;

    /// <summary>Who a key belongs to for a bearer-token request: the token's subject.</summary>
    public static string CallerOf(ClaimsPrincipal user) => user.FindFirstValue("sub") ?? user.Identity?.Name ?? "anonymous";
}
