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

    public virtual Task<int> AnonymiseCustomerAsync(int customerId) => _eventRepository.DeleteAsync(e => e.CustomerId == customerId);
}
