using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using FaultMaven.Testing.Postgres;
using FaultMaven.Testing.Processes;
using Microsoft.AspNetCore.WebUtilities;

namespace FaultMaven.Api.Tests;

/// <summary>
/// The built API as a process with its embedded authorization server, on a fresh database where <c>fm admin</c> created
/// a responder client, a responder user and the browser extension's public client.
/// </summary>
public sealed partial class EmbeddedApi : IAsyncLifetime
{
    public const string ClientId = "shipper";
    public const string UserName = "rae";
    public const string ExtensionClientId = "fm-extension";
    public const string ExtensionRedirectUri = "https://extension.invalid/callback";
    public const int IngestionPermitsPerMinute = 3;

    private readonly PostgresFixture postgres = new();
    private readonly string keysFolder = Path.Combine(Path.GetTempPath(), $"fm-keys-{Guid.NewGuid():N}");
    private readonly StringBuilder earlierOutput = new();
    private readonly Uri baseAddress = new($"http://127.0.0.1:{ServiceProcess.FreePort()}");
    private ServiceProcess? api;

    public string ClientSecret { get; private set; } = "";

    public string UserPassword { get; private set; } = "";

    public HttpClient Http { get; private set; } = new();

    public string ConnectionString => postgres.ConnectionString;

    /// <summary>FaultMaven:Auth:KeysPath of the API: its signing, encryption and data-protection keys.</summary>
    public string KeysFolder => keysFolder;

    /// <summary>Everything the API processes wrote, across restarts.</summary>
    public string Output => earlierOutput + (api?.Output ?? "");

    public async Task InitializeAsync()
    {
        await postgres.InitializeAsync();
        ClientSecret = FmAdmin.ShownOnce(await FmAdmin.Run(ConnectionString, "create-client", ClientId, "--role", "responder"));
        UserPassword = FmAdmin.ShownOnce(await FmAdmin.Run(ConnectionString, "create-user", UserName, "--role", "responder"));
        await FmAdmin.Run(ConnectionString, "create-client", ExtensionClientId, "--role", "viewer", "--redirect-uri", ExtensionRedirectUri);
        Http = new HttpClient { BaseAddress = baseAddress };
        await StartAsync();
    }

    /// <summary>Stops the API as <c>kill PID</c> would (gracefully: hosted services flush what they hold) and starts it again.</summary>
    public async Task RestartAsync()
    {
        await api!.Signal("TERM", TimeSpan.FromSeconds(60));
        earlierOutput.Append(api.Output);
        await api.DisposeAsync();
        await StartAsync();
    }

    public static string AccessToken(JsonElement tokens) => tokens.GetProperty("access_token").GetString()!;

    public async Task<JsonElement> ClientCredentialsTokenAsync(string secret, string clientId = ClientId) =>
        await TokenAsync(new() { ["grant_type"] = "client_credentials", ["client_id"] = clientId, ["client_secret"] = secret });

    public async Task<JsonElement> TokenAsync(Dictionary<string, string> form)
    {
        using var response = await Http.PostAsync("/connect/token", new FormUrlEncodedContent(form));
        var body = await response.Content.ReadAsStringAsync();
        return response.IsSuccessStatusCode ? JsonDocument.Parse(body).RootElement.Clone() : throw new HttpRequestException($"token request failed with {(int)response.StatusCode}: {body}");
    }

