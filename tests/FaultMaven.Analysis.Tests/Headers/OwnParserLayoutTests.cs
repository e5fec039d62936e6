using FaultMaven.Analysis.Headers;

namespace FaultMaven.Analysis.Tests.Headers;

/// <summary>
/// klog and PostgreSQL's default log prefix: detected for template mining, so that their headers are not mined as
/// message text, and left to the normalizer's own parsers (lines written here in each format's shape).
/// </summary>
public sealed class OwnParserLayoutTests
{
    public static TheoryData<string[], string> Samples => new()
    {
        {
            [
                "I1130 08:14:02.118204    4711 kubelet.go:2455] \"SyncLoop ADD\" source=\"api\" pods=[\"shop/cart-7c9f-2kq\"]",
                "E1130 08:14:03.901877    4711 pod_workers.go:1298] \"Error syncing pod, skipping\" err=\"failed to \\\"StartContainer\\\"\"",
                "W1130 08:14:09.004113     912 reflector.go:535] failed to list *v1.Service: Unauthorized",
                "I1130 08:14:11.550390    4711 prober.go:107] \"Probe failed\" probeType=\"Readiness\" pod=\"shop/cart-7c9f-2kq\"",
            ],
            "\"SyncLoop ADD\" source=\"api\" pods=[\"shop/cart-7c9f-2kq\"]"
        },
        {
            [
                "2026-11-30 08:14:02.118 UTC [3301] LOG:  checkpoint starting: time",
                "2026-11-30 08:14:05.441 UTC [3412] ERROR:  relation \"orders_archive\" does not exist at character 15",
                "2026-11-30 08:14:05.441 UTC [3412] STATEMENT:  SELECT * FROM orders_archive",
                "2026-11-30 08:14:09.902 UTC [3301] LOG:  checkpoint complete: wrote 12 buffers (0.1%)",
            ],
            "checkpoint starting: time"
        },
    };

    [Theory]
    [MemberData(nameof(Samples))]
    public void The_layout_is_detected_for_mining_and_gives_the_message(string[] lines, string firstContent)
    {
        var detected = HeaderDetector.Detect(lines);

        Assert.Contains(detected.Format, HeaderCatalog.ReadByOwnParsers);
        Assert.Equal(1.0, detected.Coverage);
        Assert.True(detected.Format.TryGetContent(lines[0], out var content));
        Assert.Equal(firstContent, lines[0][content]);
    }

    [Fact]
    public void A_field_right_after_another_takes_at_least_one_character_in_the_scanner_and_the_regular_expression()
    {
        var klog = HeaderCatalog.ReadByOwnParsers[0];
        const string line = "I1130 08:14:02.118204    4711 kubelet.go:2455] message";
        Span<Range> scanned = stackalloc Range[klog.Fields.Count];
        Span<Range> matched = stackalloc Range[klog.Fields.Count];

        Assert.True(klog.TryMatch(line, scanned));
        Assert.True(klog.TryMatchRegex(line, matched));
        Assert.Equal("I", line[scanned[0]]);
        Assert.Equal(scanned.ToArray(), matched.ToArray());
    }
}
