using System.Net;
using System.Net.Http.Headers;

namespace FaultMaven.Api.Tests;

public sealed partial class EmbeddedServerTests(EmbeddedApi api) : IClassFixture<EmbeddedApi>
{
    [Fact]
    public async Task A_client_credentials_token_issued_before_a_restart_is_still_accepted_after_it()
    {
        var token = EmbeddedApi.AccessToken(await api.ClientCredentialsTokenAsync(api.ClientSecret));
        Assert.Equal(HttpStatusCode.OK, await api.GetStatusAsync("/findings", token));

        await api.RestartAsync();

        Assert.Equal(HttpStatusCode.OK, await api.GetStatusAsync("/findings", token));
    }

    [Fact]
    public async Task The_extension_signs_a_user_in_with_authorization_code_and_PKCE_and_refreshes_the_token()
    {
        var signedIn = await api.SignInWithPkceAsync(api.UserPassword);
        Assert.Equal(HttpStatusCode.OK, await api.GetStatusAsync("/logs", EmbeddedApi.AccessToken(signedIn)));

        var refreshed = await api.RefreshAsync(signedIn);

        Assert.Equal(HttpStatusCode.OK, await api.GetStatusAsync("/logs", EmbeddedApi.AccessToken(refreshed)));
    }

    [Fact]
    public async Task The_sign_in_pages_data_protection_keys_are_kept_with_the_api_keys_not_in_the_home_folder()
    {
        using var browser = api.Browser();
        using var login = await EmbeddedApi.PostLoginAsync(browser, EmbeddedApi.UserName, api.UserPassword);

        var folder = Path.Combine(api.KeysFolder, "data-protection");
        Assert.True(Directory.Exists(folder) && Directory.EnumerateFiles(folder, "key-*.xml").Any(), $"no data-protection key in {folder}; sign-in answered {(int)login.StatusCode}");
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
        var token = EmbeddedApi.AccessToken(await api.ClientCredentialsTokenAsync(api.ClientSecret));
        var middle = token.Length / 2;
        var altered = token[..middle] + (token[middle] == 'A' ? 'B' : 'A') + token[(middle + 1)..];

        Assert.Equal(HttpStatusCode.Unauthorized, await api.GetStatusAsync("/findings", altered));
    }

    [Fact]
    public async Task Ingestion_past_the_per_client_limit_is_refused_with_429_and_Retry_After()
    {
        var token = EmbeddedApi.AccessToken(await api.ClientCredentialsTokenAsync(api.ClientSecret));
        for (var i = 0; i < EmbeddedApi.IngestionPermitsPerMinute; i++)
        {
            Assert.Equal(HttpStatusCode.BadRequest, await api.IngestWithoutSourceAsync(token));
        }

        using var refused = new HttpRequestMessage(HttpMethod.Post, "/logs/ingest") { Content = new StringContent("line") };
        refused.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await api.Http.SendAsync(refused);

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.InRange(int.Parse(response.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture), 1, 60);
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
        var refreshed = await api.RefreshAsync(user);
        await api.GetStatusAsync("/findings", EmbeddedApi.AccessToken(service));
        await api.GetStatusAsync("/logs", EmbeddedApi.AccessToken(refreshed));

        var output = api.Output;
        Assert.Contains("/connect/token", output, StringComparison.Ordinal);
        foreach (var secret in new[]
        {
            api.ClientSecret, api.UserPassword,
            EmbeddedApi.AccessToken(service), EmbeddedApi.AccessToken(user),
            user.GetProperty("refresh_token").GetString()!, EmbeddedApi.AccessToken(refreshed),
        })
        {
            Assert.DoesNotContain(secret, output, StringComparison.Ordinal);
        }
    }
}
