using System.Globalization;
using System.Threading.RateLimiting;
using FaultMaven.ServiceDefaults;

namespace FaultMaven.Api.Robustness;

/// <summary>
/// Configuration section <c>FaultMaven:AnalysisConcurrency</c>: how many <c>/query</c> and <c>/logs/analyze</c> requests
/// the API analyzes at once, and how many more wait for a turn. The per-caller rate limit (<c>FaultMaven:RateLimits</c>)
/// bounds one caller; this bounds the process, whose memory grows with every paste analyzed at the same time.
/// </summary>
public sealed class AnalysisConcurrencyOptions
{
    public const string Section = "FaultMaven:AnalysisConcurrency";

    /// <summary>Analyses running at once (default 2, one per core of the reference machine).</summary>
    public int Permits { get; set; } = 2;

    /// <summary>Requests waiting, oldest first, for a running analysis to finish; beyond them the API answers 503 (default 8).</summary>
    public int QueueLimit { get; set; } = 8;

    /// <summary>The <c>Retry-After</c> of a refusal, in seconds (default 5).</summary>
    public int RetryAfterSeconds { get; set; } = 5;

    public IEnumerable<string> Validate()
    {
        if (Permits is < 1 or > 1024)
        {
            yield return $"{Section}:Permits must be between 1 and 1024 (was {Permits})";
        }

        if (QueueLimit is < 0 or > 100_000)
        {
            yield return $"{Section}:QueueLimit must be between 0 and 100000 (was {QueueLimit})";
        }

        if (RetryAfterSeconds is < 1 or > 3600)
        {
            yield return $"{Section}:RetryAfterSeconds must be between 1 and 3600 (was {RetryAfterSeconds})";
        }
    }
}

/// <summary>
/// One process-wide <see cref="ConcurrencyLimiter"/> in front of the analysis endpoints. It runs as middleware after
/// authorization and before the endpoint, so before the body is read or bound: a refused or waiting paste holds no
/// memory (an endpoint filter would run only after minimal APIs had bound a JSON body). A refusal is a 503 problem with
/// <c>Retry-After</c>. Health, readiness and the list endpoints never pass through it.
/// </summary>
public sealed class AnalysisGate : IDisposable
{
    private readonly ConcurrencyLimiter limiter;
    private readonly int retryAfterSeconds;

    public AnalysisGate(Microsoft.Extensions.Options.IOptions<AnalysisConcurrencyOptions> options)
    {
        var settings = options.Value;
        retryAfterSeconds = settings.RetryAfterSeconds;
        limiter = new ConcurrencyLimiter(new ConcurrencyLimiterOptions
        {
            PermitLimit = settings.Permits,
            QueueLimit = settings.QueueLimit,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
    }

    /// <summary>Permits free and requests waiting now (for tests and diagnostics).</summary>
    public RateLimiterStatistics? Statistics => limiter.GetStatistics();

    /// <summary>Runs <paramref name="next"/> holding a permit when the endpoint asks for one; answers 503 when none is free and the queue is full.</summary>
    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<AnalysisPermitRequired>() is null)
        {
            await next(context);
            return;
        }

        // A caller that gives up while queued cancels its wait, which frees its place in the queue.
        using var lease = await limiter.AcquireAsync(1, context.RequestAborted);
        if (!lease.IsAcquired)
        {
            context.Response.Headers.RetryAfter = retryAfterSeconds.ToString(CultureInfo.InvariantCulture);
            await Results.Problem(
                statusCode: StatusCodes.Status503ServiceUnavailable,
                title: "Too many analyses at once",
                detail: $"The API is analyzing as many pastes as it is configured to ({AnalysisConcurrencyOptions.Section}) and its queue is full. Retry after {retryAfterSeconds} s.")
                .ExecuteAsync(context);
            return;
        }

        await next(context);
    }

    public void Dispose() => limiter.Dispose();
}

/// <summary>Endpoint metadata: the endpoint analyses a paste and runs only with a permit of the <see cref="AnalysisGate"/>.</summary>
public sealed class AnalysisPermitRequired
{
    public static readonly AnalysisPermitRequired Instance = new();
}

/// <summary>Wiring of <see cref="AnalysisGate"/>.</summary>
public static class AnalysisConcurrency
{
    /// <summary>Registers the validated options and the one gate every analysis endpoint shares.</summary>
    public static IServiceCollection AddAnalysisConcurrency(this IServiceCollection services, IConfiguration configuration) =>
        services
            .AddValidatedOptions<AnalysisConcurrencyOptions>(configuration, AnalysisConcurrencyOptions.Section, o => o.Validate())
            .AddSingleton<AnalysisGate>();

    /// <summary>Puts the endpoint behind the shared <see cref="AnalysisGate"/> (see <see cref="UseAnalysisGate"/>).</summary>
    public static RouteHandlerBuilder RequireAnalysisPermit(this RouteHandlerBuilder endpoint) =>
        endpoint.WithMetadata(AnalysisPermitRequired.Instance);

    /// <summary>The gate in the pipeline: after authorization (an anonymous caller takes no permit), before the endpoint.</summary>
    public static IApplicationBuilder UseAnalysisGate(this IApplicationBuilder app) =>
        app.Use((context, next) => context.RequestServices.GetRequiredService<AnalysisGate>().InvokeAsync(context, next));
}
