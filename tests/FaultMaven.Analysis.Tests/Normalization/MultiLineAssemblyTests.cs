using FaultMaven.Analysis.Normalization;
using FaultMaven.Contracts;

namespace FaultMaven.Analysis.Tests.Normalization;

public sealed class MultiLineAssemblyTests
{
    private static readonly TimeSpan IdleTimeout = TimeSpan.FromSeconds(2);
    private readonly LogNormalizer normalizer = new(new NormalizerOptions { MultiLineIdleTimeout = IdleTimeout });

    [Fact]
    public void A_java_stack_trace_split_across_records_becomes_one_event()
    {
        var (first, state) = normalizer.Accept(Records.Of("2024-01-02 10:00:00,123 [main] ERROR com.example.App - failed\njava.lang.IllegalStateException: boom\n"), SourceState.Empty);
        var (second, state2) = normalizer.Accept(Records.Of("\tat com.example.App.run(App.java:10)\n\t... 3 more\n2024-01-02 10:00:01,000 [main] INFO  com.example.App - next\n", offset: 1), state);

        Assert.Empty(first.Events);
        var merged = Assert.Single(second.Events);
        Assert.Equal("failed\njava.lang.IllegalStateException: boom\n\tat com.example.App.run(App.java:10)\n\t... 3 more", merged.Message);
        Assert.Equal("4", merged.Attributes[AttributeKeys.Lines]);
        Assert.Equal(0, merged.Raw.Offset);
        Assert.Equal("next", state2.Pending!.Event.Message);
    }

    [Fact]
    public void The_closing_brace_of_a_printed_object_stays_with_the_object()
    {
        var (result, state) = normalizer.Accept(Records.Of("2024-01-02 10:00:00,123 [main] INFO  com.example.App - config loaded {\n  \"port\": 8080,\n  \"tls\": [\"h2\"]\n}\n2024-01-02 10:00:01,000 [main] INFO  com.example.App - next\n"), SourceState.Empty);

        var printed = Assert.Single(result.Events);
        Assert.Equal("config loaded {\n  \"port\": 8080,\n  \"tls\": [\"h2\"]\n}", printed.Message);
        Assert.Equal("next", state.Pending!.Event.Message);
    }

    [Fact]
    public void A_closing_brace_with_nothing_open_does_not_join_the_event_before_it()
    {
        var (_, state) = normalizer.Accept(Records.Of("2024-01-02 10:00:00,123 [main] INFO  com.example.App - done\n}\n"), SourceState.Empty);

        Assert.Equal("}", state.Pending!.Event.Message);
    }

    [Fact]
    public void The_pending_event_survives_a_json_round_trip_of_the_state()
    {
        var (_, state) = normalizer.Accept(Records.Of("Traceback (most recent call last):\n  File \"a.py\", line 1, in <module>\n"), SourceState.Empty);

        var restored = SourceState.FromJson(state.ToJson());
        var (result, _) = normalizer.Accept(Records.Of("ValueError: bad\nnext line\n", offset: 1), restored);

        var merged = Assert.Single(result.Events);
        Assert.Equal("Traceback (most recent call last):\n  File \"a.py\", line 1, in <module>\nValueError: bad", merged.Message);
        Assert.Equal(Severity.Error, merged.Level);
        Assert.Equal(state, restored with { Pending = restored.Pending! with { Event = restored.Pending.Event with { Attributes = state.Pending!.Event.Attributes } } });
    }

    [Fact]
    public void Flush_emits_the_pending_event_only_after_the_idle_timeout()
    {
        var (_, state) = normalizer.Accept(Records.Of("panic: boom\ngoroutine 1 [running]:\n"), SourceState.Empty);

        var (early, stillPending) = normalizer.Flush(state, Records.ReceivedAt + IdleTimeout - TimeSpan.FromMilliseconds(1));
        var (late, flushed) = normalizer.Flush(stillPending, Records.ReceivedAt + IdleTimeout);

        Assert.Empty(early.Events);
        Assert.Equal("panic: boom\ngoroutine 1 [running]:", Assert.Single(late.Events).Message);
        Assert.Null(flushed.Pending);
    }

