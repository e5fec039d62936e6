using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using FaultMaven.Identity;
using FaultMaven.Testing.Processes;
using Xunit.Abstractions;

namespace FaultMaven.Api.Tests;

/// <summary>
/// Every reader of a log file counts the same lines in the same bytes (docs/normalization.md, "What a line is"):
/// <c>fm templates</c> (its CSV rows), <c>fm detect</c> and <c>fm analyze</c> (the real fm, in processes of their own)
/// and <c>POST /logs/analyze</c> over real HTTP, as text and as a file upload, on generated hostile bytes. Each count
/// also equals the test's own count of LF-ended lines, and the analyses account for every line they read.
/// </summary>
[Collection(InProcessApiCollection.Name)]
public sealed partial class LineCountAgreementTests(LineCountAgreementTests.SharedApi shared, ITestOutputHelper output) : IClassFixture<LineCountAgreementTests.SharedApi>, IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("fm-lines-").FullName;

    /// <summary>One API for the class: the inputs only read.</summary>
    public sealed class SharedApi : SharedIssuedApi;

    public static TheoryData<string> Inputs() =>
        ["nul", "lone cr", "crlf", "invalid utf-8", "utf-8 bom", "utf-16 bom", "no final newline", "blank and control lines", "binary", "empty"];

    [Theory]
    [MemberData(nameof(Inputs))]
    public async Task Fm_templates_detect_analyze_and_the_api_count_the_same_lines(string input)
    {
        var bytes = Bytes(input);
        var file = Path.Combine(folder, "input.log");
        await File.WriteAllBytesAsync(file, bytes);

        var templates = FmCommand.Run(new Dictionary<string, string>(), "templates", file, "--out", Path.Combine(folder, "templates.csv"));
        var rows = (await File.ReadAllTextAsync(Path.Combine(folder, "templates.csv"))).Split('\n', StringSplitOptions.RemoveEmptyEntries).Length - 1;
        var detect = FmCommand.Run(new Dictionary<string, string>(), "detect", file, "--session", @"req-\d+");
        var analyze = FmCommand.Run(new Dictionary<string, string>(), "analyze", file, "--json");
        Assert.True(templates.ExitCode == 0, templates.Output);
        Assert.True(analyze.ExitCode == 0, analyze.Output);

        using var http = new HttpClient { BaseAddress = shared.Host.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", shared.TokenIssuer.Token("analyst", [Roles.Responder]));
        using var text = new ByteArrayContent(bytes) { Headers = { ContentType = new MediaTypeHeaderValue("text/plain") } };
        using var posted = await http.PostAsync("/logs/analyze", text);
        using var form = new MultipartFormDataContent { { new ByteArrayContent(bytes), "file", "input.log" } };
        using var uploaded = await http.PostAsync("/logs/analyze", form);

        var expected = OwnCount(bytes);
        output.WriteLine($"{input}: {bytes.Length} bytes, {expected} lines; templates {rows} rows ({Summary(templates)}); detect: {Summary(detect)}; analyze: {analyze.StandardOutput.Length} characters of JSON; API text {(int)posted.StatusCode}, file {(int)uploaded.StatusCode}");
        Assert.Equal(expected, rows);
        Assert.Equal(expected, CountIn(detect));
        Assert.Equal(expected, CountIn(templates));
        var analyzed = Tally(JsonDocument.Parse(analyze.StandardOutput).RootElement);
        output.WriteLine($"analyze: {analyzed}");
        Assert.Equal(expected, analyzed.Read);
        if (bytes.Length == 0)
        {
            // Nothing to analyze: refused with a problem, as a paste of no lines is.
            Assert.Equal(HttpStatusCode.BadRequest, posted.StatusCode);
            Assert.Equal(HttpStatusCode.BadRequest, uploaded.StatusCode);
            return;
        }

        Assert.True(posted.StatusCode == HttpStatusCode.OK, await posted.Content.ReadAsStringAsync());
        Assert.True(uploaded.StatusCode == HttpStatusCode.OK, await uploaded.Content.ReadAsStringAsync());
        var overText = Tally(JsonDocument.Parse(await posted.Content.ReadAsStringAsync()).RootElement.GetProperty("analysis"));
        var overUpload = Tally(JsonDocument.Parse(await uploaded.Content.ReadAsStringAsync()).RootElement.GetProperty("analysis"));
        Assert.Equal(analyzed, overText);
        Assert.Equal(analyzed, overUpload);
        Assert.Equal(analyzed.Read, analyzed.InEvents + analyzed.Unread + analyzed.Blank + analyzed.TableHeaders);
    }

    void IDisposable.Dispose() => Directory.Delete(folder, recursive: true);

    /// <summary>Lines counted here without any reader of the product: the text's LFs, plus one for text after the last.</summary>
    private static int OwnCount(byte[] bytes)
    {
        var text = new StreamReader(new MemoryStream(bytes), Encoding.UTF8, detectEncodingFromByteOrderMarks: true).ReadToEnd();
        return text.Count(c => c == '\n') + (text.Length > 0 && text[^1] != '\n' ? 1 : 0);
    }

    private static byte[] Bytes(string input) => input switch
    {
        "nul" => "2026-01-05 10:00:00 ERROR req-1 a\0b\n\0\n\0\0\0 req-2 tail\n"u8.ToArray(),
        "lone cr" => "progress 10%\rprogress 50%\rprogress 100%\nreq-1 done\r\nreq-2\rsplit\n"u8.ToArray(),
        "crlf" => "2026-01-05 10:00:00 INFO req-1 start\r\n2026-01-05 10:00:01 INFO req-1 end\r\n\r\nlast\r\r\n"u8.ToArray(),
        "invalid utf-8" => [.. "req-1 caf"u8, 0xE9, .. " ok\n"u8, 0xC0, 0x80, 0xED, 0xA0, 0x80, (byte)'\n', 0xE2, 0x82, (byte)'\n', 0xF0, 0x9F, 0x98],
        "utf-8 bom" => [0xEF, 0xBB, 0xBF, .. "2026-01-05 10:00:00 WARN req-7 disk 91%\nsecond line\n"u8],
        "utf-16 bom" => [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes("2026-01-05 10:00:00 ERROR req-3 timeout\r\nnext\nlone\rcr\n")],
        "no final newline" => "req-1 first\nreq-2 second\nreq-3 third without newline"u8.ToArray(),
        "blank and control lines" => "\n \n\t\n\f\n\v\n\u001b[31mred req-4\u001b[0m\n\u0007\u0008\n  at Foo.Bar()\n"u8.ToArray(),
        "binary" => Binary(),
        _ => [],
    };

    /// <summary>What <c>head -c 200000 /usr/bin/ls</c> gives in kind: random bytes, with NULs, CRs, FFs and LFs among them.</summary>
    private static byte[] Binary()
    {
        var bytes = new byte[200_000];
        new Random(377).NextBytes(bytes);
        for (var i = 0; i < bytes.Length; i += 97)
        {
            bytes[i] = (byte)"\0\0\r\f\v\n"[i % 6];
        }

        bytes[0] = 0x7F;
        return bytes;
    }

    private static LineTally Tally(JsonElement answer)
    {
        var lines = answer.GetProperty("lines");
        int Count(string name) => lines.GetProperty(name).GetInt32();
        return new LineTally(Count("read"), Count("inEvents"), Count("unread"), Count("blank"), Count("tableHeaders"));
    }

    /// <summary>The line count fm printed on standard error: "N lines" (fm templates, fm detect) or "(N lines read)" when detect found no session.</summary>
    private static int CountIn(FmResult result) =>
        LinesPrinted().Match(result.StandardError) is { Success: true } match
            ? int.Parse(match.Groups["count"].Value, System.Globalization.NumberStyles.AllowThousands, System.Globalization.CultureInfo.InvariantCulture)
            : throw new Xunit.Sdk.XunitException($"no line count in: {result.Output}");

    private static string Summary(FmResult result) => result.StandardError.Trim().ReplaceLineEndings(" | ");

    [GeneratedRegex(@"(?<count>[\d,]+)\s+lines")]
    private static partial Regex LinesPrinted();

    private sealed record LineTally(int Read, int InEvents, int Unread, int Blank, int TableHeaders);
}
