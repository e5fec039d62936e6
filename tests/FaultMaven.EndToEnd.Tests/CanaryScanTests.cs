using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Dapper;

namespace FaultMaven.EndToEnd.Tests;

/// <summary>
/// The raw-table scan over the running system: a canary secret of every kind the masking rules know, plus a generated
/// value no rule knows, goes in through Kafka, <c>/logs/ingest</c> and HEC (message text, JSON fields, HEC fields) and
/// through an incident's resolution; then every column of every table, read as pg_dump would, holds none of them in
/// clear: log text and what people write is sealed, templates, titles and embedded text keep no raw value.
/// </summary>
public sealed class CanaryScanTests(RunningSystem system) : IClassFixture<RunningSystem>
{
    private const string Letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private const string Digits = "0123456789";

    /// <summary>Each canary: the text a log carries and the part of it that must not be found in clear.</summary>
    private static readonly (string Kind, string Text, string Secret)[] Canaries = MakeCanaries();

    [Fact]
    public async Task A_canary_of_every_kind_sent_through_kafka_ingest_and_hec_appears_in_no_column_of_any_table()
    {
        var at = DateTimeOffset.UtcNow;
        var lines = Canaries.Select((canary, i) => $"{at.AddSeconds(i):yyyy-MM-ddTHH:mm:ssZ} ERROR call {canary.Kind} failed with {canary.Text}").ToList();
        var jsonLines = Canaries.Select(canary => JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["level"] = "error",
            ["msg"] = $"request failed for {canary.Kind}",
            ["detail"] = canary.Text,
            ["hmac_key"] = Canaries.Single(c => c.Kind == "random-value").Secret,
        })).ToList();
        system.Produce("canary-kafka", [.. lines, .. jsonLines]);
        var ingested = await system.Api.PostAsync("/logs/ingest?source=canary-ingest", new StringContent(string.Join('\n', lines), Encoding.UTF8, "text/plain"));
        Assert.True(ingested.IsSuccessStatusCode, await ingested.Content.ReadAsStringAsync());
        var events = string.Concat(Canaries.Select(canary => JsonSerializer.Serialize(new
        {
            source = "canary-hec",
            @event = new Dictionary<string, string> { ["level"] = "error", ["message"] = $"call {canary.Kind} failed with {canary.Text}" },
            fields = new Dictionary<string, string> { ["api_key"] = canary.Secret, ["note"] = canary.Text },
        })));
        using var hec = new HttpRequestMessage(HttpMethod.Post, "/services/collector/event") { Content = new StringContent(events) };
        hec.Headers.TryAddWithoutValidation("Authorization", $"Splunk {RunningSystem.HecToken}");
        var hecResponse = await system.Api.SendAsync(hec);
        Assert.True(hecResponse.IsSuccessStatusCode, await hecResponse.Content.ReadAsStringAsync());

        await system.WaitForCount("every kafka canary line stored", () => system.StoredLines("canary-kafka"), lines.Count + jsonLines.Count);
        await system.WaitForCount("every ingested canary line stored", () => system.StoredLines("canary-ingest"), lines.Count);
        await system.WaitForCount("every HEC canary event stored", () => system.StoredLines("canary-hec"), Canaries.Length);
        await system.Eventually("an incident with an embedding for every canary source", async () =>
            await system.CountRows(
                "SELECT count(DISTINCT i.source) FROM incidents i JOIN incident_embeddings e ON e.incident_id = i.id WHERE i.source LIKE 'canary-%'") == 3);
        var incidentId = (await system.GetJson("/incidents?source=canary-kafka")).GetProperty("items")[0].GetProperty("id").GetString();
        var resolution = string.Join('\n', Canaries.Select(canary => $"{canary.Kind}: rotated {canary.Text}"));
        var resolved = await system.Api.PostAsJsonAsync($"/incidents/{incidentId}/resolve", new { resolution });
        Assert.True(resolved.IsSuccessStatusCode, await resolved.Content.ReadAsStringAsync());

        var dump = await DumpEveryTableAsync();
        Assert.Contains("canary-hec", dump, StringComparison.Ordinal);
        // The clear template columns were scanned: they hold the masked forms where the canaries were.
        Assert.Contains("with <masked:github-token>", dump, StringComparison.Ordinal);
        Assert.Contains("session <*>", dump, StringComparison.Ordinal);
        var found = Canaries
            .Where(canary => dump.Contains(canary.Secret, StringComparison.Ordinal) || dump.Contains(Convert.ToHexStringLower(Encoding.UTF8.GetBytes(canary.Secret)), StringComparison.Ordinal))
            .Select(canary => $"{canary.Kind} ({canary.Secret}) in: {string.Join(" | ", dump.Split('\n').Where(row => row.Contains(canary.Secret, StringComparison.Ordinal)).Take(3))}")
            .ToList();
        Assert.True(found.Count == 0, "in clear:\n" + string.Join('\n', found));
    }

    /// <summary>Every row of every table in the public schema as text, as pg_dump would see it (bytea as hex).</summary>
    private async Task<string> DumpEveryTableAsync()
    {
        await using var connection = await system.Database.OpenConnectionAsync();
        var tables = await connection.QueryAsync<string>(
            "SELECT quote_ident(table_name) FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'");
        var dump = new StringBuilder();
        foreach (var table in tables)
        {
            foreach (var row in await connection.QueryAsync<string>($"SELECT t::text FROM {table} t"))
            {
                dump.Append(table).Append(": ").AppendLine(row);
            }
        }

        return dump.ToString();
    }

    private static (string Kind, string Text, string Secret)[] MakeCanaries()
    {
        var slack = Random(24);
        var webhook = Random(24);
        var google = Random(35);
        var stripe = Random(24);
        var fineGrained = Random(59);
        var gitlab = Random(20);
        var pypi = Random(60);
        var azure = Random(40);
        var sas = Random(30);
        var privateKey = Random(40);
        var password = Random(12);
        var email = $"canary.{Random(8).ToLowerInvariant()}@example.com";
        var urlPassword = Random(12);
        var jwt = Random(20);
        var aws = Random(16).ToUpperInvariant();
        var bearer = Random(24);
        var generated = Random(24);
        return
        [
            ("slack-token", $"xoxb-1234567890-1234567890123-{slack}", slack),
            ("slack-webhook", $"https://hooks.slack.com/services/T00000000/B00000000/{webhook}", webhook),
            ("google-api-key", $"AIza{google}", google),
            ("stripe-key", $"sk_live_{stripe}", stripe),
            // Tokens with a checksum cannot be random here: these two carry valid ones.
            ("github-token", "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", "R4nd0mT0kenB0dyForFaultMaven124R5jPA"),
            ("github-fine-grained-token", $"github_pat_{Random(22)}_{fineGrained}", fineGrained),
            ("gitlab-token", $"glpat-{gitlab}", gitlab),
            ("npm-token", "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", "Npm0nlyRand0mB0dyForFaultMav3n2x2jJ9"),
            ("pypi-token", $"pypi-AgEIcHlwaS5vcmc{pypi}", pypi),
            ("azure-connection-string", $"DefaultEndpointsProtocol=https;AccountName=acct;AccountKey={azure}==;EndpointSuffix=core.windows.net", azure),
            ("azure-sas-signature", $"https://acct.blob.core.windows.net/c/b?sv=2022-11-02&sig={sas}", sas),
            ("private-key-block", $"{{\"private_key\":\"-----BEGIN PRIVATE KEY-----\\nMIIE{privateKey}\\n-----END PRIVATE KEY-----\\n\"}}", privateKey),
            ("secret-key-value", $"password={password}", password),
            ("email", email, email),
            ("url-credentials", $"postgres://app:{urlPassword}@db.example.com/app", urlPassword),
            ("jwt", $"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOi{jwt}.c2lnbmF0dXJl", jwt),
            ("aws-access-key", $"AKIA{aws}", aws),
            ("authorization-header", $"Authorization: Bearer {bearer}", bearer),
            ("credit-card", "4111 1111 1111 1111", "4111 1111 1111 1111"),
            ("random-value", $"session {generated}", generated),
        ];
    }

    /// <summary>Letters of both cases with a digit every third character: random, and random-looking to the masking rules.</summary>
    private static string Random(int length) => string.Create(length, 0, (span, _) =>
    {
        for (var i = 0; i < span.Length; i++)
        {
            span[i] = i % 3 == 2 ? Digits[RandomNumberGenerator.GetInt32(Digits.Length)] : Letters[RandomNumberGenerator.GetInt32(Letters.Length)];
        }
    });
}
