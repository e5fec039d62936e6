using System.Net;
using System.Net.Http.Headers;

namespace FaultMaven.Api.Tests;

public sealed class EmbeddedServerTests(EmbeddedApi api) : IClassFixture<EmbeddedApi>
{
    [Fact]
    public async Task A_client_credentials_token_issued_before_a_restart_is_still_accepted_after_it()
    {
        var token = (await api.ClientCredentialsTokenAsync(api.ClientSecret)).GetProperty("access_token").GetString();
        Assert.Equal(HttpStatusCode.OK, await api.GetStatusAsync("/findings", token));

        await api.RestartAsync();

        Assert.Equal(HttpStatusCode.OK, await api.GetStatusAsync("/findings", token));
    }

    [Fact]
    public async Task The_extension_signs_a_user_in_with_authorization_code_and_PKCE_and_refreshes_the_token()
    {
        var signedIn = await api.SignInWithPkceAsync(api.UserPassword);
        Assert.Equal(HttpStatusCode.OK, await api.GetStatusAsync("/logs", signedIn.GetProperty("access_token").GetString()));

        var refreshed = await api.TokenAsync(new()
        {
            ["grant_type"] = "refresh_token",
            ["client_id"] = EmbeddedApi.ExtensionClientId,
            ["refresh_token"] = signedIn.GetProperty("refresh_token").GetString()!,
        });

        Assert.Equal(HttpStatusCode.OK, await api.GetStatusAsync("/logs", refreshed.GetProperty("access_token").GetString()));
    }

    [Fact]
    public async Task A_wrong_password_or_client_secret_gets_no_token()
    {
        await Assert.ThrowsAsync<HttpRequestException>(() => api.ClientCredentialsTokenAsync(api.ClientSecret + "x"));
        await Assert.ThrowsAsync<HttpRequestException>(() => api.SignInWithPkceAsync(api.UserPassword + "x"));
    }

    [Fact]
    public async Task A_token_altered_by_one_character_is_rejected()
    {
        var token = (await api.ClientCredentialsTokenAsync(api.ClientSecret)).GetProperty("access_token").GetString()!;
        var middle = token.Length / 2;
        var altered = token[..middle] + (token[middle] == 'A' ? 'B' : 'A') + token[(middle + 1)..];

        Assert.Equal(HttpStatusCode.Unauthorized, await api.GetStatusAsync("/findings", altered));
    }

    [Fact]
    public async Task Ingestion_past_the_per_client_limit_is_refused_with_429_and_Retry_After()
    {
        var token = (await api.ClientCredentialsTokenAsync(api.ClientSecret)).GetProperty("access_token").GetString();
        var statuses = new List<HttpResponseMessage>();
        for (var i = 0; i <= EmbeddedApi.IngestionPermitsPerMinute; i++)
        {
            // No ?source=: each allowed request ends in a 400 before anything is published.
            using var request = new HttpRequestMessage(HttpMethod.Post, "/logs/ingest") { Content = new StringContent("line") };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            statuses.Add(await api.Http.SendAsync(request));
        }

        Assert.All(statuses[..^1], response => Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1].StatusCode);
        Assert.InRange(int.Parse(statuses[^1].Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture), 1, 60);
    }

    [Fact]
    public async Task Responses_forbid_sniffing_framing_and_referrers()
    {
        using var response = await api.Http.GetAsync("/findings");

        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Contains("frame-ancestors 'none'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
    }

    [Fact]
    public async Task No_secret_password_or_token_ever_appears_in_the_api_output()
    {
        var service = await api.ClientCredentialsTokenAsync(api.ClientSecret);
        var user = await api.SignInWithPkceAsync(api.UserPassword);
        var refreshed = await api.TokenAsync(new()
        {
            ["grant_type"] = "refresh_token",
            ["client_id"] = EmbeddedApi.ExtensionClientId,
            ["refresh_token"] = user.GetProperty("refresh_token").GetString()!,
        });
        await api.GetStatusAsync("/findings", service.GetProperty("access_token").GetString());
        await api.GetStatusAsync("/logs", refreshed.GetProperty("access_token").GetString());

        var output = api.Output;
        Assert.Contains("/connect/token", output, StringComparison.Ordinal);
        foreach (var secret in new[]
        {
            api.ClientSecret, api.UserPassword,
            service.GetProperty("access_token").GetString()!, user.GetProperty("access_token").GetString()!,
            user.GetProperty("refresh_token").GetString()!, refreshed.GetProperty("access_token").GetString()!,
        })
        {
            Assert.DoesNotContain(secret, output, StringComparison.Ordinal);
        }
    }
}
