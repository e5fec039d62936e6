using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace FaultMaven.Cli.Push;

/// <summary>Posts chunks to the API's <c>/logs/ingest</c>, one request per batch.</summary>
/// <param name="trustedCa">A CA certificate (PEM) to trust besides the system's, e.g. the local CA that scripts/run.sh creates.</param>
public sealed class HttpRawLogSink(Uri api, string? token, string? trustedCa) : IRawLogSink
{
    private readonly HttpClient http = new(Handler(trustedCa)) { BaseAddress = api, Timeout = TimeSpan.FromMinutes(2) };

    public string Description => $"API {api}";

    public async Task SendAsync(string source, IReadOnlyList<byte[]> chunks, CancellationToken cancellationToken)
    {
        using var body = new MemoryStream();
        foreach (var chunk in chunks)
        {
            body.Write(chunk);
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, $"/logs/ingest?source={Uri.EscapeDataString(source)}")
        {
            Content = new ByteArrayContent(body.ToArray()) { Headers = { ContentType = new MediaTypeHeaderValue("text/plain") } },
        };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        using var response = await http.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"{api} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
        }
    }

    public void Dispose() => http.Dispose();

    private static HttpClientHandler Handler(string? trustedCa)
    {
        var handler = new HttpClientHandler();
        if (trustedCa is not null)
        {
            var authority = X509Certificate2.CreateFromPemFile(trustedCa);
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
