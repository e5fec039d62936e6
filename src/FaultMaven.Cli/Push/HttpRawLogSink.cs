using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using FaultMaven.Pipeline.Ingestion;

namespace FaultMaven.Cli.Push;

/// <summary>Posts chunks to the API's <c>/logs/ingest</c>, one request per batch.</summary>
/// <param name="trustedCa">A CA certificate (PEM) to trust besides the system's, e.g. the local CA that scripts/run.sh creates.</param>
/// <param name="waitTimeout">How long one batch may be answered 503 or 429 before the push stops.</param>
public sealed class HttpRawLogSink(Uri api, string? token, string? trustedCa, TimeSpan waitTimeout) : IRawLogSink
{
    private readonly HttpClient http = new(Handler(trustedCa)) { BaseAddress = api, Timeout = TimeSpan.FromMinutes(2) };

    public string Description => $"API {api}";

    /// <summary>None: lines go whole, and the API cuts a long one to its head as it puts lines into records.</summary>
    public int? MaxLineBytes => null;

    /// <summary>
    /// Sends one request per batch; while the API answers 503 or 429 it waits as long as <c>Retry-After</c> says and
    /// sends the batch again, for at most the wait timeout. Every attempt of a batch carries the batch's key as its
    /// <c>Idempotency-Key</c>, in this run and the next: an upload the broker stopped acknowledging part way is
    /// answered 503 with what it stored, and the retry under the same key sends only the rest (docs/security.md), where
    /// a retry without one stored the acknowledged part twice.
    /// </summary>
    public async Task SendAsync(string source, IReadOnlyList<LineChunk> chunks, PushBatch batch, bool resend, Action<string> waiting, CancellationToken cancellationToken)
    {
        var waitingSince = TimeProvider.System.GetTimestamp();
        using var body = new MemoryStream();
        foreach (var chunk in chunks)
        {
            body.Write(chunk.Value);
        }

        while (true)
        {
            using var request = Request(source, body.ToArray(), batch.Key);
            using var response = await http.SendAsync(request, cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                return;
            }

            var answer = await response.Content.ReadAsStringAsync(cancellationToken);
            if (response.StatusCode is not (HttpStatusCode.ServiceUnavailable or HttpStatusCode.TooManyRequests))
            {
                throw new HttpRequestException($"{api} answered {(int)response.StatusCode}: {answer}");
            }

            var reason = ProblemDetail(answer) ?? $"{api} answered {(int)response.StatusCode}";
            if (TimeProvider.System.GetElapsedTime(waitingSince) >= waitTimeout)
            {
                throw new HttpRequestException($"{api} still refused the push after {waitTimeout.TotalSeconds:0.#} s (--wait-timeout): {reason}");
            }

            waiting(reason);
            await Task.Delay(RetryAfter(response), cancellationToken);
        }
    }

    public void Dispose() => http.Dispose();

    private HttpRequestMessage Request(string source, byte[] body, string idempotencyKey)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/logs/ingest?source={Uri.EscapeDataString(source)}")
        {
            Content = new ByteArrayContent(body) { Headers = { ContentType = new MediaTypeHeaderValue("text/plain") } },
            Headers = { { "Idempotency-Key", idempotencyKey } },
        };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return request;
    }

    /// <summary>The server's Retry-After (seconds or a date), bounded to a minute; one second when it gives none.</summary>
    private static TimeSpan RetryAfter(HttpResponseMessage response)
    {
        var retryAfter = response.Headers.RetryAfter;
        var delay = retryAfter?.Delta ?? (retryAfter?.Date is { } date ? date - DateTimeOffset.UtcNow : TimeSpan.FromSeconds(1));
        return TimeSpan.FromTicks(Math.Clamp(delay.Ticks, TimeSpan.FromMilliseconds(100).Ticks, TimeSpan.FromMinutes(1).Ticks));
    }

    private static string? ProblemDetail(string body)
    {
        try
        {
            return JsonDocument.Parse(body).RootElement.TryGetProperty("detail", out var detail) ? detail.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static HttpClientHandler Handler(string? trustedCa)
    {
        var handler = new HttpClientHandler();
        if (trustedCa is not null)
        {
            // A CA file holds a certificate and no key: CreateFromPemFile would look for the key in it and fail.
            var authority = X509CertificateLoader.LoadCertificateFromFile(trustedCa);
            handler.ServerCertificateCustomValidationCallback = (_, certificate, _, errors) =>
            {
                if (errors == SslPolicyErrors.None)
                {
                    return true;
                }

                using var chain = new X509Chain();
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.Add(authority);
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                return certificate is not null && errors == SslPolicyErrors.RemoteCertificateChainErrors && chain.Build(certificate);
            };
        }

        return handler;
    }
}
