namespace FaultMaven.Analysis.Anomaly.Sessions;

/// <summary>Mines sparse integer invariants between template counts without labels (Lou et al., USENIX ATC 2010).</summary>
/// <remarks>
/// Candidates of two and then three templates with small coefficients are tested against the distinct count rows;
/// one is kept when it holds on enough of the sessions touching its templates and is linearly independent of those
/// already kept, so implied relations (a = b, b = c ⇒ a = c) are not counted twice when scoring.
/// </remarks>
internal static class InvariantMiner
{
    public static IReadOnlyList<Invariant> Mine(IReadOnlyList<TemplateCounts> sessions, SessionModelOptions options)
    {
        int[] columns = [.. CommonTemplates.Of(sessions, options.MinSessions).Take(options.MaxInvariantTemplates)];
        var rows = DistinctRows(sessions, columns);
        var basis = new IndependenceBasis(columns.Length);
        var invariants = new List<Invariant>();
        foreach (var arity in new[] { 2, 3 })
        {
            var accepted = Candidates(columns.Length, arity, options.MaxInvariantCoefficient)
                .Select(candidate => (candidate, support: Support(candidate, rows, options)))
                .Where(scored => scored.support >= options.InvariantSupport)
                .OrderByDescending(scored => scored.support)
                .Select(scored => scored.candidate);
            foreach (var candidate in accepted)
            {
                if (basis.TryAdd(candidate))
                {
                    invariants.Add(new Invariant([.. candidate.Columns.Select(c => columns[c])], candidate.Coefficients));
                }
            }
        }

        return invariants;
    }

    private static IReadOnlyList<WeightedRow> DistinctRows(IReadOnlyList<TemplateCounts> sessions, int[] columns) =>
    [
        .. sessions
            .Select(session => columns.Select(id => session.Counts.GetValueOrDefault(id)).ToArray())
            .GroupBy(row => string.Join(',', row))
            .Select(group => new WeightedRow(group.First(), group.Count())),
    ];

    private static IEnumerable<Candidate> Candidates(int columnCount, int arity, int maxCoefficient)
    {
        foreach (var subset in Subsets(columnCount, arity))
        {
            foreach (var coefficients in CoefficientVectors(arity, maxCoefficient))
            {
                yield return new Candidate(subset, coefficients);
            }
        }
    }

    private static IEnumerable<int[]> Subsets(int columnCount, int arity)
    {
        if (arity == 2)
        {
            for (var a = 0; a < columnCount; a++)
            {
                for (var b = a + 1; b < columnCount; b++)
                {
                    yield return [a, b];
                }
            }

            yield break;
        }

        for (var a = 0; a < columnCount; a++)
        {
            for (var b = a + 1; b < columnCount; b++)
            {
                for (var c = b + 1; c < columnCount; c++)
                {
                    yield return [a, b, c];
                }
            }
        }
    }

    /// <summary>Coprime coefficient vectors with exactly one negative entry (the others move to the other side), up to sign.</summary>
    private static IEnumerable<int[]> CoefficientVectors(int arity, int maxCoefficient)
    {
        var magnitudes = Enumerable.Range(1, maxCoefficient).ToArray();
        IEnumerable<int[]> vectors = [[]];
        for (var i = 0; i < arity; i++)
        {
            vectors = vectors.SelectMany(prefix => magnitudes.Select(m => (int[])[.. prefix, m]));
        }

        foreach (var vector in vectors.Where(v => v.Aggregate(GreatestCommonDivisor) == 1))
        {
            for (var negative = 0; negative < arity; negative++)
            {
                if (arity == 2 && negative == 0)
                {
                    continue;
                }

                yield return [.. vector.Select((m, i) => i == negative ? -m : m)];
            }
        }
    }

    private static int GreatestCommonDivisor(int a, int b) => b == 0 ? a : GreatestCommonDivisor(b, a % b);

    private static double Support(Candidate candidate, IReadOnlyList<WeightedRow> rows, SessionModelOptions options)
    {
        long active = 0;
        long holding = 0;
        foreach (var row in rows)
        {
            long sum = 0;
            var touched = false;
            for (var i = 0; i < candidate.Columns.Length; i++)
            {
                var count = row.Counts[candidate.Columns[i]];
                touched |= count != 0;
                sum += (long)candidate.Coefficients[i] * count;
            }

            if (touched)
            {
                active += row.Weight;
                holding += sum == 0 ? row.Weight : 0;
            }
        }

        return active >= options.MinSessions ? (double)holding / active : 0;
    }

    private sealed record WeightedRow(int[] Counts, int Weight);

    private sealed record Candidate(int[] Columns, int[] Coefficients);

    /// <summary>Row-echelon basis of the invariants kept so far, to reject a candidate implied by them.</summary>
    private sealed class IndependenceBasis(int dimension)
    {
        private const double Tolerance = 1e-9;
        private readonly List<(int Pivot, double[] Vector)> rows = [];

        public bool TryAdd(Candidate candidate)
        {
            var vector = new double[dimension];
            for (var i = 0; i < candidate.Columns.Length; i++)
            {
                vector[candidate.Columns[i]] = candidate.Coefficients[i];
            }

            foreach (var (pivot, row) in rows)
            {
                var factor = vector[pivot] / row[pivot];
                for (var j = 0; j < dimension; j++)
                {
                    vector[j] -= factor * row[j];
                }
            }

            var newPivot = Array.FindIndex(vector, value => Math.Abs(value) > Tolerance);
            if (newPivot < 0)
            {
                return false;
            }

            rows.Add((newPivot, vector));
            return true;
        }
    }
}
