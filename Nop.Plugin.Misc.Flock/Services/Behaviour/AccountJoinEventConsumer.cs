using Flock.Engine.Chains;
using Microsoft.AspNetCore.Http;
using Nop.Core;
using Nop.Core.Domain.Customers;
using Nop.Plugin.Misc.Flock.Infrastructure;
using Nop.Services.Customers;
using Nop.Services.Events;
using Nop.Services.Logging;

namespace Nop.Plugin.Misc.Flock.Services.Behaviour;

/// <summary>
/// A guest signed in to their account: one activity row, "signed in, leaving guest #G behind", on the request; the chain
/// task joins what Flock knew of the guest to the account when it reaches that row (<see cref="AccountJoinService"/>).
/// Written whether or not a chain is live (the join is not a chain's business). Never breaks the sign-in.
/// </summary>
public class AccountJoinEventConsumer : IConsumer<CustomerLoggedinEvent>
{
    protected readonly ActivityService _activityService;
    protected readonly ICustomerService _customerService;
    protected readonly IHttpContextAccessor _httpContextAccessor;
    protected readonly ILogger _logger;
    protected readonly IStoreContext _storeContext;

    public AccountJoinEventConsumer(ActivityService activityService, ICustomerService customerService, IHttpContextAccessor httpContextAccessor, ILogger logger,
        IStoreContext storeContext)
    {
        _activityService = activityService;
        _customerService = customerService;
        _httpContextAccessor = httpContextAccessor;
        _logger = logger;
        _storeContext = storeContext;
    }

    public async Task HandleEventAsync(CustomerLoggedinEvent eventMessage)
    {
        try
        {
            if (await NopCompatibility.GuestLeftBySignInAsync(eventMessage, _httpContextAccessor, _customerService) is { } guest)
                await _activityService.RecordAsync(eventMessage.Customer.Id, (await _storeContext.GetCurrentStoreAsync()).Id, ChainTriggerKind.SignedIn, guest.Id);
        }
        catch (Exception exception)
        {
            await _logger.WarningAsync($"Flock: the sign-in of customer {eventMessage.Customer?.Id} could not be recorded; their guest activity stays apart: {exception.Message}");
        }
    }
}
