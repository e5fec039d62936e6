using System.Globalization;

namespace FaultMaven.ScaleBench;

/// <summary>Command-line options of <c>faultmaven-scalebench</c> (bench/README.md).</summary>
public sealed record ScaleOptions
{
    public const string Usage = """
        usage: faultmaven-scalebench [--rows 100k,1M] [--incidents 10k,100k] [--findings 10k,100k] [--distinct 2000]
                                     [--queries 200] [--clients 1,8,32] [--seconds 5] [--burst-mib 8] [--append FILE]
                                     [--vectors-only] [--hnsw 16:128,32:256] [--ef-search 64,256] [--build-threads 0]
                                     [--embeddings FILE] [--scenarios TEXT] [--skip-recall]
               faultmaven-scalebench --broker-outage 30 [--append FILE]
        Sizes take k and M suffixes; --rows, --incidents and --findings list one size per step, in growing order.
        --vectors-only measures the vector index alone at each --incidents size (no PostgreSQL, no API), once per
        --hnsw connectivity:expansion-add pair and, on each graph, once per --ef-search; --embeddings caches the MiniLM
        vectors in FILE (read when it holds the same texts, written otherwise). --scenarios runs only the requests whose
        name contains TEXT (e.g. /context/retrieve).
        --broker-outage S: only the outage run (empty stores, a dev broker killed for S seconds while clients post).
        """;

    public IReadOnlyList<long> Rows { get; init; } = [100_000, 1_000_000];

    public IReadOnlyList<long> Incidents { get; init; } = [10_000, 100_000];

    public IReadOnlyList<long> Findings { get; init; } = [10_000, 100_000];

    public int Distinct { get; init; } = 2000;

    public int Queries { get; init; } = 200;

    public IReadOnlyList<long> Clients { get; init; } = [1, 8, 32];

    public int Seconds { get; init; } = 5;

    /// <summary>Size of each of the 8 parallel <c>/logs/analyze</c> pastes of the burst (0: no burst).</summary>
    public int BurstMiB { get; init; } = 8;

    public string? Append { get; init; }

    /// <summary>Seconds the dev broker is down in the outage run (0: the scale run instead).</summary>
    public int BrokerOutageSeconds { get; init; }
    public bool VectorsOnly { get; init; }

    /// <summary>Skips the bench's own index build and recall (a vectors-only run measures them), leaving the API's.</summary>
    public bool SkipRecall { get; init; }

    /// <summary>Graphs to build in a vectors-only run (connectivity and add expansion); the store's defaults otherwise.</summary>
    public IReadOnlyList<FaultMaven.Retrieval.VectorStores.HnswOptions> Graphs { get; init; } = [new()];

    /// <summary>Search expansions to measure on each graph; the store's default when empty.</summary>
    public IReadOnlyList<int> ExpansionsSearch { get; init; } = [new FaultMaven.Retrieval.VectorStores.HnswOptions().ExpansionSearch];

    public int BuildThreads { get; init; }

    public string? Embeddings { get; init; }

    /// <summary>Only the latency scenarios whose name contains this; all when null.</summary>
    public string? Scenarios { get; init; }

    /// <exception cref="ArgumentException">An unknown option, a bad size, or lists of different lengths.</exception>
    public static ScaleOptions Parse(string[] args)
    {
        var options = new ScaleOptions();
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] is "--vectors-only" or "--skip-recall")
            {
                options = args[i] == "--vectors-only" ? options with { VectorsOnly = true } : options with { SkipRecall = true };
                continue;
            }

            var value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value");
            options = args[i] switch
            {
                "--rows" => options with { Rows = Sizes(value) },
                "--incidents" => options with { Incidents = Sizes(value) },
                "--findings" => options with { Findings = Sizes(value) },
                "--distinct" => options with { Distinct = (int)Size(value) },
                "--queries" => options with { Queries = (int)Size(value) },
                "--clients" => options with { Clients = Sizes(value) },
                "--seconds" => options with { Seconds = (int)Size(value) },
                "--burst-mib" => options with { BurstMiB = value == "0" ? 0 : (int)Size(value) },
                "--append" => options with { Append = value },
                "--broker-outage" => options with { BrokerOutageSeconds = (int)Size(value) },
                "--hnsw" => options with { Graphs = value.Split(',').Select(Graph).ToList() },
                "--ef-search" => options with { ExpansionsSearch = Sizes(value).Select(n => (int)n).ToList() },
                "--build-threads" => options with { BuildThreads = value == "0" ? 0 : (int)Size(value) },
                "--embeddings" => options with { Embeddings = value },
                "--scenarios" => options with { Scenarios = value },
                _ => throw new ArgumentException($"unknown option {args[i]}"),
            };
            i++;
        }

        options = options with { Graphs = options.Graphs.Select(graph => graph with { BuildThreads = options.BuildThreads }).ToList() };
        if (options.Graphs.SelectMany(graph => graph.Failures("--hnsw")).FirstOrDefault() is { } failure)
        {
            throw new ArgumentException(failure);
        }

        if (!options.VectorsOnly && (options.Rows.Count != options.Incidents.Count || options.Rows.Count != options.Findings.Count))
        {
            throw new ArgumentException("--rows, --incidents and --findings need one size per step each");
        }

        if (options.Incidents.Any(n => n < options.Distinct))
        {
            throw new ArgumentException("every --incidents size must be at least --distinct");
        }

        return options;
    }

    private static FaultMaven.Retrieval.VectorStores.HnswOptions Graph(string value) =>
        value.Split(':') is [var connectivity, var expansionAdd]
            ? new() { Connectivity = (int)Size(connectivity), ExpansionAdd = (int)Size(expansionAdd) }
            : throw new ArgumentException($"--hnsw takes connectivity:expansion-add pairs, e.g. 16:128; got '{value}'");

    private static List<long> Sizes(string value) => value.Split(',').Select(Size).ToList();

    private static long Size(string value)
    {
        var multiplier = value[^1] switch { 'k' or 'K' => 1_000L, 'M' => 1_000_000L, _ => 1L };
        var digits = multiplier == 1 ? value : value[..^1];
        return long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number > 0
            ? number * multiplier
            : throw new ArgumentException($"'{value}' is not a size (e.g. 100000, 100k, 1M)");
    }
}
