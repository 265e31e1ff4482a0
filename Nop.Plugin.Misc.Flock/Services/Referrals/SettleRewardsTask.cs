using Nop.Services.ScheduleTasks;

namespace Nop.Plugin.Misc.Flock.Services.Referrals;

/// <summary>"Flock: settle rewards" (every 10 minutes; nopCommerce leases it so one web-farm node runs it).</summary>
public class SettleRewardsTask : IScheduleTask
{
    protected readonly RewardSettlementService _rewardSettlementService;

    public SettleRewardsTask(RewardSettlementService rewardSettlementService)
    {
        _rewardSettlementService = rewardSettlementService;
    }

    public Task ExecuteAsync() => _rewardSettlementService.SettleDueAsync();
}
