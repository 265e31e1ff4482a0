using Flock.Engine.Rewards;
using Flock.Engine.Rewards.Ledger;
using Nop.Plugin.Misc.Flock.Domain;
using Nop.Services.Logging;

namespace Nop.Plugin.Misc.Flock.Services;

/// <summary>
/// The persistent reward ledger: engine entries in FlockReward rows. Every change goes row first (state + history),
/// then its effects are carried out; the unique cause key keeps one row per cause across nodes and replays.
/// </summary>
public class RewardLedgerService
{
    protected static readonly string[] SettleableStates = [nameof(RewardState.Pending), nameof(RewardState.Approved)];

    protected readonly ILogger _logger;
    protected readonly RewardExecutionService _rewardExecutionService;
    protected readonly RewardService _rewardService;

    public RewardLedgerService(ILogger logger, RewardExecutionService rewardExecutionService, RewardService rewardService)
    {
        _logger = logger;
        _rewardExecutionService = rewardExecutionService;
        _rewardService = rewardService;
    }

    /// <summary>Records the intents (a replay keeps the rows stored first). Returns how many rows were new.</summary>
    public virtual async Task<int> RecordAsync(IEnumerable<RewardIntent> intents, int? referralId, int campaignId, DateTimeOffset now)
    {
        var created = 0;
        foreach (var intent in intents)
        {
            var entry = RewardEntry.FromIntent(intent, now);
            var (_, isNew) = await _rewardService.InsertOnceAsync(new FlockReward
            {
                CauseKey = entry.CauseKey,
                BeneficiaryCustomerId = entry.BeneficiaryCustomerId,
                ReferralId = referralId,
                OrderId = entry.OrderId,
                CampaignId = campaignId,
                State = entry.State.ToString(),
                RequiresApproval = entry.RequiresManualApproval,
                EntryJson = RewardEntryJson.Write(entry)
            });
            if (isNew)
                created++;
        }
        return created;
    }

    /// <summary>Applies an order fact (paid, refunded, cancelled, voided) to every reward of that order.</summary>
    public virtual async Task ApplyOrderEventAsync(OrderLedgerEvent ledgerEvent, DateTimeOffset now)
    {
        foreach (var row in await _rewardService.GetByOrderIdAsync(ledgerEvent.OrderId))
            await TransitionAsync(row, entry => RewardTransitions.Apply(entry, ledgerEvent, now));
    }

    /// <summary>Admin approve/revoke; returns the engine's rejection message, or null when applied.</summary>
    public virtual async Task<string> ApplyAdminEventAsync(FlockReward row, AdminLedgerEvent adminEvent, DateTimeOffset now) =>
        await TransitionAsync(row, entry => RewardTransitions.Apply(entry, adminEvent, now));

    /// <summary>Settles every due Pending/Approved reward (the schedule task).</summary>
    public virtual async Task<int> SettleDueAsync(DateTimeOffset now)
    {
        var changed = 0;
        foreach (var row in await _rewardService.GetByStatesAsync(SettleableStates))
        {
            var before = row.State;
            await TransitionAsync(row, entry => RewardTransitions.Settle(entry, now));
            if (row.State != before)
                changed++;
        }
        return changed;
    }

    protected virtual async Task<string> TransitionAsync(FlockReward row, Func<RewardEntry, TransitionResult> transition)
    {
        RewardEntry entry;
        try
        {
            entry = RewardEntryJson.Read(row.EntryJson);
        }
        catch (FormatException exception)
        {
            await _logger.ErrorAsync($"Flock: reward row {row.Id} ({row.CauseKey}) cannot be read", exception);
            return exception.Message;
        }

        var result = transition(entry);
        if (result.IsRejected)
            return result.Rejection!.Message;
        if (result.Entry.Equals(entry) && result.Effects.Count == 0)
            return null;

        row.EntryJson = RewardEntryJson.Write(result.Entry);
        row.State = result.Entry.State.ToString();
        row.RequiresApproval = result.Entry.RequiresManualApproval;
        await _rewardService.UpdateAsync(row);

        var idsChanged = false;
        foreach (var effect in result.Effects)
        {
            try
            {
                idsChanged |= await _rewardExecutionService.ExecuteAsync(row, effect);
            }
            catch (Exception exception)
            {
                await _logger.ErrorAsync($"Flock: effect {effect.GetType().Name} of reward {row.CauseKey} failed", exception);
            }
        }
        if (idsChanged)
            await _rewardService.UpdateAsync(row);

        return null;
    }
}
