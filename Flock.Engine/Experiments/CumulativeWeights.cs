namespace Flock.Engine.Experiments;

/// <summary>Weights turned into a cumulative table so a uniform point picks an index in proportion to its weight.</summary>
internal sealed class CumulativeWeights
{
    private readonly double[] _cumulative;

    /// <param name="weights">Finite, non-negative, at least one positive (callers validate).</param>
    public CumulativeWeights(IReadOnlyList<double> weights)
    {
        _cumulative = new double[weights.Count];
        var total = 0.0;
        var lastPositive = -1;
        for (var i = 0; i < weights.Count; i++)
        {
            total += weights[i];
            if (weights[i] > 0) lastPositive = i;
        }

        var running = 0.0;
        for (var i = 0; i < weights.Count; i++)
        {
            running += weights[i];
            _cumulative[i] = running / total;
        }

        // Rounding must not leave a gap at the top: from the last positive arm on, the table is exactly 1.
        for (var i = lastPositive; i < _cumulative.Length; i++) _cumulative[i] = 1.0;
    }

    /// <summary>The first index whose cumulative share exceeds <paramref name="point"/> (in [0, 1)); zero-weight indexes are never returned.</summary>
    public int Pick(double point)
    {
        var cumulative = _cumulative;
        if (cumulative.Length <= 16)
        {
            for (var i = 0; i < cumulative.Length; i++)
                if (cumulative[i] > point) return i;
            return cumulative.Length - 1;
        }

        int low = 0, high = cumulative.Length - 1;
        while (low < high)
        {
            var mid = (low + high) >>> 1;
            if (cumulative[mid] > point) high = mid;
            else low = mid + 1;
        }

        return low;
    }
}
