namespace Demarcate.Core.Monitoring;

/// <summary>
/// The distribution of a sector's daily incident count: Poisson with the given mean, or negative binomial
/// (a Poisson whose rate varies from day to day) with the given mean and size r, variance mean + mean²/r.
/// </summary>
/// <remarks>Immutable.</remarks>
public readonly record struct EscalationCountModel
{
    /// <summary>Probabilities below this are left out of the tail of <see cref="Probabilities"/>.</summary>
    private const double NegligibleTail = 1e-13;

    private EscalationCountModel(double mean, double? size)
    {
        Mean = mean;
        Size = size;
    }

    /// <summary>The mean count per day.</summary>
    public double Mean { get; }

    /// <summary>The negative binomial size r; null for Poisson.</summary>
    public double? Size { get; }

    /// <summary>True for the Poisson model.</summary>
    public bool IsPoisson => Size is null;

    /// <summary>The variance per day.</summary>
    public double Variance => Size is { } r ? Mean + (Mean * Mean / r) : Mean;

    public static EscalationCountModel Poisson(double mean)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(mean);
        return new EscalationCountModel(mean, null);
    }

    public static EscalationCountModel NegativeBinomial(double mean, double size)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(mean);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(size);
        return new EscalationCountModel(mean, size);
    }

    /// <summary>The same family with the mean multiplied by <paramref name="factor"/> (and the size kept).</summary>
    public EscalationCountModel WithMeanTimes(double factor) => new(Mean * factor, Size);

    /// <summary>The distribution of the sum of <paramref name="days"/> independent days.</summary>
    public EscalationCountModel OverDays(int days)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(days);
        return new EscalationCountModel(Mean * days, Size * days);
    }

    /// <summary>P(X = x) for x = 0, 1, …, as far as the remaining tail is negligible.</summary>
    public double[] Probabilities()
    {
        // Log space so that large means do not underflow the first terms.
        var probabilities = new List<double>();
        var sd = Math.Sqrt(Variance);
        var cap = (int)Math.Ceiling(Mean + (60 * sd) + 60);
        double log0;
        double logStep;
        if (Size is { } r)
        {
            log0 = r * Math.Log(r / (r + Mean));
            logStep = Math.Log(Mean / (r + Mean));
        }
        else
        {
            log0 = -Mean;
            logStep = Math.Log(Mean);
        }

        var logP = log0;
        var total = 0.0;
        for (var x = 0; x <= cap; x++)
        {
            var p = Math.Exp(logP);
            probabilities.Add(p);
            total += p;
            if (x > Mean && 1 - total < NegligibleTail)
            {
                break;
            }

            logP += logStep - Math.Log(x + 1) + (Size is { } size ? Math.Log(x + size) : 0);
        }

        return [.. probabilities];
    }

    /// <summary>P(X ≤ x).</summary>
    public double CumulativeProbability(int x)
    {
        if (x < 0)
        {
            return 0;
        }

        var probabilities = Probabilities();
        var sum = 0.0;
        for (var i = 0; i <= x && i < probabilities.Length; i++)
        {
            sum += probabilities[i];
        }

        return Math.Min(1, sum);
    }
}
