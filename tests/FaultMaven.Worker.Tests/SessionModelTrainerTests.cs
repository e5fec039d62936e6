using FaultMaven.Analysis.Incidents;
using FaultMaven.Contracts;
using FaultMaven.Storage;
using FaultMaven.Storage.Tests;
using FaultMaven.Testing.Postgres;
using Microsoft.Extensions.Options;

namespace FaultMaven.Worker.Tests;

/// <summary>The worker's retraining step over a database of its own, since it reads the newest events of every source.</summary>
public sealed class SessionModelTrainerTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    private const int NormalSessions = 60;
    private const int OddSessions = 3;
    private readonly LogRepository logs = new(postgres.DataSource, TestCipher.Instance);
    private readonly FindingRepository findings = new(postgres.DataSource, TestCipher.Instance);
    private readonly SessionModelRepository models = new(postgres.DataSource);

    [Fact]
    public async Task Retraining_reports_the_sessions_with_an_unusual_template_and_saves_the_model_version()
    {
        var source = Samples.UniqueName("sessions");
        await logs.InsertAsync(History(source));
        var trainer = new SessionModelTrainer(
            logs,
            models,
            new FindingFiler(findings, new IncidentRepository(postgres.DataSource, new IncidentGrouping(IncidentGrouping.DefaultQuietPeriod, IncidentOpening.Default), TestCipher.Instance)),
            Options.Create(new SessionModelTrainingOptions { Pattern = "req-[0-9a-f]+", MinSessions = 50 }),
            TimeProvider.System);

        var training = Assert.Single(await trainer.RetrainAsync(CancellationToken.None));

        Assert.Equal((source, NormalSessions + OddSessions, 4), (training.Trained.Source, training.Trained.SessionCount, training.Trained.TemplateCount));
        Assert.Equal(training.Trained.Model.Version, (await models.LatestAsync(source))?.Model.Version);
        var stored = await Samples.AllPagesAsync(cursor => findings.ListAsync(new FindingQuery { Source = source, Kind = SessionModelTrainer.Kind, Cursor = cursor }));
        Assert.Equal(
            Enumerable.Range(0, OddSessions).Select(OddKey).Order(),
            stored.Select(s => s.Finding.Title.Split(' ')[2]).Order());
        Assert.All(stored, s =>
        {
            Assert.Equal(training.Trained.Model.Version, s.Finding.ModelVersion);
            Assert.Equal(3, s.Finding.Evidence.Count);
            Assert.StartsWith("request req-", s.Finding.Examples[0], StringComparison.Ordinal);
            Assert.EndsWith("failed: disk full", s.Finding.Examples[0], StringComparison.Ordinal);
            Assert.NotNull(s.IncidentId);
        });
    }

    [Fact]
    public async Task Retraining_on_too_few_sessions_trains_nothing()
    {
        var source = Samples.UniqueName("few");
        var trainer = new SessionModelTrainer(
            logs,
            models,
            new FindingFiler(findings, new IncidentRepository(postgres.DataSource, new IncidentGrouping(IncidentGrouping.DefaultQuietPeriod, IncidentOpening.Default), TestCipher.Instance)),
            Options.Create(new SessionModelTrainingOptions { Pattern = "nothing-[0-9]+", MinSessions = 50 }),
            TimeProvider.System);

        Assert.Empty(await trainer.RetrainAsync(CancellationToken.None));
        Assert.Null(await models.LatestAsync(source));
    }

    private static string NormalKey(int i) => $"req-{i:x4}";

    private static string OddKey(int i) => $"req-{0xf000 + i:x4}";

    /// <summary>Normal requests start, query one to three times and finish; the odd ones fail on the disk instead of querying.</summary>
    private static List<LogEvent> History(string source)
    {
        var lines = new List<(string Message, int TemplateId, string Template)>();
        foreach (var i in Enumerable.Range(0, NormalSessions))
        {
            lines.Add(($"request {NormalKey(i)} started", 1, "request <*> started"));
            lines.AddRange(Enumerable.Repeat(($"request {NormalKey(i)} queried orders", 2, "request <*> queried orders"), 1 + (i % 3)));
            lines.Add(($"request {NormalKey(i)} finished", 3, "request <*> finished"));
        }

        foreach (var i in Enumerable.Range(0, OddSessions))
        {
            lines.Add(($"request {OddKey(i)} started", 1, "request <*> started"));
            lines.Add(($"request {OddKey(i)} failed: disk full", 4, "request <*> failed: disk full"));
            lines.Add(($"request {OddKey(i)} finished", 3, "request <*> finished"));
        }

        return
        [
            .. lines.Select((line, offset) => Samples.Log(source, offset, Samples.Noon.AddSeconds(offset), Severity.Info) with
            {
                Message = line.Message,
                TemplateId = line.TemplateId,
                Template = line.Template,
            }),
        ];
    }
}
