namespace FaultMaven.Pipeline.Tests;

public class MultiLineTopologyTests
{
    private static readonly DateTime Now = new(2026, 11, 25, 12, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void A_stack_trace_split_across_kafka_records_becomes_one_event()
    {
        using var pipeline = new PipelineDriver();

        pipeline.Send("jvm", "2026-11-25 12:00:00.000 ERROR [main] c.a.OrderService - order failed\njava.lang.IllegalStateException: stock is negative\n", Now);
        pipeline.Send("jvm", "\tat com.acme.OrderService.reserve(OrderService.java:42)\n\tat com.acme.OrderService.place(OrderService.java:17)\n", Now.AddMilliseconds(5));
        pipeline.Send("jvm", "2026-11-25 12:00:01.000 INFO [main] c.a.OrderService - next order\n", Now.AddMilliseconds(10));

        var events = pipeline.ReadNormalized();
        Assert.Equal(2, events.Count);
        Assert.Contains("OrderService.java:17", events[0].Message);
        Assert.Contains("stock is negative", events[0].Message);
        Assert.Equal("next order", events[1].Message.Split(" - ")[^1]);
    }

    [Fact]
    public void The_last_event_of_a_source_that_goes_quiet_is_flushed_by_the_idle_timer()
    {
        using var pipeline = new PipelineDriver();

        pipeline.Send("py", "Traceback (most recent call last):\n  File \"app.py\", line 3, in <module>\n    main()\nKeyError: 'user_id'\n", Now);
        var beforeFlush = pipeline.Normalized.ReadValueList().ToList();

        var flushed = Assert.Single(pipeline.ReadNormalized());
        Assert.Empty(beforeFlush);
        Assert.Contains("KeyError: 'user_id'", flushed.Message);
        Assert.Contains("app.py", flushed.Message);
    }

    [Fact]
    public void A_backlog_read_late_keeps_its_stack_traces_whole_across_idle_ticks()
    {
        // Records stamped days before the worker reads them (consumer lag, a replay): judged by their timestamps they
        // look idle on every tick, and the trace would be cut at each one. Idleness is the wall-clock time since the
        // source's last record arrived.
        using var pipeline = new PipelineDriver();

        pipeline.Send("jvm", "2026-11-25 12:00:00.000 ERROR [main] c.a.OrderService - order failed\njava.lang.IllegalStateException: stock is negative\n", Now);
        pipeline.AdvanceWallClock(TimeSpan.FromSeconds(1));
        pipeline.Send("jvm", "\tat com.acme.OrderService.reserve(OrderService.java:42)\n", Now.AddMilliseconds(5));
        pipeline.AdvanceWallClock(TimeSpan.FromSeconds(1));
        var whileArriving = pipeline.Normalized.ReadValueList().ToList();
        pipeline.Send("jvm", "\tat com.acme.OrderService.place(OrderService.java:17)\n", Now.AddMilliseconds(10));

        var trace = Assert.Single(pipeline.ReadNormalized());
        Assert.Empty(whileArriving);
        Assert.Contains("stock is negative", trace.Message);
        Assert.Contains("OrderService.java:42", trace.Message);
        Assert.Contains("OrderService.java:17", trace.Message);
    }
}
