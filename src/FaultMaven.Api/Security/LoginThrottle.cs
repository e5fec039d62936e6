using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace FaultMaven.Api.Security;

/// <summary>Configuration section <c>FaultMaven:Auth:Login</c>: how the embedded server's sign-in page slows password guessing.</summary>
public sealed class LoginThrottleOptions
{
    public const string Section = AuthOptions.Section + ":Login";

    /// <summary>Wrong passwords for one user name before it is locked; each further one locks it for twice as long.</summary>
    public int FreeFailuresPerAccount { get; set; } = 5;

    /// <summary>Wrong passwords from one client address (any user names) before it is locked likewise.</summary>
    public int FreeFailuresPerAddress { get; set; } = 50;

    /// <summary>The first lock; later ones double up to <see cref="MaxDelaySeconds"/>.</summary>
    public int BaseDelaySeconds { get; set; } = 1;

    public int MaxDelaySeconds { get; set; } = 900;

    public IEnumerable<string> Validate()
    {
        foreach (var (name, value) in new[]
                 {
                     (nameof(FreeFailuresPerAccount), FreeFailuresPerAccount), (nameof(FreeFailuresPerAddress), FreeFailuresPerAddress),
                     (nameof(BaseDelaySeconds), BaseDelaySeconds), (nameof(MaxDelaySeconds), MaxDelaySeconds),
                 })
        {
            if (value < 1)
            {
                yield return $"{Section}:{name} must be at least 1 (was {value})";
            }
        }

        if (MaxDelaySeconds < BaseDelaySeconds)
        {
            yield return $"{Section}:MaxDelaySeconds must be at least BaseDelaySeconds";
        }
    }
}

/// <summary>Whether a sign-in may be tried now; <see cref="RetryAfter"/> when it may not.</summary>
public sealed record LoginAdmission(bool Allowed, TimeSpan RetryAfter, string? LockedKey);

/// <summary>
/// Per-account and per-address throttling of the sign-in page, with a growing delay: past the free failures, each wrong
/// password locks the user name (or the address) for <c>base × 2^(extra failures − 1)</c>, at most the maximum, during
/// which no password is even checked. A right password clears the account's count (not the address's). Kept in this
/// process's memory: with several replicas each keeps its own counts. Counts idle for longer than the maximum delay
/// are forgotten, so the table stays bounded by the recent guessing.
/// </summary>
public sealed class LoginThrottle(IOptions<LoginThrottleOptions> options, TimeProvider clock)
{
    private const int PruneAbove = 10_000;

    private readonly ConcurrentDictionary<string, Failures> failures = new(StringComparer.Ordinal);

    public static string AccountKey(string userName) => $"account:{userName}";

    public static string AddressKey(string? address) => $"address:{address ?? "unknown"}";

    /// <summary>Refused while the account or the address is locked.</summary>
    public LoginAdmission Check(string userName, string? address)
    {
        var now = clock.GetUtcNow();
        foreach (var key in new[] { AccountKey(userName), AddressKey(address) })
        {
            if (failures.TryGetValue(key, out var state) && state.LockedUntil > now)
            {
                return new LoginAdmission(false, state.LockedUntil - now, key);
            }
        }

        return new LoginAdmission(true, TimeSpan.Zero, null);
    }

    /// <summary>Counts a wrong password against both keys; returns the keys this failure locked, with how long.</summary>
    public IReadOnlyList<(string Key, TimeSpan Lock)> Failed(string userName, string? address)
    {
        var now = clock.GetUtcNow();
        var settings = options.Value;
        Prune(now, settings);
        var locked = new List<(string, TimeSpan)>();
        foreach (var (key, free) in new[] { (AccountKey(userName), settings.FreeFailuresPerAccount), (AddressKey(address), settings.FreeFailuresPerAddress) })
        {
            var state = failures.AddOrUpdate(key, _ => Next(new Failures(0, now, now), free, now, settings), (_, old) => Next(old, free, now, settings));
            if (state.LockedUntil > now)
            {
                locked.Add((key, state.LockedUntil - now));
            }
        }

        return locked;
    }

    /// <summary>A right password: the user name starts afresh.</summary>
    public void Succeeded(string userName) => failures.TryRemove(AccountKey(userName), out _);

    private static Failures Next(Failures old, int free, DateTimeOffset now, LoginThrottleOptions settings)
    {
        var count = old.Count + 1;
        var extra = count - free;
        if (extra <= 0)
        {
            return new Failures(count, now, old.LockedUntil);
        }

        var seconds = Math.Min(settings.MaxDelaySeconds, settings.BaseDelaySeconds * Math.Pow(2, Math.Min(extra - 1, 30)));
        return new Failures(count, now, now.AddSeconds(seconds));
    }

    private void Prune(DateTimeOffset now, LoginThrottleOptions settings)
    {
        if (failures.Count <= PruneAbove)
        {
            return;
        }

        var idle = TimeSpan.FromSeconds(settings.MaxDelaySeconds);
        foreach (var (key, state) in failures)
        {
            if (state.LockedUntil <= now && now - state.LastFailure > idle)
            {
                failures.TryRemove(key, out _);
            }
        }
    }

    private sealed record Failures(int Count, DateTimeOffset LastFailure, DateTimeOffset LockedUntil);
}
