using System.Diagnostics;
using System.Runtime.Versioning;
using FaultMaven.LoadDriver;
using FaultMaven.Retrieval.Embeddings;
using FaultMaven.ScaleBench;
using FaultMaven.Storage;
using FaultMaven.Testing.Processes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

// It reads /proc and starts PostgreSQL through bash scripts.
[assembly: SupportedOSPlatform("linux")]

// The scale bench (bench/README.md): exit 0 after the report, 2 on a usage or start-up error.
ScaleOptions options;
try
{
    options = ScaleOptions.Parse(args);
}
catch (ArgumentException exception)
{
    await Console.Error.WriteLineAsync($"faultmaven-scalebench: {exception.Message}\n{ScaleOptions.Usage}");
    return 2;
}

static void Log(string message) => Console.Error.WriteLine($"==> {DateTime.UtcNow:HH:mm:ss} {message}");

if (options.VectorsOnly)
{
    var vectorReport = new ScaleReport("dotnet run -c Release --project bench/FaultMaven.ScaleBench -- " + string.Join(' ', args), DateTimeOffset.UtcNow);
    using var embedder = new MiniLmEmbeddingGenerator();
    Log($"embedding {options.Distinct} distinct incident texts and {options.Queries} query texts with MiniLM");
    var incidentVectors = await IncidentVectors.EmbedAsync(embedder, options.Distinct, options.Queries, options.Embeddings);
    vectorReport.Embedding = (options.Distinct + options.Queries, incidentVectors.EmbeddingTime);
    var results = new List<RecallResult>();
    foreach (var size in options.Incidents)
    {
        foreach (var graph in options.Graphs)
        {
            Log($"vector index: {size:N0} vectors, connectivity {graph.Connectivity}, expansion add {graph.ExpansionAdd}, {graph.EffectiveBuildThreads} build threads");
            var result = VectorRecall.Measure(incidentVectors, (int)size, graph, options.ExpansionsSearch, Log);
            Log($"  built in {result.Build.TotalSeconds:F1} s; " + string.Join("; ", result.ByExpansion.Select(e => $"ef {e.ExpansionSearch}: recall {e.RecallAt10:F3}, tie-aware {e.TieRecallAt10:F3}, {e.IndexQueryMs:F2} ms")));
            results.Add(result);
            GC.Collect();
        }
    }

    var vectorMarkdown = vectorReport.ToVectorMarkdown(results);
    Console.WriteLine(vectorMarkdown);
    if (options.Append is { } appendTo)
    {
        await File.AppendAllTextAsync(appendTo, "\n" + vectorMarkdown);
    }

    return 0;
}