    /// <summary>What the browser extension does: authorization code + PKCE, the user signing in on the login page; returns the token response.</summary>
    public async Task<JsonElement> SignInWithPkceAsync(string password)
    {
        var verifier = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        var challenge = WebEncoders.Base64UrlEncode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() }) { BaseAddress = baseAddress };
        var authorize = QueryHelpers.AddQueryString("/connect/authorize", new Dictionary<string, string?>
        {
            ["client_id"] = ExtensionClientId,
            ["response_type"] = "code",
            ["redirect_uri"] = ExtensionRedirectUri,
            ["scope"] = "api offline_access",
            ["code_challenge"] = challenge,
            ["code_challenge_method"] = "S256",
            ["state"] = "extension-state",
        });
        var loginPage = await browser.GetStringAsync(await RedirectTarget(browser.GetAsync(authorize)));
        var form = new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = HiddenField(loginPage, "__RequestVerificationToken"),
            ["returnUrl"] = HiddenField(loginPage, "returnUrl"),
            ["username"] = UserName,
            ["password"] = password,
        };
        var backToAuthorize = await RedirectTarget(browser.PostAsync("/account/login", new FormUrlEncodedContent(form)));
        var callback = new Uri(await RedirectTarget(browser.GetAsync(backToAuthorize)));
        var code = QueryHelpers.ParseQuery(callback.Query)["code"].ToString();
        return await TokenAsync(new()
        {
            ["grant_type"] = "authorization_code",
            ["client_id"] = ExtensionClientId,
            ["redirect_uri"] = ExtensionRedirectUri,
            ["code"] = code,
            ["code_verifier"] = verifier,
        });
    }

    /// <summary>A browser: keeps cookies, does not follow redirects.</summary>
    public HttpClient Browser() =>
        new(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() }) { BaseAddress = baseAddress };

    /// <summary>Fills in and posts the sign-in form as a browser would, with the anti-forgery token of a freshly fetched page.</summary>
    public static async Task<HttpResponseMessage> PostLoginAsync(HttpClient browser, string userName, string password, string returnUrl = "/") =>
        await browser.PostAsync("/account/login", await LoginFormAsync(browser, userName, password, returnUrl));

    /// <summary>The sign-in form filled in, with the anti-forgery token of a freshly fetched page (its cookie is in <paramref name="browser"/>).</summary>
    public static async Task<FormUrlEncodedContent> LoginFormAsync(HttpClient browser, string userName, string password, string returnUrl = "/")
    {
        var page = await browser.GetStringAsync("/account/login");
        return new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = HiddenField(page, "__RequestVerificationToken"),
            ["returnUrl"] = returnUrl,
            ["username"] = userName,
            ["password"] = password,
        });
    }

    public Task<JsonElement> RefreshAsync(JsonElement tokens) => TokenAsync(new()
    {
        ["grant_type"] = "refresh_token",
        ["client_id"] = ExtensionClientId,
        ["refresh_token"] = tokens.GetProperty("refresh_token").GetString()!,
    });

    public Task<HttpStatusCode> GetStatusAsync(string path, string? accessToken) => SendAsync(HttpMethod.Get, path, accessToken);

    /// <summary>An ingestion request without <c>?source=</c>: once past authorization and rate limiting it stops at 400, publishing nothing.</summary>
    public Task<HttpStatusCode> IngestWithoutSourceAsync(string? accessToken) => SendAsync(HttpMethod.Post, "/logs/ingest", accessToken, new StringContent("line"));

    public async Task DisposeAsync()
    {
        if (api is not null)
        {
            await api.DisposeAsync();
        }

        Http.Dispose();
        await postgres.DisposeAsync();
        Directory.Delete(keysFolder, recursive: true);
    }

    private async Task<HttpStatusCode> SendAsync(HttpMethod method, string path, string? accessToken, HttpContent? content = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        if (accessToken is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        }

        using var response = await Http.SendAsync(request);
        return response.StatusCode;
    }

    private async Task StartAsync()
    {
        var settings = ApiSettings.Base(postgres.ApiConnectionString);
        settings["FaultMaven:Auth:KeysPath"] = keysFolder;
        settings["FaultMaven:Auth:AllowPlainHttp"] = "true";
        settings["FaultMaven:Auth:Issuer"] = baseAddress.ToString();
        settings["FaultMaven:RateLimits:Ingestion:PermitLimit"] = IngestionPermitsPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture);

        // As talkative as the API can be, so the secret-scanning test sees the most it could ever log.
        settings["Serilog:MinimumLevel:Default"] = "Verbose";
        api = ServiceProcess.Start("FaultMaven.Api", "faultmaven-api", settings.AsEnvironment(), "--urls", baseAddress.ToString());
        await api.WaitUntilReady(new Uri(baseAddress, "/healthz").ToString(), TimeSpan.FromSeconds(60));
    }

    private static async Task<string> RedirectTarget(Task<HttpResponseMessage> request)
    {
        using var response = await request;
        return response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.SeeOther
            ? response.Headers.Location!.ToString()
            : throw new HttpRequestException($"expected a redirect, got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    private static string HiddenField(string html, string name) =>
        WebUtility.HtmlDecode(HiddenInput().Matches(html).Single(m => m.Groups["name"].Value == name).Groups["value"].Value);

    [GeneratedRegex("""<input type="hidden" name="(?<name>[^"]+)" value="(?<value>[^"]*)">""")]
    private static partial Regex HiddenInput();
}
