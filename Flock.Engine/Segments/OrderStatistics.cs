using System.Numerics;

namespace Flock.Engine.Segments;

/// <summary>
/// The values at a few sorted positions of an array, found in linear expected time without sorting it all (quickselect
/// with a three-way partition, so a crowd of equal values, such as 80 % of customers with one order, costs one pass).
/// </summary>
internal static class OrderStatistics
{
    /// <summary>
    /// <paramref name="result"/>[i] = the value at 0-based position <paramref name="positions"/>[i] of <paramref name="values"/>
    /// sorted worst first: descending when <paramref name="worstFirstIsDescending"/>, else ascending. Positions must be
    /// non-decreasing and within the array. Reorders <paramref name="values"/>.
    /// </summary>
    public static void Select<T>(T[] values, ReadOnlySpan<int> positions, Span<T> result, bool worstFirstIsDescending)
        where T : struct, IComparisonOperators<T, T, bool>
    {
        var n = values.Length;
        var lo = 0;
        var previousIndex = -1;
        T previous = default;
        for (var step = 0; step < positions.Length; step++)
        {
            // Visit the positions in ascending index order so each search starts right after the previous one.
            var i = worstFirstIsDescending ? positions.Length - 1 - step : step;
            var index = worstFirstIsDescending ? n - 1 - positions[i] : positions[i];
            if (index != previousIndex)
            {
                previous = SelectInRange(values, lo, n - 1, index);
                previousIndex = index;
                lo = index + 1;
            }

            result[i] = previous;
        }
    }

    // Everything left of the returned position is ≤ it and everything right is ≥ it, so later searches may start after it.
    private static T SelectInRange<T>(T[] a, int lo, int hi, int k) where T : struct, IComparisonOperators<T, T, bool>
    {
        var budget = 2 * (BitOperations.Log2((uint)(hi - lo + 1)) + 1);
        while (lo < hi)
        {
            if (budget-- == 0)
            {
                Array.Sort(a, lo, hi - lo + 1);
                return a[k];
            }

            var pivot = MedianOfThree(a[lo], a[lo + (hi - lo) / 2], a[hi]);
            int lt = lo, i = lo, gt = hi;
            while (i <= gt)
            {
                var value = a[i];
                if (value < pivot)
                {
                    a[i++] = a[lt];
                    a[lt++] = value;
                }
                else if (value > pivot)
                {
                    a[i] = a[gt];
                    a[gt--] = value;
                }
                else i++;
            }

            if (k < lt) hi = lt - 1;
            else if (k > gt) lo = gt + 1;
            else return pivot;
        }

        return a[k];
    }

    private static T MedianOfThree<T>(T a, T b, T c) where T : struct, IComparisonOperators<T, T, bool>
    {
        if (a > b) (a, b) = (b, a);
        if (b > c) b = c;
        return a > b ? a : b;
    }
}
