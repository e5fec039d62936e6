using System.Net;
using System.Text;
using System.Text.Json;
using FaultMaven.Contracts;
using FaultMaven.Testing;
using FaultMaven.Testing.Processes;

namespace FaultMaven.EndToEnd.Tests;

/// <summary>A pipeline allowed to fall only a little behind, so that back-pressure engages within a small push.</summary>
public sealed class TightFlowControlSystem : RunningSystem
{
    /// <summary>24 chunks of 64 KiB (1.5 MiB) on logs.raw and 2,000 records downstream: far below the 5 MiB a partition keeps.</summary>
    public static readonly IReadOnlyDictionary<string, string> Limits = new Dictionary<string, string>
    {
        ["FAULTMAVEN__INGESTION__FLOWCONTROL__MAXLAGRECORDS__logs.raw"] = "24",
        ["FAULTMAVEN__INGESTION__FLOWCONTROL__MAXLAGRECORDS__logs.normalized"] = "2000",
        ["FAULTMAVEN__INGESTION__FLOWCONTROL__REFRESHINTERVAL"] = "00:00:00.200",
    };

    protected override IEnumerable<KeyValuePair<string, string>> Settings => Limits;
}

public sealed class FlowControlTests(TightFlowControlSystem system) : IClassFixture<TightFlowControlSystem>
{
    /// <summary>About 10 MB of incompressible lines to one partition: twice what the dev broker keeps there.</summary>
    private const int Lines = 10_000;


