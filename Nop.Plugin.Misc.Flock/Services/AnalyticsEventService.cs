using Nop.Data;
using Nop.Plugin.Misc.Flock.Domain;

namespace Nop.Plugin.Misc.Flock.Services;

/// <summary>Analytics events (widget shown, share clicked...).</summary>
public class AnalyticsEventService
{
    protected readonly IRepository<FlockEvent> _eventRepository;

    public AnalyticsEventService(IRepository<FlockEvent> eventRepository)
    {
        _eventRepository = eventRepository;
    }

    public virtual Task InsertAsync(string kind, int campaignId, string variant, int customerId, string channel = null) =>
        _eventRepository.InsertAsync(new FlockEvent
        {
            Kind = kind,
            CampaignId = campaignId,
            Variant = variant,
            CustomerId = customerId,
            Channel = channel,
            CreatedOnUtc = DateTime.UtcNow
        }, false);

    /// <summary>
    /// Records a share click only when this customer was shown that campaign's widget (that variant) in the last day,
    /// and not already for this channel today. False when refused.
    /// </summary>
    public virtual async Task<bool> TryRecordShareAsync(int customerId, int campaignId, string variant, string channel, DateTime nowUtc)
    {
        var since = nowUtc.AddDays(-1);
        var shown = await _eventRepository.Table.AnyAsync(e => e.CustomerId == customerId && e.CampaignId == campaignId
            && e.Kind == FlockEventKinds.WidgetShown && e.CreatedOnUtc >= since && (variant == null || e.Variant == variant));
        if (!shown)
            return false;
        var today = nowUtc.Date;
        if (await _eventRepository.Table.AnyAsync(e => e.CustomerId == customerId && e.CampaignId == campaignId
                && e.Kind == FlockEventKinds.ShareClicked && e.Channel == channel && e.CreatedOnUtc >= today))
            return false;
        await InsertAsync(FlockEventKinds.ShareClicked, campaignId, variant, customerId, channel);
        return true;
    }

    public virtual Task<int> AnonymiseCustomerAsync(int customerId) => _eventRepository.DeleteAsync(e => e.CustomerId == customerId);
}
