using FaultMaven.ServiceDefaults;
using Microsoft.Extensions.Configuration;

namespace FaultMaven.Worker.Tests;

/// <summary>How a service's end becomes its exit code: a supervisor restarts on non-zero, and an abort (134) hides the reason.</summary>
public sealed class ServiceHostTests
{
    [Fact]
    public async Task A_stop_cancelled_at_the_shutdown_deadline_exits_1_instead_of_aborting_the_process() =>
        Assert.Equal(1, await ServiceHost.RunAsync(() => Task.FromException(new TaskCanceledException("the host's shutdown timed out"))));

    [Fact]
    public async Task An_unhandled_error_exits_1() =>
        Assert.Equal(1, await ServiceHost.RunAsync(() => Task.FromException(new InvalidOperationException("boom"))));

    [Theory]
    [InlineData("Count", "abc", "S:Count must be a whole number (was 'abc')")]
    [InlineData("Day", "Someday", "S:Day must be one of Sunday, Monday, Tuesday, Wednesday, Thursday, Friday, Saturday (was 'Someday')")]
    [InlineData("Wait", "5 minutes", "S:Wait must be a duration (e.g. 00:05:00) (was '5 minutes')")]
    public void A_value_the_configuration_binder_cannot_convert_is_worded_with_its_key_the_kind_it_takes_and_the_value(string setting, string value, string expected)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [$"S:{setting}"] = value }).Build();

        var exception = Assert.ThrowsAny<InvalidOperationException>(() => configuration.GetSection("S").Get<Settings>());

        Assert.Equal(expected, UnreadableSetting.Describe(exception));
    }

    [Fact]
    public async Task A_value_the_configuration_binder_cannot_convert_exits_2_as_a_value_out_of_range_does()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["S:Count"] = "abc" }).Build();

        Assert.Equal(2, await ServiceHost.RunAsync(() => Task.FromResult(configuration.GetSection("S").Get<Settings>())));
    }

    private sealed class Settings
    {
        public int? Count { get; set; }

        public DayOfWeek Day { get; set; }

        public TimeSpan Wait { get; set; }
    }
}
