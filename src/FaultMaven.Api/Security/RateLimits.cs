using System.Globalization;
using System.Threading.RateLimiting;
using FaultMaven.ServiceDefaults;
using Microsoft.AspNetCore.RateLimiting;

namespace FaultMaven.Api.Security;

/// <summary>Configuration section <c>FaultMaven:RateLimits</c>: requests per caller and window, for each limited kind of endpoint.</summary>
public sealed class RateLimitOptions
{
    public const string Section = "FaultMaven:RateLimits";

    public FixedWindow Analysis { get; set; } = new() { PermitLimit = 60 };

    public FixedWindow Ingestion { get; set; } = new() { PermitLimit = 600 };

    public IEnumerable<string> Validate() =>
        new[] { (nameof(Analysis), Analysis), (nameof(Ingestion), Ingestion) }
            .Where(limit => limit.Item2.PermitLimit < 1 || limit.Item2.WindowSeconds < 1)
            .Select(limit => $"{Section}:{limit.Item1} needs PermitLimit and WindowSeconds of at least 1");

    public sealed class FixedWindow
    {
        public int PermitLimit { get; set; }

        public int WindowSeconds { get; set; } = 60;
    }
}

/// <summary>
/// Per-caller rate limits, partitioned by the token's subject (a user or a client id): one noisy shipper or script
/// cannot starve the others. Apply with <c>RequireRateLimiting(RateLimits.Analysis)</c> or <c>RateLimits.Ingestion</c>.
/// </summary>
public static class RateLimits
{
    public const string Analysis = "analysis";
    public const string Ingestion = "ingestion";

    public static void Add(WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetValidated<RateLimitOptions>(RateLimitOptions.Section, o => o.Validate());
        builder.Services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = (context, _) =>
            {
                if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
                {
                    context.HttpContext.Response.Headers.RetryAfter = Math.Ceiling(retryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
                }

                return ValueTask.CompletedTask;
            };
            AddPolicy(limiter, Analysis, options.Analysis);
            AddPolicy(limiter, Ingestion, options.Ingestion);
        });
    }

    private static void AddPolicy(RateLimiterOptions limiter, string name, RateLimitOptions.FixedWindow window) =>
        limiter.AddPolicy(name, context => RateLimitPartition.GetFixedWindowLimiter(
            Caller(context),
            _ => new FixedWindowRateLimiterOptions { PermitLimit = window.PermitLimit, Window = TimeSpan.FromSeconds(window.WindowSeconds), QueueLimit = 0 }));

    private static string Caller(HttpContext context) =>
        context.User.FindFirst("sub")?.Value is { } subject ? $"sub:{subject}" : $"ip:{context.Connection.RemoteIpAddress}";
}
