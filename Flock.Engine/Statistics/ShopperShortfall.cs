namespace Flock.Engine.Statistics;

/// <summary>How many more shoppers one arm needs.</summary>
/// <param name="Arm">The arm key.</param>
/// <param name="Shoppers">Its shoppers so far.</param>
/// <param name="MoreShoppers">How many more it needs (0 when it has enough).</param>
public sealed record ArmShortfall(string Arm, long Shoppers, long MoreShoppers);

/// <summary>
/// "Not enough data yet: N more shoppers needed". <see cref="MoreShoppers"/> is the number of further shoppers entering the
/// comparison, split between the arms as so far (an arm with nobody yet is assumed to get half), until (a) every arm has
/// the minimum sample and (b) an effect of the minimum detectable size would be declared with the stated power by the
/// always-valid test. Estimated from the pooled rates at this look; <see cref="IsLowerBound"/> when they are not known yet
/// (no conversions at all), in which case only (a) by shopper count is included. <see cref="MinimumDetectableEffect"/> is the
/// absolute effect planned for (rate points or money per shopper), null when the rates are not known yet.
/// </summary>
public sealed record ShopperShortfall(long MoreShoppers, IReadOnlyList<ArmShortfall> PerArm, bool IsLowerBound, double? MinimumDetectableEffect);
