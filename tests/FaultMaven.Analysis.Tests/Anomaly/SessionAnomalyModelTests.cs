using FaultMaven.Analysis.Anomaly.Sessions;

namespace FaultMaven.Analysis.Tests.Anomaly;

public class SessionAnomalyModelTests
{
    private static readonly IReadOnlyList<TemplateCounts> Training = NormalSessions(400);
    private static readonly SessionAnomalyModel Model = SessionAnomalyModel.Train(Training);

    [Fact]
    public void Normal_sessions_are_not_flagged()
    {
        var flagged = Training.Select(Model.Score).Count(score => score.IsAnomalous);

        Assert.True(flagged <= Training.Count / 100, $"{flagged} of {Training.Count} normal sessions flagged");
    }

    [Fact]
    public void The_open_equals_close_relation_is_learned_as_an_invariant()
    {
        Assert.Contains(Model.Invariants, invariant =>
            invariant.TemplateIds.Order().SequenceEqual([1, 3]) && invariant.Coefficients.Sum() == 0);
    }

    [Fact]
    public void A_session_that_opens_without_closing_breaks_an_invariant()
    {
        var score = Model.Score(Session("broken", (1, 1), (2, 4)));

        Assert.True(score.IsAnomalous);
        Assert.NotEmpty(score.BrokenInvariants);
    }

    [Fact]
    public void A_session_with_a_template_never_seen_in_training_is_flagged()
    {
        var score = Model.Score(Session("strange", (1, 1), (2, 4), (3, 1), (99, 1)));

        Assert.True(score.IsAnomalous);
        Assert.Equal([99], score.RareTemplates);
    }

    [Fact]
    public void A_session_far_outside_the_normal_subspace_has_a_residual_above_the_threshold()
    {
        var score = Model.Score(Session("misses never filled", (1, 1), (2, 3), (3, 1), (7, 4)));

        Assert.True(score.ResidualRatio > 1, $"residual ratio {score.ResidualRatio}");
    }

    [Fact]
    public void A_model_read_back_from_its_bytes_scores_the_same_and_keeps_its_version()
    {
        var restored = SessionAnomalyModel.Deserialize(Model.Serialize());
        var probe = Session("probe", (1, 2), (2, 3), (3, 1));

        Assert.Equal(Model.Version, restored.Version);
        Assert.Equal(Model.Score(probe), restored.Score(probe), new ScoreComparer());
    }

    [Fact]
    public void A_model_of_another_format_version_is_refused()
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(
            System.Text.Encoding.UTF8.GetString(Model.Serialize()).Replace($"\"FormatVersion\":{SessionAnomalyModel.FormatVersion}", "\"FormatVersion\":999", StringComparison.Ordinal));

        Assert.Throws<FormatException>(() => SessionAnomalyModel.Deserialize(bytes));
    }

    /// <summary>Sessions that open (T1) and close (T3) once around a variable amount of work (T2), sometimes retry (T4),
    /// log a variable amount of chatter (T6), and in about half of them fill (T8) every cache miss (T7).</summary>
    private static List<TemplateCounts> NormalSessions(int count)
    {
        var random = new Random(7);
        return
        [
            .. Enumerable.Range(0, count).Select(i =>
            {
                var misses = random.Next(2) * random.Next(1, 5);
                return Session($"s{i}", (1, 1), (2, random.Next(1, 8)), (3, 1), (4, random.Next(10) == 0 ? 1 : 0), (6, random.Next(0, 3)), (7, misses), (8, misses));
            }),
        ];
    }

    private static TemplateCounts Session(string key, params (int TemplateId, int Count)[] counts) =>
        new(key, counts.Where(pair => pair.Count > 0).ToDictionary(pair => pair.TemplateId, pair => pair.Count), DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, []);

    private sealed class ScoreComparer : IEqualityComparer<SessionScore>
    {
        public bool Equals(SessionScore? x, SessionScore? y) =>
            x is not null && y is not null && x.IsAnomalous == y.IsAnomalous && Math.Abs(x.Score - y.Score) < 1e-12 && x.BrokenInvariants.Select(invariant => invariant.ToString()).SequenceEqual(y.BrokenInvariants.Select(invariant => invariant.ToString()));

        public int GetHashCode(SessionScore obj) => obj.Key.GetHashCode(StringComparison.Ordinal);
    }
}