var folder = Directory.CreateTempSubdirectory("fm-scale-").FullName;
File.SetUnixFileMode(folder, (UnixFileMode)0b111_101_101);
var command = "dotnet run -c Release --project bench/FaultMaven.ScaleBench -- " + string.Join(' ', args);
var report = new ScaleReport(command, DateTimeOffset.UtcNow);
try
{
    Log($"starting PostgreSQL (scripts/lib/postgres.sh, default settings) in {folder}/pg");
    var settings = (await ScriptLib.RunAsync(folder,
        """fm_pg_install && fm_pg_start "$1/pg" && fm_keys_ensure "$1/keys.json" && printf '%s\n%s\n' "$FAULTMAVEN__POSTGRES__CONNECTIONSTRING" "$FAULTMAVEN__ENCRYPTION__KEYFILE" """))
        .Split('\n', StringSplitOptions.RemoveEmptyEntries);
    var (connectionString, keyFile) = (settings[0], settings[1]);
    using var storage = StorageServiceCollectionExtensions.BuildFaultMavenStorage(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["FaultMaven:Postgres:ConnectionString"] = connectionString,
        ["FaultMaven:Encryption:KeyFile"] = keyFile,
    }).Build());
    await FmAdmin.Migrate(connectionString);
    var database = storage.GetRequiredService<NpgsqlDataSource>();
    var secret = FmAdmin.ShownOnce(await FmAdmin.Run(connectionString, "create-client", ApiUnderTest.ClientId, "--role", "responder"));
    if (options.BrokerOutageSeconds > 0)
    {
        var port = ServiceProcess.FreePort();
        Log("starting the dev broker and the API");
        var (broker, bootstrap) = await BrokerOutage.StartBrokerAsync(folder, port);
        await using (broker)
        await using (var api = await ApiUnderTest.StartAsync(folder, connectionString, keyFile, secret, Path.Combine(folder, "outage.usearch"), BrokerOutage.ApiSettings(bootstrap)))
        {
            var outage = await BrokerOutage.RunAsync(api, broker, async () => (await BrokerOutage.StartBrokerAsync(folder, port)).Broker, TimeSpan.FromSeconds(options.BrokerOutageSeconds), Log);
            var section = outage.ToMarkdown(command, DateTimeOffset.UtcNow);
            Console.WriteLine(section);
            if (options.Append is { } outageFile)
            {
                await File.AppendAllTextAsync(outageFile, "\n" + section);
            }
        }

        return 0;
    }


    Log($"embedding {options.Distinct} distinct incident texts and {options.Queries} query texts with MiniLM");
    using var generator = new MiniLmEmbeddingGenerator();
    var vectors = await IncidentVectors.EmbedAsync(generator, options.Distinct, options.Queries, options.Embeddings);
    report.Embedding = (options.Distinct + options.Queries, vectors.EmbeddingTime);

    var end = DateTimeOffset.UtcNow;
    var filler = new StoreFiller(database, storage.GetRequiredService<LogRepository>(), storage.GetRequiredService<FindingRepository>(), storage.GetRequiredService<FaultMaven.Storage.Encryption.FieldCipher>(), vectors, end);
    for (var step = 0; step < options.Rows.Count; step++)
    {
        var level = new ScaleReport.Level(options.Rows[step], (int)options.Incidents[step], options.Findings[step]);
        report.Levels.Add(level);
        Log($"step {step + 1}: filling to {level.Rows:N0} log rows, {level.Findings:N0} findings, {level.Incidents:N0} incidents");
        level.Fills.Add(await filler.LogsAsync(level.Rows, Log));
        level.Fills.Add(await filler.FindingsAsync(level.Findings));
        // The id the API's IncidentRetrieval compares (provider:model@version); another id would make the API re-embed every row.
        level.Fills.Add(await filler.IncidentsAsync(level.Incidents, FaultMaven.Retrieval.Embeddings.EmbeddingModel.Of(generator).Id));
        var analyze = Stopwatch.StartNew();
        await filler.AnalyzeAsync();
        level.Vacuum = analyze.Elapsed;

        Log("EXPLAIN (ANALYZE, BUFFERS) of the list queries");
        level.Plans.AddRange(await QueryPlans.ExplainAsync(database, end));

        if (!options.SkipRecall)
        {
            Log($"vector index: recall@10 and build over {level.Incidents:N0} vectors");
            level.Recall = VectorRecall.Measure(vectors, level.Incidents, options.Graphs[0], options.ExpansionsSearch, Log);
        }

        Log("starting the API; it rebuilds its vector index from PostgreSQL");
        var indexPath = Path.Combine(folder, $"api-{step}.usearch");
        var started = Stopwatch.StartNew();
        await using (var api = await ApiUnderTest.StartAsync(folder, connectionString, keyFile, secret, indexPath))
        {
            level.ApiHealthy = started.Elapsed;
            // Not the manifest's presence: the store writes an empty snapshot at once, before its rebuild.
            while (await api.IndexedVectorsAsync() < level.Incidents)
            {
                await Task.Delay(1000);
            }

            level.IndexRebuild = started.Elapsed;
            level.MemoryAtStart = api.Memory().Resident;
            var driver = new LatencyDriver(api.Http, TimeSpan.FromSeconds(options.Seconds), api.CpuTime);
            var scenarios = LatencyDriver.Scenarios(await DeepCursorsAsync(api.Http), end)
                .Where(scenario => options.Scenarios is null || scenario.Name.Contains(options.Scenarios, StringComparison.Ordinal));
            foreach (var scenario in scenarios)
            {
                foreach (var clients in options.Clients)
                {
                    var searches = await api.VectorQueriesAsync();
                    var embeddings = await api.QueryEmbeddingsAsync();
                    var result = await driver.RunAsync(scenario, (int)clients);
                    var (count, seconds) = await api.VectorQueriesAsync();
                    var (embedded, hits, embedSeconds) = await api.QueryEmbeddingsAsync();
                    if (count > searches.Count)
                    {
                        result = result with { IndexMs = (seconds - searches.Seconds) * 1000 / (count - searches.Count) };
                    }

                    if (embedded > embeddings.Count)
                    {
                        result = result with
                        {
                            EmbedMs = (embedSeconds - embeddings.Seconds) * 1000 / (embedded - embeddings.Count),
                            CacheHits = (hits - embeddings.Hits) / (embedded - embeddings.Count),
                        };
                    }

                    Log($"  {result.Scenario} × {clients}: p50 {result.P50:F1} ms, p95 {result.P95:F1} ms, {result.PerSecond:F1}/s, API CPU {result.CpuMsPerRequest:F1} ms/request" +
                        $"{(result.IndexMs is { } indexMs ? $", index {indexMs:F2} ms/search" : "")}{(result.EmbedMs is { } embedMs ? $", embedding {embedMs:F2} ms/search ({result.CacheHits:P0} cached)" : "")} {result.Failures}");
                    level.Latencies.Add(result);
                }
            }

            level.MemoryAfterLatency = api.Memory();
            if (step == 0 && options.BurstMiB > 0)
            {
                Log($"burst: {AnalysisBurst.Pastes} parallel {options.BurstMiB} MiB /logs/analyze pastes");
                report.Burst = await AnalysisBurst.RunAsync(api, options.BurstMiB);
            }
        }
    }

    var markdown = report.ToMarkdown();
    Console.WriteLine(markdown);
    if (options.Append is { } file)
    {
        await File.AppendAllTextAsync(file, "\n" + markdown);
        Log($"appended the report to {file}");
    }

    return 0;
}
catch (Exception exception) when (exception is InvalidOperationException or TimeoutException or NpgsqlException or HttpRequestException)
{
    await Console.Error.WriteLineAsync($"faultmaven-scalebench: {exception}");
    return 2;
}
finally
{
    Log("stopping PostgreSQL and deleting the folder");
    await ScriptLib.RunAsync(folder, """fm_pg_stop "$1/pg"; rm -rf "$1" """);
}

// Cursors of pages 20 to 50 of the unfiltered newest-first list, as a client paging deep would send them.
static async Task<List<string>> DeepCursorsAsync(HttpClient http)
{
    var cursors = new List<string>();
    string? cursor = null;
    for (var page = 1; page <= 50; page++)
    {
        var body = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync("/logs?limit=100" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor))));
        cursor = body.RootElement.GetProperty("nextCursor").GetString() ?? throw new InvalidOperationException($"the log list ended at page {page}");
        if (page >= 20)
        {
            cursors.Add(cursor);
        }
    }

    return cursors;
}
