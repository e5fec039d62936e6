namespace FaultMaven.Analysis.Anomaly.Sessions;

/// <summary>A linear relation between template counts that normal sessions obey: the sum of coefficient × count is zero.</summary>
public sealed record Invariant(IReadOnlyList<int> TemplateIds, IReadOnlyList<int> Coefficients)
{
    public bool HoldsFor(IReadOnlyDictionary<int, int> counts)
    {
        var sum = 0L;
        for (var i = 0; i < TemplateIds.Count; i++)
        {
            sum += (long)Coefficients[i] * counts.GetValueOrDefault(TemplateIds[i]);
        }

        return sum == 0;
    }

    public override string ToString() =>
        string.Join(" + ", TemplateIds.Select((id, i) => $"{Coefficients[i]}·T{id}")) + " = 0";
}
