using Flock.Engine.Chains;
using Flock.Engine.Referrals.Offers;
using Nop.Core.Domain.Customers;
using Nop.Data;
using Nop.Plugin.Misc.Flock.Domain;
using Nop.Plugin.Misc.Flock.Services.Referrals;
using Nop.Services.Discounts;

namespace Nop.Plugin.Misc.Flock.Services.Chains;

//inside the namespace: linq2db's async helpers win over nopCommerce's same-named ones
using LinqToDB;

/// <summary>
/// A chain's per-recipient coupons: made through <see cref="OfferDiscountService"/> as a guarded nopCommerce discount
/// (one use, an end date, Flock's requirement), checked by <see cref="ChainCouponGate"/> on every cart calculation —
/// so a forwarded code is worth nothing to anyone else — withdrawn when the message that was to carry it is cancelled,
/// and retired after its end date so the store's discount list does not grow with every reminder.
/// </summary>
public class ChainCouponService
{
    protected readonly IRepository<FlockChainAction> _actionRepository;
    protected readonly InvitationService _invitationService;
    protected readonly OfferDiscountService _offerDiscountService;

    public ChainCouponService(IRepository<FlockChainAction> actionRepository,
        InvitationService invitationService,
        OfferDiscountService offerDiscountService)
    {
        _actionRepository = actionRepository;
        _invitationService = invitationService;
        _offerDiscountService = offerDiscountService;
    }

    public static string OfferKey(int actionId) => $"chain:{actionId}";

    public static int? ActionIdOf(FlockOffer offer) =>
        offer?.OfferKey is { } key && key.StartsWith("chain:", StringComparison.Ordinal) && int.TryParse(key.AsSpan(6), out var id) ? id : null;

    /// <summary>Makes the action's coupon (inside the executor's transaction); returns the discount id.</summary>
    public virtual async Task<int> IssueAsync(FlockChainAction action, DateTime nowUtc)
    {
        var payload = ChainActionPayload.Read(action.PayloadJson);
        var start = new DateTimeOffset(DateTime.SpecifyKind(nowUtc, DateTimeKind.Utc));
        var offer = await _offerDiscountService.CreateChainCouponAsync(new CouponSpec
        {
            Name = $"Flock chain {action.ChainKey}/{action.StepId} #{action.Id}",
            CouponCode = payload.CouponCode,
            UsePercentage = true,
            Percentage = payload.Percent,
            StartsAt = start,
            EndsAt = start.AddDays(Math.Max(1, payload.ValidDays)),
            UsageLimit = 1
        }, OfferKey(action.Id));
        return offer.DiscountId;
    }

    /// <summary>The store's question for a chain coupon: is this the customer record it was issued to, and does it still stand?</summary>
    public virtual async Task<DiscountRequirementValidationResult> CheckAsync(FlockOffer offer, Customer customer)
    {
        var actionId = ActionIdOf(offer);
        var action = actionId is { } id ? await _actionRepository.Table.FirstOrDefaultAsync(a => a.Id == id) : null;
        if (action is null)
            return new DiscountRequirementValidationResult { UserError = await _invitationService.MessageAsync("ChainCoupon.Withdrawn") };
        return ChainCouponGate.Check(action.CustomerId, action.State != ChainActionStates.Done, customer.Id) switch
        {
            null => new DiscountRequirementValidationResult { IsValid = true },
            ChainCouponRefusal.NotYours => new DiscountRequirementValidationResult { UserError = await _invitationService.MessageAsync("ChainCoupon.NotYours") },
            _ => new DiscountRequirementValidationResult { UserError = await _invitationService.MessageAsync("ChainCoupon.Withdrawn") }
        };
    }

    /// <summary>
    /// The enrollment's coupons no message carried yet (issued after its last sent message), once its next message is
    /// cancelled for good: marked withdrawn and their discounts retired. A coupon already delivered stays its holder's.
    /// </summary>
    public virtual async Task WithdrawUndeliveredAsync(int enrollmentId)
    {
        var lastSent = await _actionRepository.Table
            .Where(a => a.EnrollmentId == enrollmentId && a.Kind == ChainActionKinds.Send && a.State == ChainActionStates.Done)
            .Select(a => (int?)a.Id).MaxAsync() ?? 0;
        var coupons = await _actionRepository.Table
            .Where(a => a.EnrollmentId == enrollmentId && a.Kind == ChainActionKinds.Coupon && a.State == ChainActionStates.Done && a.Id > lastSent)
            .ToListAsync();
        foreach (var coupon in coupons)
        {
            await _actionRepository.Table.Where(a => a.Id == coupon.Id && a.State == ChainActionStates.Done)
                .Set(a => a.State, ChainActionStates.Cancelled).UpdateAsync();
            if (await _offerDiscountService.GetByOfferKeyAsync(OfferKey(coupon.Id)) is { } offer)
                await _offerDiscountService.RetireChainCouponAsync(offer);
        }
    }

    public virtual Task<int> RetireExpiredAsync(DateTime nowUtc) => _offerDiscountService.RetireExpiredChainCouponsAsync(nowUtc);
}
