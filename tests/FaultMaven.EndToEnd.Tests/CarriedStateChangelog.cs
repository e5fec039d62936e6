using System.Text;
using FaultMaven.Contracts;
using FaultMaven.Pipeline;

namespace FaultMaven.EndToEnd.Tests;

/// <summary>
/// Reads back the changelog of the <see cref="LogPipelineTopology.CarriedEventStore"/>: what a restarted worker restores
/// for a source (the normalizer's pending event, the collapser's held one), for a failure report.
/// </summary>
public static class CarriedStateChangelog
{
    /// <summary>The changelog topic as Streamiz names it for the worker's application id.</summary>
    public static string Topic { get; } = $"{new KafkaOptions().ApplicationId}-{LogPipelineTopology.CarriedEventStore}-changelog";

    /// <summary>
    /// The last <paramref name="count"/> records for <paramref name="source"/>, oldest first, each as its position and
    /// the events it carries: the normalizer's pending one and the collapser's held one, with their raw offsets, and the
    /// same for the state as of the commit before, which a replay starts from.
    /// </summary>
    /// <exception cref="TimeoutException">The partitions were not read to their end within a minute.</exception>
    public static List<string> Last(string bootstrapServers, string source, int count)
    {
        var found = new List<string>();
        TopicReader.ReadToEnd(bootstrapServers, Topic, record =>
        {
            if (record.Message.Key is { } key && Encoding.UTF8.GetString(key) == source)
            {
                found.Add($"{record.Partition.Value}@{record.Offset.Value}: {(record.Message.Value is { } value ? Describe(CarriedState.FromJson(value)) : "deleted")}");
            }
        });
        return found.TakeLast(count).ToList();
    }

    /// <summary>
    /// What a restarted worker continues each source from: the last record the changelog holds for it, or that record's
    /// base where <see cref="CarriedStates.Read"/> rewinds to it (only punctuations changed the source since its last
    /// commit, at the same raw offset). A state a punctuation wrote reaches the changelog only with a later commit,
    /// which only a record of the same task brings, so whether a source's idle flush is in it depends on what came after.
    /// </summary>
    /// <exception cref="TimeoutException">The partitions were not read to their end within a minute.</exception>
    public static Dictionary<string, CarriedState> Restored(string bootstrapServers)
    {
        var latest = new Dictionary<string, CarriedState>();
        TopicReader.ReadToEnd(bootstrapServers, Topic, record =>
        {
            var source = Encoding.UTF8.GetString(record.Message.Key);
            if (record.Message.Value is { } value)
            {
                latest[source] = CarriedState.FromJson(value);
            }
            else
            {
                latest.Remove(source);
            }
        });
        return latest.ToDictionary(entry => entry.Key, entry => entry.Value is { Base: { } atCommit } state && atCommit.Offset == state.Offset ? atCommit : entry.Value);
    }

    private static string Describe(CarriedState carried) =>
        $"at raw offset {carried.Offset}: normalizer pending {Describe(carried.Normalizer.Pending?.Event)}, collapser holding {Describe(carried.Collapser.Held)}"
        + (carried.Collapser.Count > 1 ? $" x{carried.Collapser.Count}" : "")
        + (carried.Base is { } atCommit ? $"; in interval {carried.Interval}, as of the commit before {Describe(atCommit)}" : "");

    private static string Describe(LogEvent? carried) => carried is null ? "nothing" : $"\"{carried.Message}\" (raw {carried.Raw})";
}