    [Fact]
    public void A_line_arriving_after_the_idle_timeout_does_not_continue_the_old_event()
    {
        var (_, state) = normalizer.Accept(Records.Of("ERROR: job failed\n"), SourceState.Empty);

        var (result, next) = normalizer.Accept(Records.Of("    at late frame\n", offset: 1, receivedAt: Records.ReceivedAt + IdleTimeout), state);

        Assert.Equal("job failed", Assert.Single(result.Events).Message);
        Assert.Equal("    at late frame", next.Pending!.Event.Message);
    }

    [Fact]
    public void PostgreSQL_detail_lines_in_the_next_record_join_their_error()
    {
        var (_, state) = normalizer.Accept(Records.Of("2024-01-02 10:00:05.456 UTC [456] ERROR:  duplicate key\n"), SourceState.Empty);

        var (_, next) = normalizer.Accept(Records.Of("2024-01-02 10:00:05.456 UTC [456] DETAIL:  Key (id)=(1) already exists.\n", offset: 1), state);

        Assert.Equal("duplicate key\nDETAIL:  Key (id)=(1) already exists.", next.Pending!.Event.Message);
    }

    [Fact]
    public void Stack_frames_sent_as_separate_syslog_messages_join_the_event_of_the_same_program()
    {
        var text = """
            <11>Jan  2 10:00:00 web-1 api[7]: Unhandled exception. System.InvalidOperationException: boom
            <11>Jan  2 10:00:00 web-1 api[7]:    at Api.Program.Main() in /src/Program.cs:line 5
            <11>Jan  2 10:00:00 web-1 worker[8]:    at Other.Frame()
            """;

        var events = normalizer.Normalize(Records.Of(text)).Events;

        Assert.Equal(2, events.Count);
        Assert.Equal("Unhandled exception. System.InvalidOperationException: boom\n   at Api.Program.Main() in /src/Program.cs:line 5", events[0].Message);
        Assert.Equal("worker", events[1].Service);
    }

    [Fact]
    public void Json_events_are_emitted_at_once_instead_of_waiting_for_continuations()
    {
        var (result, state) = normalizer.Accept(Records.Of("""{"msg":"done","level":"info"}"""), SourceState.Empty);

        Assert.Single(result.Events);
        Assert.Null(state.Pending);
    }

    [Fact]
    public void A_csv_header_is_remembered_for_rows_in_later_records()
    {
        var (header, state) = normalizer.Accept(Records.Of("time,level,message\n"), SourceState.Empty);

        var (rows, _) = normalizer.Accept(Records.Of("2024-01-02T10:00:00Z,ERROR,disk full\n", offset: 1), SourceState.FromJson(state.ToJson()));

        Assert.Equal(1, header.HeaderLines);
        var row = Assert.Single(rows.Events);
        Assert.Equal(("disk full", Severity.Error), (row.Message, row.Level));
    }

    [Fact]
    public void Splitting_a_stream_into_records_at_line_boundaries_does_not_change_its_events()
    {
        var lines = File.ReadAllLines(SampleFiles.PathOf("java-stack.log"))
            .Concat(File.ReadAllLines(SampleFiles.PathOf("python-traceback.log")))
            .Concat(File.ReadAllLines(SampleFiles.PathOf("postgres.log")))
            .ToArray();
        var whole = normalizer.Normalize(Records.Of(string.Join('\n', lines))).Events.Select(e => e.Message);

        var state = SourceState.Empty;
        var pieces = new List<string>();
        for (var i = 0; i < lines.Length; i++)
        {
            (var result, state) = normalizer.Accept(Records.Of(lines[i], offset: i), state);
            pieces.AddRange(result.Events.Select(e => e.Message));
        }

        pieces.AddRange(normalizer.Flush(state, DateTimeOffset.MaxValue).Result.Events.Select(e => e.Message));
        Assert.Equal(whole, pieces);
    }
}
