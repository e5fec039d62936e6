using System.Diagnostics;
using System.Text;

namespace FaultMaven.ScaleBench;

/// <summary>What 8 parallel large pastes did to the API: answers, the slowest health check meanwhile, and resident memory before, at peak and after.</summary>
public sealed record BurstResult(int Pastes, double PasteMiB, string Statuses, TimeSpan Elapsed, double SlowestHealthMs, double BeforeMiB, double PeakMiB, double AfterMiB, int AfterSeconds);

/// <summary>
/// The worst day for analysis: 8 parallel <c>/logs/analyze</c> pastes of <c>mib</c> MiB each, while
/// <c>/healthz</c> is asked every 250 ms. Resident memory is sampled every 250 ms and again after
/// <see cref="SettleSeconds"/> of quiet, to see whether it returns toward where it started.
/// </summary>
public static class AnalysisBurst
{
    public const int Pastes = 8;
    public const int SettleSeconds = 30;

    public static async Task<BurstResult> RunAsync(ApiUnderTest api, int mib)
    {
        var lines = mib * 1024 * 1024 / 80;
        var paste = ScaleData.Paste(lines, 11);
        var before = api.Memory().Resident;
        var peak = before;
        var slowest = 0.0;
        var timer = Stopwatch.StartNew();
        var pastes = Task.WhenAll(Enumerable.Range(0, Pastes).Select(async _ =>
        {
            using var response = await api.Http.PostAsync("/logs/analyze", new StringContent(paste, Encoding.UTF8, "text/plain"));
            await response.Content.ReadAsByteArrayAsync();
            return (int)response.StatusCode;
        }));
        while (!pastes.IsCompleted)
        {
            var probe = Stopwatch.StartNew();
            using (var health = await api.Http.GetAsync("/healthz"))
            {
                slowest = Math.Max(slowest, probe.Elapsed.TotalMilliseconds);
            }

            peak = Math.Max(peak, api.Memory().Resident);
            await Task.Delay(250);
        }

        var statuses = string.Join(", ", (await pastes).GroupBy(s => s).Select(g => $"{g.Count()}× {g.Key}"));
        var elapsed = timer.Elapsed;
        await Task.Delay(TimeSpan.FromSeconds(SettleSeconds));
        return new BurstResult(Pastes, Encoding.UTF8.GetByteCount(paste) / 1048576.0, statuses, elapsed, slowest, before, peak, api.Memory().Resident, SettleSeconds);
    }
}
