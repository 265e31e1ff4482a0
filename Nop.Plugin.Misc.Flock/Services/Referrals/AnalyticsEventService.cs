using Nop.Data;
using Nop.Plugin.Misc.Flock.Domain;

namespace Nop.Plugin.Misc.Flock.Services.Referrals;

/// <summary>Analytics events (widget shown, share clicked...).</summary>
public class AnalyticsEventService
{
    protected readonly IRepository<FlockEvent> _eventRepository;
    protected readonly IRepository<FlockPreparedWidget> _preparedRepository;
    protected readonly ExposureBuffer _exposureBuffer;

    public AnalyticsEventService(IRepository<FlockEvent> eventRepository, IRepository<FlockPreparedWidget> preparedRepository, ExposureBuffer exposureBuffer)
    {
        _eventRepository = eventRepository;
        _preparedRepository = preparedRepository;
        _exposureBuffer = exposureBuffer;
    }

    /// <summary>A widget was shown: kept in this node's buffer, written with the next batch (no round trip on the page).</summary>
    public virtual void RecordExposure(int campaignId, string variant, int customerId, string placement) =>
        _exposureBuffer.Add(new FlockEvent
        {
            Kind = FlockEventKinds.WidgetShown,
            CampaignId = campaignId,
            Variant = variant,
            CustomerId = customerId,
            Channel = placement,
            CreatedOnUtc = DateTime.UtcNow
        });

    /// <summary>Writes the buffered exposures in one batch; on failure they go back to the buffer.</summary>
    public virtual async Task FlushExposuresAsync()
    {
        var batch = _exposureBuffer.TakeAll();
        if (batch.Count == 0)
            return;
        try
        {
            await _eventRepository.InsertAsync(batch, false);
        }
        catch
        {
            _exposureBuffer.Return(batch);
            throw;
        }
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
        await FlushExposuresAsync(); //this node's latest exposures are in the table before they are asked for
        var since = nowUtc.AddDays(-1);
        //a thank-you block prepared for this customer counts too: its exposure may still sit in another node's buffer
        var shown = await _eventRepository.Table.AnyAsync(e => e.CustomerId == customerId && e.CampaignId == campaignId
                && e.Kind == FlockEventKinds.WidgetShown && e.CreatedOnUtc >= since && (variant == null || e.Variant == variant))
            || await _preparedRepository.Table.AnyAsync(p => p.CustomerId == customerId && p.CampaignId == campaignId
                && p.CreatedOnUtc >= since && (variant == null || p.Variant == variant));
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
