using Flock.Engine.Referrals.Campaigns;
using Flock.Engine.Experiments;
using Flock.Engine.Snapshots;
using Flock.Engine.Targeting;

namespace Flock.Engine.Tests.Referrals.Campaigns;

/// <summary>A targeting rule stand-in: matches when the predicate says so, and counts its calls.</summary>
internal sealed class FakeRule(Func<DecisionContext, bool> predicate) : ITargetingRule
{
    public static readonly FakeRule Nobody = new(_ => false);

    public int Calls { get; private set; }

    public bool Matches(DecisionContext context)
    {
        Calls++;
        return predicate(context);
    }
}

internal static class CampaignFixtures
{
    /// <summary>Monday 23 November 2026, 12:00 in Moscow (UTC+3).</summary>
    public static readonly DateTimeOffset MondayNoonMoscow = new(2026, 11, 23, 12, 0, 0, TimeSpan.FromHours(3));

    public static Campaign Campaign(int id, int priority = 0) => new()
    {
        Id = id,
        Name = $"Campaign {id}",
        Status = CampaignStatus.Active,
        Triggers = CampaignTriggers.OrderPlaced | CampaignTriggers.OrderPaid,
        Priority = priority,
        Creatives = CreativeSpace.Single($"creative-{id}"),
    };

    public static DecisionContext Context(DateTimeOffset? now = null, int storeId = 1, string city = "Novosibirsk") => new()
    {
        Customer = new CustomerSnapshot { CustomerId = 42, City = city },
        StoreId = storeId,
        Now = now ?? MondayNoonMoscow,
    };
}
