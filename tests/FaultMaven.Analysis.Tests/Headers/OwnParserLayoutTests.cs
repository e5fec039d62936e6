using FaultMaven.Analysis.Headers;

namespace FaultMaven.Analysis.Tests.Headers;

/// <summary>
/// klog, PostgreSQL's default log prefix and Spring Boot's default layout: detected for template mining, so that their headers are not mined as
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
        {
            [
                "2026-11-30 08:14:02.118  INFO 4187 --- [           main] c.e.shop.ShopApplication                 : Starting ShopApplication v2.1 using Java 17",
                "2026-11-30 08:14:05.441 DEBUG 4187 --- [nio-8080-exec-7] c.e.shop.web.OrderController             : Fetching order 42 for user alice",
                "2026-11-30 08:14:05.502  WARN 4187 --- [io-8080-exec-10] o.h.engine.jdbc.spi.SqlExceptionHelper   : SQL Error: 0, SQLState: 40001",
                "2026-11-30 08:14:09.902 ERROR 4187 --- [   scheduling-1] .e.shop.security.JwtAuthenticationFilter : Token expired: at 08:14",
            ],
            "Starting ShopApplication v2.1 using Java 17"
        },
        {
            [
                "2026-11-30T08:14:02.118+01:00  INFO 4187 --- [           main] c.e.shop.ShopApplication                 : Started ShopApplication in 3.2 seconds",
                "2026-11-30T08:14:05.441+01:00 DEBUG 4187 --- [nio-8080-exec-7] c.e.shop.web.OrderController             : Fetching order 42",
            ],
            "Started ShopApplication in 3.2 seconds"
        },
    };

    [Fact]
    public void A_spring_boot_thread_padded_with_spaces_is_one_field_whatever_its_padding()
    {
        var spring = HeaderCatalog.ReadByOwnParsers[2];
        string[] lines =
        [
            "2026-11-30 08:14:02.118  INFO 4187 --- [           main] c.e.shop.ShopApplication                 : Started",
            "2026-11-30 08:14:02.118  INFO 4187 --- [nio-8080-exec-7] c.e.shop.ShopApplication                 : Started",
        ];

        var fields = lines.Select(spring.FieldsOf).ToList();

        Assert.Equal(["main", "nio-8080-exec-7"], fields.Select(field => field!["Thread"].Trim()));
        Assert.All(fields, field => Assert.Equal("Started", field!["Content"]));
        Assert.All(fields, field => Assert.Equal("c.e.shop.ShopApplication", field!["Logger"]));
    }

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
