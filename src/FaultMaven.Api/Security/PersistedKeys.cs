using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace FaultMaven.Api.Security;

/// <summary>
/// The embedded server's signing and encryption certificates: created once as PKCS#12 files (mode 0600) under a folder
/// and loaded on every later start, so tokens issued before a restart stay valid. Deleting the files rotates the keys.
/// </summary>
public static class PersistedKeys
{
    public static X509Certificate2 LoadOrCreate(string folder, string name, X509KeyUsageFlags usage)
    {
        var path = Path.Combine(folder, name + ".pfx");
        if (!File.Exists(path))
        {
            Create(folder, path, name, usage);
        }

        return X509CertificateLoader.LoadPkcs12FromFile(path, password: null);
    }

    private static void Create(string folder, string path, string name, X509KeyUsageFlags usage)
    {
        Directory.CreateDirectory(folder);
        using var key = RSA.Create(3072);
        var request = new CertificateRequest($"CN=FaultMaven {name}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(usage, critical: true));
        var now = DateTimeOffset.UtcNow;
        using var certificate = request.CreateSelfSigned(now.AddMinutes(-5), now.AddYears(5));

        // Written aside and moved into place so that another replica starting at the same moment never reads half a file.
        var temporary = path + $".{Guid.NewGuid():N}.tmp";
        File.WriteAllBytes(temporary, []);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        File.WriteAllBytes(temporary, certificate.Export(X509ContentType.Pkcs12));
        try
        {
            File.Move(temporary, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            File.Delete(temporary);
        }
    }
}
