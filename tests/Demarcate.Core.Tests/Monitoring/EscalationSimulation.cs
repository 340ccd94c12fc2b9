namespace Demarcate.Core.Tests.Monitoring;

/// <summary>Synthetic daily incident counts for the escalation tests: Poisson, and negative binomial as a gamma-mixed Poisson.</summary>
internal sealed class EscalationSimulation(int seed)
{
    private readonly Random _random = new(seed);

    /// <summary>Knuth's product of uniforms; fine for the means used here (≤ 40).</summary>
    public int Poisson(double mean)
    {
        var limit = Math.Exp(-mean);
        var product = _random.NextDouble();
        var count = 0;
        while (product > limit)
        {
            product *= _random.NextDouble();
            count++;
        }

        return count;
    }

    /// <summary>Negative binomial with the given mean and size r: Poisson with a gamma(r, mean/r) rate.</summary>
    public int NegativeBinomial(double mean, double size) => Poisson(Gamma(size) * mean / size);

    /// <summary>A gamma variate of the given shape and unit scale (Marsaglia and Tsang).</summary>
    private double Gamma(double shape)
    {
        if (shape < 1)
        {
            return Gamma(shape + 1) * Math.Pow(_random.NextDouble(), 1 / shape);
        }

        var d = shape - (1.0 / 3);
        var c = 1 / Math.Sqrt(9 * d);
        while (true)
        {
            double x;
            double v;
            do
            {
                x = Normal();
                v = 1 + (c * x);
            }
            while (v <= 0);

            v = v * v * v;
            var u = _random.NextDouble();
            if (Math.Log(u) < (0.5 * x * x) + d - (d * v) + (d * Math.Log(v)))
            {
                return d * v;
            }
        }
    }

    private double Normal()
    {
        var u1 = 1 - _random.NextDouble();
        var u2 = _random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
