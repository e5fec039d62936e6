using System.Diagnostics;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using FaultMaven.Testing;
using FaultMaven.Testing.Postgres;
using FaultMaven.Testing.Processes;

namespace FaultMaven.Api.Tests;

/// <summary>The API process serving HTTPS with a certificate from scripts/lib/tls.sh, and plain HTTP that only redirects.</summary>
public sealed class TlsTests : IAsyncLifetime
{
    private readonly PostgresFixture postgres = new();
    private readonly string folder = Path.Combine(Path.GetTempPath(), $"fm-tls-{Guid.NewGuid():N}");
    private readonly int httpsPort = ServiceProcess.FreePort();
    private readonly int httpPort = ServiceProcess.FreePort();
    private X509Certificate2? authority;
    private ServiceProcess? api;

    public async Task InitializeAsync()
    {
        try
        {
            await postgres.InitializeAsync();
            var tls = await EnsureCertificatesAsync(Path.Combine(folder, "tls"));
            authority = X509CertificateLoader.LoadCertificateFromFile(tls["FAULTMAVEN_TLS_CA"]);
            var environment = ApiSettings.Base(postgres.ApiConnectionString).AsEnvironment();
            environment["FAULTMAVEN__TLS__CERTIFICATEPATH"] = tls["FAULTMAVEN__TLS__CERTIFICATEPATH"];
            environment["FAULTMAVEN__TLS__KEYPATH"] = tls["FAULTMAVEN__TLS__KEYPATH"];
            environment["FAULTMAVEN__AUTH__KEYSPATH"] = Path.Combine(folder, "keys");
            api = ServiceProcess.Start("FaultMaven.Api", "faultmaven-api", environment, "--urls", $"https://127.0.0.1:{httpsPort};http://127.0.0.1:{httpPort}");
            await WaitForHttpsAsync();
        }
        catch
        {
            // xunit 2 does not call DisposeAsync when InitializeAsync fails: the API started above kept running (and
            // loading the machine) after its test had failed.
            await DisposeAsync();
            throw;
        }
    }

    public async Task DisposeAsync()
    {
        if (api is not null)
        {
            await api.DisposeAsync();
            api = null;
        }

        authority?.Dispose();
        await postgres.DisposeAsync();
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Theory]
    [InlineData(SslProtocols.Tls12)]
    [InlineData(SslProtocols.Tls13)]
    public async Task A_client_speaking_TLS_1_2_or_1_3_completes_the_handshake(SslProtocols protocol)
    {
        await using var tls = await HandshakeAsync(protocol);

        Assert.Equal(protocol, tls.SslProtocol);
    }

#pragma warning disable SYSLIB0039 // The obsolete protocols are the point of this test.
    [Theory]
    [InlineData(SslProtocols.Tls)]
    [InlineData(SslProtocols.Tls11)]
    public async Task A_client_speaking_only_TLS_1_0_or_1_1_is_refused(SslProtocols protocol)
    {
        // Debian's OpenSSL (security level 2) may already refuse to offer these versions on the client side; the
        // handshake fails either way, and the server allows only 1.2 and 1.3 (Tls.AllowedProtocols) whatever the client offers.
        var failure = await Record.ExceptionAsync(async () => await (await HandshakeAsync(protocol)).DisposeAsync());

        Assert.True(failure is AuthenticationException or IOException, $"expected a failed handshake, got {failure?.ToString() ?? "a connection"}");
    }
#pragma warning restore SYSLIB0039

    [Fact]
    public async Task A_request_target_over_the_limit_sent_over_HTTP_2_is_answered_with_a_414_problem_not_a_reset_stream()
    {
        using var handler = new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                TargetHost = "localhost",
                CertificateChainPolicy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, CustomTrustStore = { authority! }, RevocationMode = X509RevocationMode.NoCheck },
            },
        };
        using var http = new HttpClient(handler) { DefaultRequestVersion = HttpVersion.Version20, DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact };

        using var response = await http.GetAsync($"https://localhost:{httpsPort}/findings?q={new string('u', 9_000)}");

        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpVersion.Version20, response.Version);
        Assert.True(response.StatusCode == HttpStatusCode.RequestUriTooLong, body);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Plain_HTTP_is_redirected_to_HTTPS()
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });

        using var response = await http.GetAsync($"http://127.0.0.1:{httpPort}/findings");

        Assert.Equal(HttpStatusCode.TemporaryRedirect, response.StatusCode);
        Assert.Equal($"https://127.0.0.1:{httpsPort}/findings", response.Headers.Location?.ToString());
    }

    [Fact]
    public void Fm_push_over_HTTPS_trusts_the_CA_file_run_sh_writes()
    {
        var file = Path.Combine(folder, "pushed.log");
        File.WriteAllLines(file, ["2026-11-25 10:00:00 INFO pushed over https"]);

        // A token the API does not know: the push gets as far as the API's 401 only if the TLS handshake succeeded.
        var result = FmCommand.Run(
            new Dictionary<string, string> { ["FAULTMAVEN_HOME"] = folder },
            "push", file, "--api", $"https://127.0.0.1:{httpsPort}", "--ca", Path.Combine(folder, "tls", "ca.crt"),
            "--token", "not-a-token", "--source", "tls-test");

        Assert.True(result.ExitCode != 0, result.Output);
        Assert.Contains("answered 401", result.Output, StringComparison.Ordinal);
    }

    private static async Task<Dictionary<string, string>> EnsureCertificatesAsync(string directory)
    {
        var script = Path.Combine(RepositoryPaths.Root, "scripts", "lib", "tls.sh");
        var start = new ProcessStartInfo("bash", ["-c", "source \"$0\" && fm_tls_ensure \"$1\" && env | grep TLS", script, directory]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var bash = Process.Start(start)!;
        var output = await bash.StandardOutput.ReadToEndAsync();
        var errors = await bash.StandardError.ReadToEndAsync();
        await bash.WaitForExitAsync();
        Assert.True(bash.ExitCode == 0, errors);
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line.Split('=', 2)).ToDictionary(pair => pair[0], pair => pair[1]);
    }

    private async Task<SslStream> HandshakeAsync(SslProtocols protocol)
    {
        var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, httpsPort);
        var tls = new SslStream(tcp.GetStream(), leaveInnerStreamOpen: false);
        try
        {
            await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = "localhost",
                EnabledSslProtocols = protocol,
                // The local CA publishes no revocation list.
                CertificateChainPolicy = new X509ChainPolicy
                {
                    TrustMode = X509ChainTrustMode.CustomRootTrust,
                    CustomTrustStore = { authority! },
                    RevocationMode = X509RevocationMode.NoCheck,
                },
            });
            return tls;
        }
        catch
        {
            await tls.DisposeAsync();
            throw;
        }
    }

    private Task WaitForHttpsAsync() =>
        api!.WaitUntil(
            $"the API answering TLS on port {httpsPort}",
            async () =>
            {
                await (await HandshakeAsync(SslProtocols.Tls13)).DisposeAsync();
                return true;
            },
            Progress.DefaultStall);
}
