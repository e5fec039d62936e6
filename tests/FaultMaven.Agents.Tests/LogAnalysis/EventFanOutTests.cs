using FaultMaven.Agents.LogAnalysis;

namespace FaultMaven.Agents.Tests.LogAnalysis;

/// <summary>The fan-out on threads hands every consumer what it hands them on one thread, and its failures surface without a hang.</summary>
public sealed class EventFanOutTests
{
    /// <summary>Several batches and a partial last one.</summary>
    private const int Items = 10_000;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Every_consumer_sees_every_item_once_in_order(bool onThreads)
    {
        var first = new List<int>();
        var second = new List<int>();

        EventFanOut.Run<int>(Produce, [first.Add, second.Add], onThreads);

        Assert.Equal(Enumerable.Range(0, Items), first);
        Assert.Equal(Enumerable.Range(0, Items), second);
    }

    [Fact]
    public void A_producer_without_items_ends_its_consumers()
    {
        var seen = new List<int>();

        EventFanOut.Run<int>(_ => { }, [seen.Add], onThreads: true);

        Assert.Empty(seen);
    }

    [Fact]
    public void A_failing_consumer_stops_the_producer_and_its_exception_is_thrown()
    {
        var other = new List<int>();

        var error = Assert.Throws<InvalidOperationException>(() => EventFanOut.Run<int>(
            emit =>
            {
                // Far more than the batches in flight: a producer not stopped would wait for room forever.
                for (var item = 0; item < 100 * Items; item++)
                {
                    emit(item);
                }
            },
            [item => throw new InvalidOperationException($"consumer failed at {item}"), other.Add],
            onThreads: true));

        Assert.Equal("consumer failed at 0", error.Message);
    }

    [Fact]
    public void A_failing_producer_throws_its_own_exception()
    {
        var seen = new List<int>();

        var error = Assert.Throws<FormatException>(() => EventFanOut.Run<int>(
            emit =>
            {
                Produce(emit);
                throw new FormatException("producer failed");
            },
            [seen.Add],
            onThreads: true));

        Assert.Equal("producer failed", error.Message);
    }

    private static void Produce(Action<int> emit)
    {
        for (var item = 0; item < Items; item++)
        {
            emit(item);
        }
    }
}
