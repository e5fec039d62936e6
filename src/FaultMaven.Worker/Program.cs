using FaultMaven.Analysis.Detection;
using FaultMaven.Analysis.Filtering;
using FaultMaven.Analysis.Live;
using FaultMaven.Analysis.Normalization;
using FaultMaven.Pipeline;
using FaultMaven.Pipeline.Serialization;
using FaultMaven.Retrieval;
using FaultMaven.ServiceDefaults;
using FaultMaven.Storage;
using FaultMaven.Worker;
using FaultMaven.Worker.Sinks;

// Streamiz and librdkafka run foreground threads that can outlive the host when the broker is gone; the process ends
// with the host's exit code instead of waiting for them (the supervisor's SIGTERM must not be ignored).
Environment.Exit(await ServiceHost.RunAsync(async () =>
{
    var builder = WebApplication.CreateBuilder(args);
    builder.AddServiceDefaults("faultmaven-worker");

    var kafka = builder.Configuration.GetValidated<KafkaOptions>(KafkaOptions.Section, o => o.Validate());
    OffsetGapTracker.UseCommittedOffsets(kafka);
    var burst = builder.Configuration.GetValidated<ErrorBurstOptions>("FaultMaven:Detection:ErrorBurst", o => o.Validate("FaultMaven:Detection:ErrorBurst"));
    builder.Services.AddValidatedOptions<KafkaOptions>(builder.Configuration, KafkaOptions.Section, o => o.Validate());
    builder.Services.AddValidatedOptions<SinkOptions>(builder.Configuration, SinkOptions.Section, o => o.Validate());
    builder.Services.AddFaultMavenStorage(builder.Configuration);

    var serdes = ContractSerDes.For(kafka);
    builder.Services.AddSingleton(serdes);
    builder.Services.AddSingleton<LogNormalizer>();
    var filtering = builder.Configuration.GetValidated<FilterOptions>(FilterOptions.Section, o => o.Validate(FilterOptions.Section));
    builder.Services.AddSingleton(new LogFilter(filtering));
    builder.Services.AddSingleton(filtering.CreateRepeatCollapser());
    builder.Services.AddSingleton(new ErrorBurstDetector(burst));
    builder.Services.AddSingleton(builder.Configuration.GetValidated<LiveAnalysisOptions>("FaultMaven:Detection:Live", o => o.Validate("FaultMaven:Detection:Live")));
    builder.Services.AddSingleton(provider => ActivatorUtilities.CreateInstance<LogPipelineTopology>(provider, provider.GetRequiredService<ILoggerFactory>().CreateLogger<LogPipelineTopology>()));
    builder.Services.AddHostedService<KafkaClusterGuard>();
    builder.Services.AddSingleton<ConsumerLagMetrics>();
    builder.Services.AddHostedService(provider => provider.GetRequiredService<ConsumerLagMetrics>());
    builder.Services.AddHostedService<PipelineService>();
    builder.Services.AddTopicSinks(serdes);
    builder.Services.AddFaultMavenRetrieval(builder.Configuration);
    builder.Services.AddHostedService<IncidentIndexingService>();
    builder.Services.AddValidatedOptions<SessionModelTrainingOptions>(builder.Configuration, SessionModelTrainingOptions.Section, o => o.Validate());
    builder.Services.AddSingleton<SessionModelTrainer>();
    builder.Services.AddHostedService<SessionModelService>();
    builder.Services.AddHealthChecks()
        .AddCheck<BrokerHealthCheck>("broker", tags: [ServiceDefaultsExtensions.ReadyTag])
        .AddCheck<PostgresHealthCheck>("postgres", tags: [ServiceDefaultsExtensions.ReadyTag])
        .AddCheck<SinkStallHealthCheck>(SinkStallHealthCheck.Name, tags: [ServiceDefaultsExtensions.ReadyTag]);

    var app = builder.Build();
    // Settings first (MapServiceDefaults validates every section): a bad value is reported as such, not hidden behind
    // a migration that cannot reach the database.
    app.MapServiceDefaults();
    await app.Services.GetRequiredService<DatabaseMigrator>().EnsureCurrentAsync();
    await app.RunAsync();
}));
