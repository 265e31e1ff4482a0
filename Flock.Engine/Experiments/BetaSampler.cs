namespace Flock.Engine.Experiments;

/// <summary>Draws from Beta and Gamma distributions with a caller-supplied <see cref="Random"/> (reproducible, allocation-free).</summary>
public static class BetaSampler
{
    /// <summary>A draw from the Beta(1 + conversions, 1 + failures) posterior of a conversion rate under a uniform prior.</summary>
    public static double Posterior(Random random, long exposures, long conversions) =>
        Sample(random, 1.0 + conversions, 1.0 + (exposures - conversions));

    /// <summary>A draw from Beta(<paramref name="alpha"/>, <paramref name="beta"/>); both must be positive.</summary>
    public static double Sample(Random random, double alpha, double beta)
    {
        var x = Gamma(random, alpha);
        var y = Gamma(random, beta);
        return x / (x + y);
    }

    /// <summary>A draw from Gamma(shape, 1) by Marsaglia and Tsang (shape below 1 is boosted by U^(1/shape)).</summary>
    public static double Gamma(Random random, double shape)
    {
        if (shape < 1.0)
        {
            var boost = Math.Pow(UnitOpen(random), 1.0 / shape);
            return Gamma(random, shape + 1.0) * boost;
        }

        var d = shape - 1.0 / 3.0;
        var c = 1.0 / Math.Sqrt(9.0 * d);
        while (true)
        {
            double x, v;
            do
            {
                x = StandardNormal(random);
                v = 1.0 + c * x;
            }
            while (v <= 0);

            v = v * v * v;
            var u = UnitOpen(random);
            var xx = x * x;
            if (u < 1.0 - 0.0331 * xx * xx) return d * v;
            if (Math.Log(u) < 0.5 * xx + d * (1.0 - v + Math.Log(v))) return d * v;
        }
    }

    /// <summary>A standard normal draw (Box–Muller; one of the pair is discarded to stay stateless).</summary>
    public static double StandardNormal(Random random)
    {
        var u1 = UnitOpen(random);
        var u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    private static double UnitOpen(Random random)
    {
        double u;
        do u = random.NextDouble();
        while (u <= 0);
        return u;
    }
}
