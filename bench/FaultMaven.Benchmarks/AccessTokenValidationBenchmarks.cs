using System.Security.Claims;
using System.Security.Cryptography.X509Certificates;
using BenchmarkDotNet.Attributes;
using FaultMaven.Api.Security;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace FaultMaven.Benchmarks;

/// <summary>
/// What validating one access token costs the API, per request: an encrypted one (JWE with RSA-OAEP over the signed
/// JWS, OpenIddict's default) against a signed-only one (what the embedded server issues since
/// <c>FaultMaven:Auth:EncryptAccessTokens</c> is off by default). Both are made and checked by JsonWebTokenHandler,
/// which OpenIddict's validation calls for this step, with the algorithms OpenIddict uses for X.509 credentials
/// (RS256; RSA-OAEP with A256CBC-HS512) and keys made by the API's own <see cref="PersistedKeys"/> (RSA 3072).
/// </summary>
[MemoryDiagnoser]
public class AccessTokenValidationBenchmarks
{
    private const string Issuer = "https://faultmaven.test/";
    private const string Audience = "faultmaven-api";

    private readonly JsonWebTokenHandler handler = new();
    private string folder = "";
    private string encrypted = "";
    private string signedOnly = "";
    private TokenValidationParameters parameters = new();

    [GlobalSetup]
    public void Setup()
    {
        folder = Directory.CreateTempSubdirectory("fm-token-bench-").FullName;
        var signing = new X509SecurityKey(PersistedKeys.LoadOrCreate(folder, "signing", X509KeyUsageFlags.DigitalSignature));
        var encryption = new X509SecurityKey(PersistedKeys.LoadOrCreate(folder, "encryption", X509KeyUsageFlags.KeyEncipherment));
        var now = DateTime.UtcNow;
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddHours(1),
            TokenType = "at+jwt",
            Subject = new ClaimsIdentity([new("sub", "shipper"), new("role", "responder"), new("team", "payments"), new("scope", "api"), new("client_id", "shipper")]),
            SigningCredentials = new SigningCredentials(signing, SecurityAlgorithms.RsaSha256),
        };
        signedOnly = handler.CreateToken(descriptor);
        descriptor.EncryptingCredentials = new EncryptingCredentials(encryption, SecurityAlgorithms.RsaOAEP, SecurityAlgorithms.Aes256CbcHmacSha512);
        encrypted = handler.CreateToken(descriptor);
        parameters = new TokenValidationParameters
        {
            ValidIssuer = Issuer,
            ValidAudience = Audience,
            IssuerSigningKey = signing,
            TokenDecryptionKey = encryption,
        };

        // A benchmark of a token that fails would measure the failure path.
        if (encrypted.Split('.').Length != 5 || signedOnly.Split('.').Length != 3 || !EncryptedAndSigned().Result || !SignedOnly().Result)
        {
            throw new InvalidOperationException("the benchmark's tokens are not a valid JWE and JWS");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(folder, recursive: true);

    [Benchmark(Baseline = true, Description = "encrypted (JWE, RSA-OAEP) and signed")]
    public async Task<bool> EncryptedAndSigned() => (await handler.ValidateTokenAsync(encrypted, parameters)).IsValid;

    [Benchmark(Description = "signed only (JWS, RS256)")]
    public async Task<bool> SignedOnly() => (await handler.ValidateTokenAsync(signedOnly, parameters)).IsValid;
}
