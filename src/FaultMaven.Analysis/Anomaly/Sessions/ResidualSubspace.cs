using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;

namespace FaultMaven.Analysis.Anomaly.Sessions;

/// <summary>The PCA detector of Xu et al. (SOSP 2009): TF-IDF weighted counts, a normal subspace from ML.NET's randomized PCA,
/// and the squared prediction error (SPE) of the residual against the Q-statistic threshold of Jackson and Mudholkar.</summary>
internal sealed record ResidualSubspace(double[] InverseDocumentFrequency, double[] Mean, double[][] Components, double Threshold)
{
    private const string FeatureColumn = "Features";
    private const int MaxOversampling = 20;

    public double SquaredPredictionError(double[] counts)
    {
        var centered = new double[counts.Length];
        for (var j = 0; j < counts.Length; j++)
        {
            centered[j] = (Math.Log(1 + counts[j]) * InverseDocumentFrequency[j]) - Mean[j];
        }

        var residual = RemoveProjections(centered, Components);

        return Dot(residual, residual);
    }

    public static ResidualSubspace Fit(IReadOnlyList<double[]> rows, SessionModelOptions options)
    {
        var dimension = rows[0].Length;
        var idf = InverseDocumentFrequencies(rows, dimension);
        var weighted = rows.Select(row => row.Select((count, j) => Math.Log(1 + count) * idf[j]).ToArray()).ToArray();
        var mean = Enumerable.Range(0, dimension).Select(j => weighted.Average(row => row[j])).ToArray();
        var covariance = Covariance(weighted, mean);
        var totalVariance = Trace(covariance);
        var components = PrincipalDirections(weighted, covariance, options)
            .Select(direction => (direction, variance: Quadratic(covariance, direction)))
            .OrderByDescending(pair => pair.variance)
            .ToArray();
        var kept = CountToKeep(components.Select(pair => pair.variance), totalVariance, options.VarianceKept);
        var keptVariances = components.Take(kept).Select(pair => pair.variance).ToArray();
        var threshold = QStatistic(covariance, keptVariances, options.ThresholdQuantile);
        return new ResidualSubspace(idf, mean, [.. components.Take(kept).Select(pair => pair.direction)], threshold);
    }

    private static double[] InverseDocumentFrequencies(IReadOnlyList<double[]> rows, int dimension) =>
    [
        .. Enumerable.Range(0, dimension).Select(j =>
        {
            var sessionsWithTemplate = rows.Count(row => row[j] > 0);
            return sessionsWithTemplate == 0 ? 0 : Math.Log((double)rows.Count / sessionsWithTemplate);
        }),
    ];

    /// <summary>Runs ML.NET's randomized PCA on the columns that vary. Rank plus oversampling must stay within the data's rank
    /// (beyond it the randomized SVD returns NaN vectors), and without oversampling the vectors are not the leading ones,
    /// so up to half of the data's rank goes to oversampling.</summary>
    private static IEnumerable<double[]> PrincipalDirections(double[][] weighted, double[][] covariance, SessionModelOptions options)
    {
        var dimension = covariance.Length;
        var tolerance = 1e-12 * Math.Max(Trace(covariance), double.Epsilon);
        int[] varying = [.. Enumerable.Range(0, dimension).Where(j => covariance[j][j] > tolerance)];
        var dataRank = NumericalRank(covariance);
        var oversampling = Math.Min(MaxOversampling, dataRank / 2);
        var rank = Math.Min(dataRank - oversampling, options.MaxComponents);
        if (rank < 1)
        {
            return [];
        }

        var context = new MLContext(options.Seed);
        var schema = SchemaDefinition.Create(typeof(FeatureRow));
        schema[0].ColumnType = new VectorDataViewType(NumberDataViewType.Single, varying.Length);
        var data = context.Data.LoadFromEnumerable(
            weighted.Select(row => new FeatureRow { Features = [.. varying.Select(j => (float)row[j])] }),
            schema);
        var trainer = context.AnomalyDetection.Trainers.RandomizedPca(new RandomizedPcaTrainer.Options
        {
            FeatureColumnName = FeatureColumn,
            Rank = rank,
            Oversampling = oversampling,
            EnsureZeroMean = true,
            Seed = options.Seed,
        });
        var model = trainer.Fit(data).Model;
        VBuffer<float>[] vectors = [];
        model.GetEigenVectors(ref vectors, out var trainedRank);
        return Orthonormalize(vectors.Take(trainedRank).Select(vector =>
        {
            var full = new double[dimension];
            foreach (var (value, k) in vector.DenseValues().Select((value, k) => (value, k)))
            {
                full[varying[k]] = value;
            }

            return full;
        }));
    }

