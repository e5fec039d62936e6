using System.Security.Cryptography;
using System.Text.Json;

namespace FaultMaven.Analysis.Anomaly.Sessions;

/// <summary>Label-free model of normal sessions: the PCA residual detector and mined invariants, combined so that a session
/// is anomalous when it leaves the normal subspace, breaks an invariant, or contains a template rare or absent in training.</summary>
public sealed class SessionAnomalyModel
{
    /// <summary>Version of the serialized layout; <see cref="Deserialize"/> refuses any other.</summary>
    public const int FormatVersion = 1;

    private readonly State state;
    private readonly ResidualSubspace subspace;
    private readonly Dictionary<int, int> columnOfTemplate;

    private SessionAnomalyModel(State state)
    {
        this.state = state;
        subspace = state.Subspace;
        columnOfTemplate = state.TemplateIds.Select((id, column) => (id, column)).ToDictionary(pair => pair.id, pair => pair.column);
        Version = $"session-pca-invariants/{FormatVersion}/{Convert.ToHexStringLower(SHA256.HashData(Serialize()))[..12]}";
    }

    /// <summary>Identifies this exact model (format and content), for <c>Finding.ModelVersion</c>.</summary>
    public string Version { get; }

    public IReadOnlyList<Invariant> Invariants => state.Invariants;

    public static SessionAnomalyModel Train(IReadOnlyList<TemplateCounts> sessions, SessionModelOptions? options = null)
    {
        ArgumentOutOfRangeException.ThrowIfZero(sessions.Count);
        options ??= new SessionModelOptions();
        int[] templateIds = [.. CommonTemplates.Of(sessions, options.MinSessions).Order()];
        var rows = sessions.Select(session => Vector(session, templateIds)).ToArray();
        var subspace = ResidualSubspace.Fit(rows, options);
        var invariants = InvariantMiner.Mine(sessions, options);
        return new SessionAnomalyModel(new State(FormatVersion, templateIds, subspace, [.. invariants]));
    }

    public SessionScore Score(TemplateCounts session)
    {
        var residualRatio = subspace.SquaredPredictionError(Vector(session, state.TemplateIds)) / subspace.Threshold;
        Invariant[] broken = [.. state.Invariants.Where(invariant => !invariant.HoldsFor(session.Counts))];
        int[] rare = [.. session.Counts.Keys.Where(id => !columnOfTemplate.ContainsKey(id)).Order()];
        var isAnomalous = residualRatio > 1 || broken.Length > 0 || rare.Length > 0;
        return new SessionScore(session.Key, isAnomalous, residualRatio + broken.Length + rare.Length, residualRatio, broken, rare);
    }

    /// <summary>The model as bytes for the caller to store; read back with <see cref="Deserialize"/>.</summary>
    public byte[] Serialize() => JsonSerializer.SerializeToUtf8Bytes(state);

    public static SessionAnomalyModel Deserialize(ReadOnlySpan<byte> bytes)
    {
        var state = JsonSerializer.Deserialize<State>(bytes) ?? throw new FormatException("empty session model");
        if (state.FormatVersion != FormatVersion)
        {
            throw new FormatException($"session model format {state.FormatVersion} is not supported (expected {FormatVersion})");
        }

        return new SessionAnomalyModel(state);
    }

    private static double[] Vector(TemplateCounts session, int[] templateIds) =>
        [.. templateIds.Select(id => (double)session.Counts.GetValueOrDefault(id))];

    private sealed record State(int FormatVersion, int[] TemplateIds, ResidualSubspace Subspace, Invariant[] Invariants);
}