    [Fact]
    public async Task Fm_push_to_kafka_waits_for_the_pipeline_while_http_ingestion_answers_503_and_every_line_is_stored()
    {
        const string source = "paced-kafka";
        var probes = new List<HttpResponseMessage>();
        HttpResponseMessage? hecBusy = null;

        // No worker at first: the lag reaches the limit and stays there, so producers are held back whatever the
        // machine's speed (with a worker consuming, whether a probe meets a full lag is a race).
        await system.Worker!.Kill();
        var push = Task.Run(() => Push(source, "--broker", system.BootstrapServers));
        async Task<bool> Probe()
        {
            // Distinct lines, so that no probe is collapsed as a repeat and the collapse counter stays the push's own.
            probes.Add(await system.Api.PostAsync($"/logs/ingest?source={source}-probe", new StringContent($"2026-11-25 10:00:00 INFO probe {probes.Count} while pushing", Encoding.UTF8, "text/plain")));
            var hec = await SendHecLine(probes.Count);
            hecBusy ??= hec.StatusCode == HttpStatusCode.ServiceUnavailable ? hec : null;
            await Task.Delay(200);
            return probes[^1].StatusCode == HttpStatusCode.ServiceUnavailable && hecBusy is not null;
        }

        await Progress.Until(
            "/logs/ingest and HEC answer 503 while the pipeline is at its limit", Probe, system.PipelineProgress, system.Diagnostics);
        await system.StartWorker();
        while (!push.IsCompleted)
        {
            await Probe();
        }

        // The restarted worker counts collapses from zero, and it is the one that processes every line of the push.
        await AssertAllStoredAndTheBrokerOverflowed(source, await push, collapsedBefore: 0);
        var refused = probes.Where(p => p.StatusCode == HttpStatusCode.ServiceUnavailable).ToList();
        Assert.True(refused.Count > 0, $"no 503 among {probes.Count} ingest requests during the push: {string.Join(", ", probes.Select(p => (int)p.StatusCode))}");
        Assert.All(refused, r => Assert.True(r.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), $"Retry-After: {r.Headers.RetryAfter}"));
        Assert.Equal("application/problem+json", refused[0].Content.Headers.ContentType?.MediaType);
        Assert.Contains("behind on logs.", JsonDocument.Parse(await refused[0].Content.ReadAsStringAsync()).RootElement.GetProperty("detail").GetString());
        var accepted = probes.Count(p => p.StatusCode == HttpStatusCode.Accepted);
        Assert.Equal(probes.Count, accepted + refused.Count);
        await system.Eventually($"{accepted} accepted probe lines stored", async () => await PipelineProbe.Accounted(system, $"{source}-probe") == accepted);
        Assert.True(hecBusy is not null, "HEC never answered 503 during the push");
        Assert.NotNull(hecBusy.Headers.RetryAfter?.Delta);
        var hecBody = JsonDocument.Parse(await hecBusy.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(9, hecBody.GetProperty("code").GetInt32());
        Assert.Equal(503, hecBody.GetProperty("status").GetInt32());

        // Back-pressure is expected under load: the API logs each refusal as a warning, never as an error (Serilog's
        // compact JSON names every level but Information in "@l").
        var refusals = system.ApiOutput.Split('\n').Where(line => line.Contains("responded 503", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(refusals);
        Assert.All(refusals, line => Assert.Contains("\"@l\":\"Warning\"", line, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Fm_push_through_the_api_retries_after_503_and_every_line_is_stored()
    {
        const string source = "paced-http";
        var collapsedBefore = await Collapsed();

        var result = await Task.Run(() => Push(source, "--api", system.Api.BaseAddress!.ToString(), "--token", system.AccessToken));

        await AssertAllStoredAndTheBrokerOverflowed(source, result, collapsedBefore);
    }

    /// <summary>
    /// Lines in = rows + dead letters + counted collapses, no offset gap anywhere, and the broker has since dropped
    /// the first records of this push (its low watermark passed them): without flow control they would have been
    /// dropped before the worker read them, as they were when the issue was measured.
    /// </summary>
    private async Task AssertAllStoredAndTheBrokerOverflowed(string source, FmResult push, double collapsedBefore)
    {
        Assert.True(push.ExitCode == 0, push.Output);
        Assert.Contains("waiting for the pipeline to catch up", push.Output);
        Assert.Contains("in all for the pipeline to catch up", push.Output);
        await system.Eventually($"{Lines} lines of {source} accounted for", async () => await PipelineProbe.Accounted(system, source) + await Collapsed() - collapsedBefore >= Lines);
        var accounted = await PipelineProbe.Accounted(system, source) + await Collapsed() - collapsedBefore;
        Assert.True(accounted == Lines, $"{accounted} accounted for {Lines} lines in: {await PipelineProbe.Describe(system, source)}\n--- worker ---\n{system.Worker?.Output}");
        Assert.Equal(0, await PipelineProbe.WorkerCounter(system, "faultmaven_offset_gap_records_total", ""));
        var partition = (int)await system.CountRows($"SELECT min(raw_partition)::bigint FROM logs WHERE source = '{source}'");
        var firstOffset = await system.CountRows($"SELECT min(raw_offset) FROM logs WHERE source = '{source}' AND raw_partition = {partition}");
        var kept = PipelineProbe.Lag(system.BootstrapServers).Partitions.Single(p => p.Topic == Topics.Raw && p.Partition == partition);
        Assert.True(kept.Low > firstOffset, $"the broker still holds {source}'s first record (offset {firstOffset} of {kept}, low watermark {kept.Low}): the push did not overflow it");
    }

    /// <summary>What a shipper's HEC output sends.</summary>
    private async Task<HttpResponseMessage> SendHecLine(int probe)
    {
        using var shipper = new HttpClient { BaseAddress = system.Api.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/services/collector/raw?source=paced-hec-probe") { Content = new StringContent($"2026-11-25 10:00:00 INFO hec probe {probe}\n") };
        request.Headers.TryAddWithoutValidation("Authorization", $"Splunk {RunningSystem.HecToken}");
        return await shipper.SendAsync(request);
    }

    private Task<double> Collapsed() => PipelineProbe.WorkerCounter(system, "faultmaven_pipeline_records_total", "outcome=\"collapsed\"");

    private FmResult Push(string source, params string[] destination)
    {
        var file = Path.Combine(Path.GetTempPath(), $"{source}-{Guid.NewGuid():N}.log");
        File.WriteAllLines(file, PipelineProbe.IncompressibleLines(source, Lines));
        try
        {
            return FmCommand.Run(
                new Dictionary<string, string>(TightFlowControlSystem.Limits),
                ["push", file, "--source", source, "--state", Path.Combine(Path.GetTempPath(), "fm-push-state-" + Guid.NewGuid().ToString("N")), .. destination]);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
