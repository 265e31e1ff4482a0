using Flock.Engine.Referrals.Programme;
using Flock.Engine.Referrals;
using Microsoft.AspNetCore.Http;
using Nop.Core;
using Nop.Core.Domain.Customers;
using Nop.Plugin.Misc.Flock.Data;
using Nop.Plugin.Misc.Flock.Domain;
using Nop.Plugin.Misc.Flock.Factories;
using Nop.Services.Common;
using Nop.Services.Customers;
using Nop.Services.Logging;

namespace Nop.Plugin.Misc.Flock.Services.Referrals;

/// <summary>
/// A visitor opened /{prefix}/{code}: the engine plans it; this service records the visit, remembers the referrer
/// (cookie + server-side visit), records the friend's invitation (rate-limited per address), applies the campaign's
/// friend-offer coupon — which Flock's discount requirement checks at checkout — and leaves a greeting for the banner.
/// Unknown, blocked and own codes change nothing: the visitor just lands on the store.
/// </summary>
public class LandingService
{
    public const string GreetingAttribute = "Flock.LandingGreeting";

    protected readonly ICustomerService _customerService;
    protected readonly IGenericAttributeService _genericAttributeService;
    protected readonly IHttpContextAccessor _httpContextAccessor;
    protected readonly ILogger _logger;
    protected readonly IStoreContext _storeContext;
    protected readonly IWebHelper _webHelper;
    protected readonly IWorkContext _workContext;
    protected readonly FlockSettings _flockSettings;
    protected readonly FriendCouponService _friendCouponService;
    protected readonly InvitationService _invitationService;
    protected readonly ProgrammeService _programmeService;
    protected readonly ReferrerService _referrerService;
    protected readonly SnapshotFactory _snapshotFactory;
    protected readonly VisitService _visitService;

    public LandingService(ICustomerService customerService,
        IGenericAttributeService genericAttributeService,
        IHttpContextAccessor httpContextAccessor,
        ILogger logger,
        IStoreContext storeContext,
        IWebHelper webHelper,
        IWorkContext workContext,
        FlockSettings flockSettings,
        FriendCouponService friendCouponService,
        InvitationService invitationService,
        ProgrammeService programmeService,
        ReferrerService referrerService,
        SnapshotFactory snapshotFactory,
        VisitService visitService)
    {
        _customerService = customerService;
        _genericAttributeService = genericAttributeService;
        _httpContextAccessor = httpContextAccessor;
        _logger = logger;
        _storeContext = storeContext;
        _webHelper = webHelper;
        _workContext = workContext;
        _flockSettings = flockSettings;
        _friendCouponService = friendCouponService;
        _invitationService = invitationService;
        _programmeService = programmeService;
        _referrerService = referrerService;
        _snapshotFactory = snapshotFactory;
        _visitService = visitService;
    }

    /// <summary>Handles the landing; returns the marketing tags for the redirect ("" when none).</summary>
    public virtual async Task<string> HandleAsync(HttpRequest request)
    {
        var programme = await _programmeService.GetAsync();
        if (programme is null)
            return "";

        var landing = programme.ParseLanding(request.Path.Value, request.QueryString.Value);
        var referrer = landing.IsReferral ? await _referrerService.GetByCodeAsync(landing.Code) : null;
        var referrerCustomer = referrer is null ? null : await _customerService.GetCustomerByIdAsync(referrer.CustomerId);
        var lookup = referrer is null || referrerCustomer is null || referrerCustomer.Deleted
            ? CodeLookup.Unknown
            : new CodeLookup
            {
                Status = referrer.IsBlocked ? CodeStatus.Blocked : CodeStatus.Active,
                ReferrerCustomerId = referrer.CustomerId,
                ReferrerFirstName = referrerCustomer.FirstName,
                CampaignId = referrer.CampaignId,
                Variant = referrer.Variant
            };

        var visitor = await _workContext.GetCurrentCustomerAsync();
        var existing = referrer is null ? null : await _friendCouponService.GetAsync(referrer.Id, visitor.Id);
        var language = (await _workContext.GetWorkingLanguageAsync()).UniqueSeoCode;

        var plan = programme.PlanLanding(new LandingRequest
        {
            Landing = landing,
            Code = lookup,
            VisitorCustomerId = visitor.Id,
            VisitorHasUnusedCouponFromReferrer = existing is { UsedOrderId: null },
            VisitorKey = ShareWidgetService.ShopperKey(visitor),
            Language = language,
            Now = _snapshotFactory.Now()
        });

        if (plan.Outcome is not (LandingOutcome.Offer or LandingOutcome.AlreadyHasCoupon))
            return "";

        //a script minting guest sessions from one address gets the store, not a flood of rows
        var ip = _webHelper.GetCurrentIpAddress();
        if (existing is null && await _invitationService.IsRateLimitedAsync(ip))
            return plan.RedirectQuery;

        if (plan.Click is { } click)
        {
            await _visitService.InsertAsync(new FlockVisit
            {
                ReferrerId = referrer!.Id,
                Channel = click.Channel.Slug(),
                CampaignId = click.CampaignId,
                Variant = click.Variant,
                VisitorCustomerId = visitor.Id,
                IpAddress = ip,
                CreatedOnUtc = click.At.UtcDateTime
            });
        }

        if (plan.CookieLifetime is { } lifetime)
        {
            _httpContextAccessor.HttpContext?.Response.Cookies.Append(FlockDefaults.ReferralCookieName, ReferralCookie.Write(landing.Code, plan.Click?.At ?? DateTimeOffset.UtcNow, visitor.Id, _flockSettings.EmailHashSecret), new CookieOptions
            {
                Expires = DateTimeOffset.UtcNow.Add(lifetime),
                HttpOnly = true,
                IsEssential = false,
                SameSite = SameSiteMode.Lax,
                Secure = request.IsHttps
            });
        }

        //no discount per visit: the invitation row plus the campaign's one offer discount, checked at checkout
        var couponCode = plan.Outcome == LandingOutcome.Offer && plan.Invitation is { } invitation && existing is null
            ? await _invitationService.RecordAsync(invitation, referrer!, visitor, ip)
            : existing is { UsedOrderId: null } ? existing.CouponCode : null;

        if (!string.IsNullOrEmpty(couponCode))
            await _customerService.ApplyDiscountCouponCodeAsync(visitor, couponCode);

        if (plan.Greeting is { } greeting)
        {
            var store = await _storeContext.GetCurrentStoreAsync();
            await _genericAttributeService.SaveAttributeAsync(visitor, GreetingAttribute, greeting.Text, store.Id);
            _httpContextAccessor.HttpContext?.Response.Cookies.Append(FlockDefaults.GreetingCookieName, "1", new CookieOptions
            {
                HttpOnly = true,
                IsEssential = false,
                SameSite = SameSiteMode.Lax,
                Secure = request.IsHttps
            });
        }

        return plan.RedirectQuery;
    }
}
