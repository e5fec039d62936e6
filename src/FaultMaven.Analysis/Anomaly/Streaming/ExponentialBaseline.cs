namespace FaultMaven.Analysis.Anomaly.Streaming;

/// <summary>Exponentially weighted mean and variance of a count per window.</summary>
internal sealed class ExponentialBaseline(double smoothing)
{
    public double Mean { get; private set; }

    public double Variance { get; private set; }

    public int Observations { get; private set; }

    public void Update(double value)
    {
        if (Observations++ == 0)
        {
            Mean = value;
            return;
        }

        var deviation = value - Mean;
        Mean += smoothing * deviation;
        Variance = (1 - smoothing) * (Variance + (smoothing * deviation * deviation));
    }

    /// <summary>Deviation in standard deviations, with the spread floored at the Poisson one (variance ≥ mean, at least 1),
    /// so a perfectly steady history does not turn a one-event wobble into an alarm.</summary>
    public double ZScore(double value) => (value - Mean) / Math.Sqrt(Math.Max(Math.Max(Variance, Mean), 1));
}
