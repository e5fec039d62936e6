using FaultMaven.Api.Security;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace FaultMaven.Api.Tests;

public sealed class LoginThrottleTests
{
    private readonly FakeTimeProvider clock = new();
    private readonly LoginThrottle throttle;

    public LoginThrottleTests() =>
        throttle = new LoginThrottle(
            Options.Create(new LoginThrottleOptions { FreeFailuresPerAccount = 3, FreeFailuresPerAddress = 5, BaseDelaySeconds = 1, MaxDelaySeconds = 8 }), clock);

    [Fact]
    public void One_address_guessing_many_user_names_is_locked_while_other_addresses_are_not()
    {
        for (var i = 0; i < 5; i++)
        {
            Assert.Empty(throttle.Failed($"user-{i}", "10.0.0.1"));
        }

        var locked = throttle.Failed("user-5", "10.0.0.1");

        Assert.Equal(new[] { LoginThrottle.AddressKey("10.0.0.1") }, locked.Select(l => l.Key).ToArray());
        Assert.False(throttle.Check("someone-else", "10.0.0.1").Allowed);
        Assert.True(throttle.Check("someone-else", "10.0.0.2").Allowed);
    }

    [Fact]
    public void Each_failure_past_the_free_ones_doubles_the_lock_up_to_the_maximum_and_a_right_password_clears_the_name()
    {
        var locks = new List<double>();
        for (var i = 0; i < 3 + 6; i++)
        {
            var admission = throttle.Check("ann", "10.0.0.3");
            clock.Advance(admission.RetryAfter);
            locks.AddRange(throttle.Failed("ann", $"10.0.1.{i}").Select(l => l.Lock.TotalSeconds));
        }

        Assert.Equal(new double[] { 1, 2, 4, 8, 8, 8 }, locks);
        clock.Advance(TimeSpan.FromSeconds(8));
        throttle.Succeeded("ann");
        Assert.Empty(throttle.Failed("ann", "10.0.2.1"));
    }
}
