using Flock.Engine.Experiments;

namespace Flock.Engine.Referrals.Programme;

/// <summary>
/// What bandit campaigns have observed so far, counted by the plugin from its own tables (shared by every web-farm
/// node because it comes from the database). Required on every widget decision, so "no data yet" is always said
/// explicitly (<see cref="NoDataYet"/>), never implied by a forgotten argument.
/// <para>An <b>exposure</b> is a shopper shown the campaign (or variant); a <b>conversion</b> is one of those shoppers who
/// then brought an attributed friend order. Conversions never exceed exposures: count them among the exposed shoppers.</para>
/// </summary>
public sealed record BanditObservations
{
    private static readonly IReadOnlyDictionary<int, ArmCounts> NoCampaigns = new Dictionary<int, ArmCounts>();
    private static readonly IReadOnlyDictionary<int, IReadOnlyDictionary<string, ArmCounts>> NoVariants =
        new Dictionary<int, IReadOnlyDictionary<string, ArmCounts>>();

    /// <summary>Nothing observed yet: every bandit draws from its prior (Beta(1, 1)).</summary>
    public static BanditObservations NoDataYet { get; } = new() { Campaigns = NoCampaigns, Variants = NoVariants };

    /// <summary>
    /// Per campaign id: exposures and conversions of the campaign as a whole, used for the arms of bandit competitions
    /// (every competition the campaign takes part in shares them). A campaign with no entry has observed nothing.
    /// </summary>
    public required IReadOnlyDictionary<int, ArmCounts> Campaigns { get; init; }

    /// <summary>
    /// Per campaign id, per variant key (<c>{motivation}-{text}[-{picture}]</c>, as in <c>WidgetDecision.VariantKey</c>):
    /// exposures and conversions, used by bandit creatives. Keys of retired levels are ignored; a campaign or variant with
    /// no entry has observed nothing.
    /// </summary>
    public required IReadOnlyDictionary<int, IReadOnlyDictionary<string, ArmCounts>> Variants { get; init; }
}
