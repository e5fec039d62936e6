using System.Net.Http.Headers;

namespace FaultMaven.Cli.Push;

/// <summary>Posts chunks to the API's <c>/logs/ingest</c>, one request per batch.</summary>
public sealed class HttpRawLogSink(Uri api, string? token) : IRawLogSink
{
    private readonly HttpClient http = new() { BaseAddress = api, Timeout = TimeSpan.FromMinutes(2) };

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
}
