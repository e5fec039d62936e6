using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.WebUtilities;

namespace FaultMaven.Api.Tests;

/// <summary>The embedded server's access tokens: signed only (docs/auth.md, "Access token format"), so that a request costs no RSA-OAEP unwrap.</summary>
public sealed partial class EmbeddedServerTests
{
    [Fact]
    public async Task Access_tokens_are_signed_jwts_the_api_accepts_while_a_changed_claim_or_signature_is_refused()
    {
        var token = EmbeddedApi.AccessToken(await api.ClientCredentialsTokenAsync(api.ClientSecret));
        var parts = token.Split('.');
        Assert.True(parts.Length == 3, $"an access token of {parts.Length} parts (5 is an encrypted JWE): {token[..Math.Min(40, token.Length)]}…");
        var header = JsonNode.Parse(WebEncoders.Base64UrlDecode(parts[0]))!;
        var claims = JsonNode.Parse(WebEncoders.Base64UrlDecode(parts[1]))!.AsObject();
        Assert.Equal("RS256", header["alg"]?.GetValue<string>());
        Assert.Equal(EmbeddedApi.ClientId, claims["sub"]?.GetValue<string>());

        claims["role"] = "admin";
        var promoted = $"{parts[0]}.{WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(claims.ToJsonString()))}.{parts[2]}";
        var signature = parts[2].ToCharArray();
        signature[signature.Length / 2] = signature[signature.Length / 2] == 'A' ? 'B' : 'A';
        var resigned = $"{parts[0]}.{parts[1]}.{new string(signature)}";

        var answers = new Dictionary<string, HttpStatusCode>
        {
            ["as issued, GET /findings"] = await StatusWith(token, "/findings?limit=1"),
            ["as issued, GET /audit (admin only)"] = await StatusWith(token, "/audit"),
            ["role changed to admin, GET /audit"] = await StatusWith(promoted, "/audit"),
            ["signature changed, GET /findings"] = await StatusWith(resigned, "/findings?limit=1"),
        };

        Assert.True(
            answers.Values.SequenceEqual([HttpStatusCode.OK, HttpStatusCode.Forbidden, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized]),
            string.Join('\n', answers.Select(a => $"{a.Key}: {(int)a.Value}")) + $"\nclaims: {JsonSerializer.Serialize(claims)}");
    }

    private async Task<HttpStatusCode> StatusWith(string token, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await api.Http.SendAsync(request);
        return response.StatusCode;
    }
}