    /// <summary>Gram–Schmidt: ML.NET returns its eigenvectors neither unit-length nor exactly orthogonal (they are float approximations).</summary>
    private static List<double[]> Orthonormalize(IEnumerable<double[]> vectors)
    {
        var basis = new List<double[]>();
        foreach (var vector in vectors.Select(vector => RemoveProjections(vector, basis)))
        {
            var norm = Math.Sqrt(Dot(vector, vector));
            if (norm > 1e-9)
            {
                basis.Add([.. vector.Select(value => value / norm)]);
            }
        }

        return basis;
    }

    /// <summary>What is left of <paramref name="vector"/> after removing its projection on each of the orthonormal <paramref name="units"/>.</summary>
    private static double[] RemoveProjections(double[] vector, IEnumerable<double[]> units)
    {
        var residual = (double[])vector.Clone();
        foreach (var unit in units)
        {
            var projection = Dot(unit, residual);
            for (var j = 0; j < residual.Length; j++)
            {
                residual[j] -= projection * unit[j];
            }
        }

        return residual;
    }

    private static int NumericalRank(double[][] covariance)
    {
        var rows = covariance.Select(row => (double[])row.Clone()).ToArray();
        var tolerance = 1e-9 * Math.Max(Trace(covariance), double.Epsilon);
        var rank = 0;
        for (var column = 0; column < rows.Length && rank < rows.Length; column++)
        {
            var pivot = Enumerable.Range(rank, rows.Length - rank).MaxBy(r => Math.Abs(rows[r][column]));
            if (Math.Abs(rows[pivot][column]) <= tolerance)
            {
                continue;
            }

            (rows[rank], rows[pivot]) = (rows[pivot], rows[rank]);
            for (var r = rank + 1; r < rows.Length; r++)
            {
                var factor = rows[r][column] / rows[rank][column];
                for (var c = column; c < rows.Length; c++)
                {
                    rows[r][c] -= factor * rows[rank][c];
                }
            }

            rank++;
        }

        return rank;
    }

    private static int CountToKeep(IEnumerable<double> variances, double totalVariance, double varianceKept)
    {
        var kept = 0;
        var cumulative = 0.0;
        foreach (var variance in variances)
        {
            if (cumulative >= varianceKept * totalVariance)
            {
                break;
            }

            cumulative += variance;
            kept++;
        }

        return kept;
    }

    /// <summary>Jackson–Mudholkar threshold on the SPE; θᵢ are the sums of the i-th powers of the residual eigenvalues,
    /// obtained as traces of covariance powers minus the kept eigenvalues' powers, so no full eigendecomposition is needed.</summary>
    private static double QStatistic(double[][] covariance, double[] keptVariances, double quantile)
    {
        var squared = Multiply(covariance, covariance);
        var theta1 = Trace(covariance) - keptVariances.Sum();
        var theta2 = Trace(squared) - keptVariances.Sum(v => v * v);
        var theta3 = Trace(Multiply(squared, covariance)) - keptVariances.Sum(v => v * v * v);
        var floor = 1e-9 * Math.Max(Trace(covariance), 1e-12);
        if (theta1 <= floor || theta2 <= floor * floor)
        {
            return floor;
        }

        var h0 = 1 - (2 * theta1 * theta3 / (3 * theta2 * theta2));
        var inner = (quantile * Math.Sqrt(2 * theta2 * h0 * h0) / theta1) + 1 + (theta2 * h0 * (h0 - 1) / (theta1 * theta1));
        return Math.Max(theta1 * Math.Pow(inner, 1 / h0), floor);
    }

    private static double[][] Covariance(double[][] rows, double[] mean)
    {
        var dimension = mean.Length;
        var covariance = new double[dimension][];
        for (var a = 0; a < dimension; a++)
        {
            covariance[a] = new double[dimension];
        }

        foreach (var row in rows)
        {
            for (var a = 0; a < dimension; a++)
            {
                var da = row[a] - mean[a];
                for (var b = 0; b < dimension; b++)
                {
                    covariance[a][b] += da * (row[b] - mean[b]);
                }
            }
        }

        foreach (var line in covariance)
        {
            for (var b = 0; b < dimension; b++)
            {
                line[b] /= rows.Length;
            }
        }

        return covariance;
    }

    private static double[][] Multiply(double[][] left, double[][] right) =>
    [
        .. left.Select(row => Enumerable.Range(0, right[0].Length).Select(b => row.Select((value, k) => value * right[k][b]).Sum()).ToArray()),
    ];

    private static double Trace(double[][] matrix) => matrix.Select((row, i) => row[i]).Sum();

    private static double Quadratic(double[][] matrix, double[] vector) => Dot(vector, [.. matrix.Select(row => Dot(row, vector))]);

    private static double Dot(double[] left, double[] right)
    {
        var sum = 0.0;
        for (var i = 0; i < left.Length; i++)
        {
            sum += left[i] * right[i];
        }

        return sum;
    }

    private sealed class FeatureRow
    {
        public float[] Features { get; set; } = [];
    }
}
