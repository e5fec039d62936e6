using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using FaultMaven.ServiceDefaults;

namespace FaultMaven.Api.Security;

/// <summary>Configuration section <c>FaultMaven:Tls</c>: the server certificate and key, PEM files (scripts/lib/tls.sh makes a local pair).</summary>
public sealed class TlsOptions
{
    public const string Section = "FaultMaven:Tls";

    public string? CertificatePath { get; set; }

    public string? KeyPath { get; set; }

    public bool IsConfigured => !string.IsNullOrWhiteSpace(CertificatePath);

    public IEnumerable<string> Validate()
    {
        if (IsConfigured != !string.IsNullOrWhiteSpace(KeyPath))
        {
            yield return $"{Section}:CertificatePath and {Section}:KeyPath must be set together";
        }

        foreach (var path in new[] { CertificatePath, KeyPath }.Where(p => !string.IsNullOrWhiteSpace(p) && !File.Exists(p)))
        {
            yield return $"{Section}: file '{path}' does not exist";
        }
    }
}

public static class Tls
{
    public const SslProtocols AllowedProtocols = SslProtocols.Tls12 | SslProtocols.Tls13;

    /// <summary>Every HTTPS endpoint (e.g. <c>--urls https://0.0.0.0:8443</c>) serves the configured certificate over TLS 1.2 or 1.3 only.</summary>
    public static TlsOptions Add(WebApplicationBuilder builder)
    {
        var tls = builder.Configuration.GetValidated<TlsOptions>(TlsOptions.Section, o => o.Validate());
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            if (tls.IsConfigured)
            {
                var certificate = X509Certificate2.CreateFromPemFile(tls.CertificatePath!, tls.KeyPath);
                kestrel.ConfigureHttpsDefaults(https =>
                {
                    https.SslProtocols = AllowedProtocols;
                    https.ServerCertificate = certificate;
                });
            }
        });
        return tls;
    }
}
