namespace Flock.Engine.Segments;

/// <summary>How much one category weighs in a customer's purchases (see <see cref="CategoryAffinities.Top"/>).</summary>
/// <param name="CategoryId">The category.</param>
/// <param name="Share">Its decayed weight ÷ the decayed weight of all the customer's categorised orders, 0–1. The shares of
/// all categories add up to 1; those returned (the top few) to at most 1.</param>
/// <param name="Weight">Its decayed weight: money (spend basis) or orders (order basis), each order split equally between
/// its categories and multiplied by ½^(age in days ÷ half-life).</param>
/// <param name="Orders">Orders that contained it, undecayed.</param>
public sealed record CategoryAffinity(int CategoryId, double Share, double Weight, int Orders);
