using FaultMaven.Analysis.Anomaly.Sessions;
using FaultMaven.Testing.Postgres;

namespace FaultMaven.Storage.Tests;

public sealed class SessionModelRepositoryTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    private readonly SessionModelRepository models = new(postgres.DataSource);

    [Fact]
    public async Task A_saved_model_reads_back_with_the_same_version_and_scores()
    {
        var source = Samples.UniqueName("round-trip");
        var model = Trained(auditedEvery: 2);

        await models.SaveAsync(new StoredSessionModel(source, model, Samples.Noon, SessionCount: 40, TemplateCount: 3));

        var stored = await models.LatestAsync(source);
        Assert.NotNull(stored);
        Assert.Equal(model.Version, stored.Model.Version);
        Assert.Equal((Samples.Noon, 40, 3), (stored.TrainedAt, stored.SessionCount, stored.TemplateCount));
        var odd = Session("odd", new() { [1] = 1, [9] = 4 });
        Assert.Equivalent(model.Score(odd), stored.Model.Score(odd), strict: true);
    }

    [Fact]
    public async Task The_latest_model_is_the_most_recently_trained_one_of_its_source()
    {
        var source = Samples.UniqueName("latest");
        var older = Trained(auditedEvery: 2);
        var newer = Trained(auditedEvery: 3);
        await models.SaveAsync(new StoredSessionModel(source, newer, Samples.Noon.AddMinutes(15), 40, 3));
        await models.SaveAsync(new StoredSessionModel(source, older, Samples.Noon, 40, 3));
        await models.SaveAsync(new StoredSessionModel(Samples.UniqueName("other"), Trained(auditedEvery: 4), Samples.Noon.AddHours(1), 40, 3));

        Assert.Equal(newer.Version, (await models.LatestAsync(source))?.Model.Version);
        Assert.Null(await models.LatestAsync(Samples.UniqueName("untrained")));
    }

    /// <summary>A model of sessions that start, query and finish, every <paramref name="auditedEvery"/>-th one also audited.</summary>
    private static SessionAnomalyModel Trained(int auditedEvery) =>
        SessionAnomalyModel.Train(
        [
            .. Enumerable.Range(0, 40).Select(i => Session($"s{i}", new() { [1] = 1, [2] = 1 + (i % 3), [3] = 1, [4] = i % auditedEvery == 0 ? 1 : 0 })),
        ]);

    private static TemplateCounts Session(string key, Dictionary<int, int> counts) =>
        new(key, counts, Samples.Noon, Samples.Noon, []);
}
