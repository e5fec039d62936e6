using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using FaultMaven.Testing.Processes;
using Microsoft.AspNetCore.WebUtilities;
using Npgsql;
using Xunit.Abstractions;

namespace FaultMaven.Api.Tests;

/// <summary>The embedded server's sign-in page and authorization endpoint against guessing, enumeration and hostile input.</summary>
public sealed class LoginTests(EmbeddedApi api, ITestOutputHelper output) : IClassFixture<EmbeddedApi>
{
    [Fact]
    public async Task A_user_name_is_locked_after_repeated_wrong_passwords_for_a_growing_time_and_each_failure_is_counted_in_the_audit_log()
    {
        var (user, password) = await NewUserAsync("lou");
        using var browser = api.Browser();
        for (var i = 1; i <= 6; i++)
        {
            using var wrong = await EmbeddedApi.PostLoginAsync(browser, user, $"guess-{i}");
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        // The sixth wrong password locked the name for the base delay: even the right password is not checked now.
        using (var locked = await EmbeddedApi.PostLoginAsync(browser, user, password))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, locked.StatusCode);
            Assert.Equal("1", locked.Headers.GetValues("Retry-After").Single());
        }

        // Once the lock ends, the next wrong password locks it for twice as long.
        await UntilAsync(async () =>
        {
            using var attempt = await EmbeddedApi.PostLoginAsync(browser, user, "guess-7");
            return attempt.StatusCode == HttpStatusCode.Unauthorized;
        });
        using (var longer = await EmbeddedApi.PostLoginAsync(browser, user, password))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, longer.StatusCode);
            Assert.Equal("2", longer.Headers.GetValues("Retry-After").Single());
        }

        await UntilAsync(async () =>
        {
            using var right = await EmbeddedApi.PostLoginAsync(browser, user, password);
            return right.StatusCode == HttpStatusCode.Redirect;
        });

        // Refused sign-ins are counted per address and minute; stopping the API writes the counts of the current minute.
        await api.RestartAsync();
        var (failures, lockouts) = await SignInRefusalsAsync(user);
        output.WriteLine($"audited for {user}: {failures} failed, {lockouts} locked; the API's lines on auditing:");
        output.WriteLine(string.Join('\n', api.Output.Split('\n').Where(line => line.Contains("audit", StringComparison.OrdinalIgnoreCase))));
        Assert.Equal(5, failures);
        Assert.Equal(2, lockouts);
    }

    [Fact]
    public async Task Five_hundred_anonymous_refused_requests_from_one_client_in_one_minute_are_one_audit_row_with_count_500()
    {
        using var anonymous = new HttpClient { BaseAddress = api.Http.BaseAddress };
        // The class's other tests share this API and refuse anonymous requests too: a restart writes their counts out,
        // and only the rows written after it are this test's.
        await api.RestartAsync();
        await using var connection = new NpgsqlConnection(api.ConnectionString);
        var before = await connection.ExecuteScalarAsync<long>("SELECT coalesce(max(id), 0) FROM audit_log");
        var first = DateTimeOffset.UtcNow;
        for (var batch = 0; batch < 50; batch++)
        {
            var statuses = await Task.WhenAll(Enumerable.Range(0, 10).Select(async _ =>
            {
                using var response = await anonymous.GetAsync("/findings");
                return response.StatusCode;
            }));
            Assert.All(statuses, status => Assert.Equal(HttpStatusCode.Unauthorized, status));
        }

        var last = DateTimeOffset.UtcNow;
        await api.RestartAsync();

        var rows = (await connection.QueryAsync<(string Minute, long Unauthorized)>(
            """
            SELECT details->>'minute', (details->>'unauthorized')::bigint FROM audit_log
            WHERE id > @before AND action = 'refused.anonymous' AND source_address = '127.0.0.1' AND details ? 'unauthorized' ORDER BY id
            """,
            new { before })).ToList();
        output.WriteLine($"requests sent {first:HH:mm:ss.fff}-{last:HH:mm:ss.fff}; rows: {string.Join("; ", rows)}");
        Assert.Equal(500, rows.Sum(row => row.Unauthorized));
        Assert.Equal(rows.Count, rows.Select(row => row.Minute).Distinct().Count());
        // One row per minute the requests spanned: the server shares this clock and counts each before its client has
        // the answer (a second's margin for the last), so requests sent within one minute make exactly one row.
        if (first.Ticks / TimeSpan.TicksPerMinute == last.AddSeconds(1).Ticks / TimeSpan.TicksPerMinute)
        {
            Assert.Equal(500, Assert.Single(rows).Unauthorized);
        }
        else
        {
            Assert.InRange(rows.Count, 1, 2);
        }
    }

    private async Task<(long Failed, long Locked)> SignInRefusalsAsync(string user)
    {
        await using var connection = new NpgsqlConnection(api.ConnectionString);
        return await connection.QuerySingleAsync<(long, long)>(
            """
            SELECT coalesce(sum((details->>('login.failed:' || @user))::bigint), 0), coalesce(sum((details->>('login.locked:' || @user))::bigint), 0)
            FROM audit_log WHERE action = 'refused.anonymous'
            """,
            new { user });
    }

    [Fact]
    public async Task An_unknown_user_name_costs_as_much_time_as_a_wrong_password_for_a_known_one()
    {
        // Four wrong passwords per known name stay below the lock; interleaved so that load on the machine hits both alike.
        var known = new[] { (await NewUserAsync("tim")).User, (await NewUserAsync("tom")).User };
        var knownTimes = new List<double>();
        var unknownTimes = new List<double>();
        using var browser = api.Browser();
        for (var i = 0; i < 4; i++)
        {
            foreach (var user in known)
            {
                knownTimes.Add(await TimeLoginAsync(browser, user));
                unknownTimes.Add(await TimeLoginAsync(browser, $"nobody-{Guid.NewGuid():N}"));
            }
        }

        var knownMedian = Median(knownTimes);
        var unknownMedian = Median(unknownTimes);
        output.WriteLine($"median sign-in time: known user {knownMedian:F1} ms, unknown user {unknownMedian:F1} ms");
        Assert.True(unknownMedian >= knownMedian * 0.6, $"unknown {unknownMedian:F1} ms vs known {knownMedian:F1} ms: the hash work is skipped for unknown names");
    }

    [Fact]
    public async Task PKCE_with_the_plain_method_is_refused_and_S256_is_advertised_alone()
    {
        using var browser = api.Browser();
        var authorize = QueryHelpers.AddQueryString("/connect/authorize", new Dictionary<string, string?>
        {
            ["client_id"] = EmbeddedApi.ExtensionClientId,
            ["response_type"] = "code",
            ["redirect_uri"] = EmbeddedApi.ExtensionRedirectUri,
            ["scope"] = "api",
            ["code_challenge"] = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32)),
            ["code_challenge_method"] = "plain",
        });
        using var response = await browser.GetAsync(authorize);
        var location = response.Headers.Location?.ToString() ?? "";
        output.WriteLine($"{(int)response.StatusCode} {location}");

        Assert.DoesNotContain("/account/login", location, StringComparison.Ordinal);
        Assert.True(location.Contains("error=invalid_request", StringComparison.Ordinal) || response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode} {location}");
        using var discovery = System.Text.Json.JsonDocument.Parse(await browser.GetStringAsync("/.well-known/openid-configuration"));
        Assert.Equal(["S256"], discovery.RootElement.GetProperty("code_challenge_methods_supported").EnumerateArray().Select(method => method.GetString()));
    }

    [Fact]
    public async Task A_return_url_with_control_characters_sends_the_signed_in_user_home_instead_of_failing()
    {
        var (user, password) = await NewUserAsync("ret");
        foreach (var returnUrl in new[] { "/\u0001", "/a\r\nLocation: https://evil.invalid", "/\u007f" })
        {
            using var browser = api.Browser();
            using var response = await EmbeddedApi.PostLoginAsync(browser, user, password, returnUrl);

            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal("/", response.Headers.Location?.ToString());
        }
    }

    [Fact]
    public async Task An_anonymous_form_post_over_4_MB_is_refused_with_401_without_reading_the_form()
    {
        using var content = new ByteArrayContent(Encoding.ASCII.GetBytes("access_token=x&a=" + new string('b', 5 * 1024 * 1024)));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/x-www-form-urlencoded");
        using var response = await api.Http.PostAsync("/logs/ingest?source=x", content);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_content_type_an_endpoint_does_not_read_is_a_401_for_an_anonymous_caller_and_a_415_problem_naming_the_types_for_an_authenticated_one()
    {
        var token = EmbeddedApi.AccessToken(await api.ClientCredentialsTokenAsync(api.ClientSecret));
        string[] paths = ["/query", "/logs/analyze", "/feedback", "/logs/ingest?source=x", "/incidents/inc-missing/resolve", "/ingest/alertmanager"];
        var seen = new List<string>();
        foreach (var path in paths)
        {
            foreach (var bearer in new[] { null, token })
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent("<a>b</a>", Encoding.UTF8, "application/xml") };
                if (bearer is not null)
                {
                    request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", bearer);
                }

                using var response = await api.Http.SendAsync(request);
                seen.Add($"{path} {(bearer is null ? "anonymous" : "responder")}: {(int)response.StatusCode} {response.Content.Headers.ContentType} {await response.Content.ReadAsStringAsync()}");
            }
        }

        var expected = paths.SelectMany(path => new[] { $"{path} anonymous: 401", $"{path} responder: 415 application/problem+json" }).ToList();
        Assert.True(
            expected.Zip(seen).All(pair => pair.Second.StartsWith(pair.First, StringComparison.Ordinal)) && seen.Where((_, i) => i % 2 == 1).All(line => line.Contains("not read here; send ", StringComparison.Ordinal)),
            string.Join('\n', seen));
    }

    private async Task<(string User, string Password)> NewUserAsync(string prefix)
    {
        var user = $"{prefix}-{Guid.NewGuid():N}"[..16];
        return (user, FmAdmin.ShownOnce(await FmAdmin.Run(api.ConnectionString, "create-user", user, "--role", "viewer")));
    }

    private static async Task<double> TimeLoginAsync(HttpClient browser, string user)
    {
        using var form = await EmbeddedApi.LoginFormAsync(browser, user, "not-the-password");
        var clock = Stopwatch.StartNew();
        using var response = await browser.PostAsync("/account/login", form);
        clock.Stop();
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        return clock.Elapsed.TotalMilliseconds;
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    private static async Task UntilAsync(Func<Task<bool>> done)
    {
        var clock = Stopwatch.StartNew();
        while (!await done())
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), "the lock never ended");
            await Task.Delay(200);
        }
    }
}
