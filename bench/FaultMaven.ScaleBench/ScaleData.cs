using FaultMaven.Contracts;

namespace FaultMaven.ScaleBench;

/// <summary>
/// The generated installation's vocabulary: 500 sources (each one service on one of 50 hosts), message templates by
/// level, and incident texts built from service × failure × symptom, so that thousands of them are distinct.
/// Everything is drawn from a seeded <see cref="Random"/>, so a run can be repeated.
/// </summary>
public static class ScaleData
{
    public const int Sources = 500;

    public static readonly TimeSpan Span = TimeSpan.FromDays(30);

    private static readonly string[] Services =
    [
        "checkout", "payments", "search", "catalog", "auth", "gateway", "inventory", "shipping", "billing", "orders",
        "notifications", "recommendations", "profile", "sessions", "media", "reports", "scheduler", "ledger", "pricing", "cart",
    ];

    // (level, template with {0}..{2} filled by numbers): mostly info, a few warnings, rare errors, as in a healthy fleet.
    private static readonly (Severity Level, double Share, string[] Templates)[] Messages =
    [
        (Severity.Debug, 0.08, ["cache lookup key=user:{0} hit={1}", "retrying connection attempt {0} of {1}"]),
        (Severity.Info, 0.80, ["GET /api/v1/items/{0} 200 {1}ms", "request completed id={0} status=200 duration={1}ms", "user {0} logged in from 10.0.{1}.{2}", "job {0} finished in {1} ms"]),
        (Severity.Warn, 0.08, ["slow query took {0} ms on table orders", "connection pool at {0}% capacity", "retrying request {0} after timeout"]),
        (Severity.Error, 0.035, ["connection refused to db-{0}:5432", "request {0} failed: upstream timeout after {1} ms", "OutOfMemoryError in worker {0}"]),
        (Severity.Fatal, 0.005, ["process exited with code {0}", "disk full on /var/lib/data{0}"]),
    ];

    private static readonly string[] Failures =
    [
        "database connection pool exhausted", "disk full on the data volume", "TLS certificate expired", "out of memory in the JVM heap",
        "DNS resolution failures for upstream", "Kafka consumer lag growing", "deadlock detected in transactions", "thread pool starvation",
        "rate limit exceeded at the API gateway", "pod crash loop after deploy", "slow queries after index drop", "network partition between zones",
        "cache stampede after restart", "clock skew breaks token validation", "file descriptor limit reached", "garbage collection pauses over 2 s",
        "replication lag on the read replica", "configuration rollout with a bad flag", "expired credentials for object storage", "queue backlog after outage",
        "HTTP 502 from the load balancer", "socket timeouts to the payment provider", "schema migration locked a table", "memory leak in the session cache",
        "CPU throttling from container limits", "retry storm against the auth service", "corrupted index file", "NTP server unreachable",
        "connection reset by peer under load", "too many open connections to PostgreSQL",
    ];

    private static readonly string[] Symptoms =
    [
        "users see timeouts at checkout", "error rate above 5 percent", "p99 latency tripled", "health checks failing intermittently",
        "requests rejected with 503", "jobs stuck in the queue", "login attempts failing", "batch reports delayed by hours",
    ];

    private static readonly string[] Resolutions =
    [
        "raised the pool size and fixed the connection leak", "freed disk space and added retention", "renewed the certificate and automated renewal",
        "raised the heap limit and fixed the leak", "restarted the resolver and pinned upstream addresses", "scaled consumers and rebalanced partitions",
        "rolled back the deploy", "added the missing index", "increased the file descriptor limit", "rotated the credentials",
    ];

    public static string SourceName(int source) => $"src-{source:D3}";

    public static string ServiceOf(int source) => Services[source % Services.Length];

    public static string HostOf(int source) => $"host-{source % 50:D2}";

    /// <summary>A level by the fleet's shares, and a message of that level with its template id (index among all templates) and text.</summary>
    public static (Severity Level, int TemplateId, string Template, string Message) Message(Random random)
    {
        var draw = random.NextDouble();
        var templateId = 0;
        foreach (var (level, share, templates) in Messages)
        {
            if (draw < share || level == Severity.Fatal)
            {
                var pick = random.Next(templates.Length);
                var template = templates[pick];
                var message = string.Format(System.Globalization.CultureInfo.InvariantCulture, template, random.Next(100_000), random.Next(1000), random.Next(256));
                return (level, templateId + pick, template.Replace("{0}", "<*>", StringComparison.Ordinal).Replace("{1}", "<*>", StringComparison.Ordinal).Replace("{2}", "<*>", StringComparison.Ordinal), message);
            }

            draw -= share;
            templateId += templates.Length;
        }

        throw new InvalidOperationException("unreachable: the last level takes whatever is left");
    }

    /// <summary>How many distinct incident texts <see cref="IncidentText"/> can make.</summary>
    public static int DistinctIncidentTexts => Services.Length * Failures.Length * Symptoms.Length;

    /// <summary>The <paramref name="n"/>-th distinct incident text: a service, a failure and a symptom, as an incident's title, summary and templates read.</summary>
    public static (string Title, string Text, string Service) IncidentText(int n)
    {
        var service = Services[n % Services.Length];
        var failure = Failures[n / Services.Length % Failures.Length];
        var symptom = Symptoms[n / (Services.Length * Failures.Length) % Symptoms.Length];
        var title = $"{service}: {failure}";
        return (title, $"{title}\n{symptom}; {failure} on {service}\n{service} error <*> {failure.Split(' ')[0]}", service);
    }

    public static string Resolution(int n) => Resolutions[n % Resolutions.Length];

    /// <summary>A paste of <paramref name="lines"/> log lines of one source with an error burst in the middle, as a user would paste it.</summary>
    public static string Paste(int lines, int seed)
    {
        var random = new Random(seed);
        var start = new DateTimeOffset(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);
        var text = new System.Text.StringBuilder();
        for (var i = 0; i < lines; i++)
        {
            var (level, _, _, message) = i > lines / 2 && i < lines / 2 + lines / 20
                ? (Severity.Error, 0, "", $"connection refused to db-{random.Next(3)}:5432")
                : Message(random);
            text.Append(start.AddMilliseconds(i * 37).ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture))
                .Append(' ').Append(level.ToString().ToUpperInvariant()).Append(' ').Append(message).Append('\n');
        }

        return text.ToString();
    }
}
