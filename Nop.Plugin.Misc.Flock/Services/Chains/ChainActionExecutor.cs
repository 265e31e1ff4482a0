using Flock.Engine.Chains;
using Flock.Engine.Common;
using Nop.Core.Domain.Customers;
using Nop.Core.Domain.Discounts;
using Nop.Core.Domain.Messages;
using Nop.Data;
using Nop.Plugin.Misc.Flock.Domain;
using Nop.Services.Customers;
using Nop.Services.Discounts;
using Nop.Services.Logging;
using Nop.Services.Messages;
using Nop.Services.Orders;
using Nop.Services.Stores;

namespace Nop.Plugin.Misc.Flock.Services.Chains;

//inside the namespace: linq2db's conditional Set/UpdateAsync, and its async helpers win over nopCommerce's same-named ones
using LinqToDB;

/// <summary>
/// Carries recorded chain actions out through nopCommerce, each exactly once: under a lease (one node at a time), it
/// first looks for what an earlier attempt may already have made — the queued email carrying the action's marker, the
/// discount with the coupon code reserved in the row, the points entry carrying the marker — and only makes what is
/// missing, then marks the row done. Right before a message is queued it re-reads the live facts: an order placed since
/// the customer entered (by them or by a guest with their email) or withdrawn consent cancels it. A failure is retried
/// on <see cref="RetrySchedule"/> from the row.
/// </summary>
public class ChainActionExecutor
{
    protected static readonly TimeSpan LeaseTime = TimeSpan.FromMinutes(2);

    protected readonly EmailAccountSettings _emailAccountSettings;
    protected readonly ICustomerService _customerService;
    protected readonly IDiscountService _discountService;
    protected readonly IEmailAccountService _emailAccountService;
    protected readonly ILogger _logger;
    protected readonly IMessageTemplateService _messageTemplateService;
    protected readonly IMessageTokenProvider _messageTokenProvider;
    protected readonly IRepository<FlockChainAction> _actionRepository;
    protected readonly IRepository<FlockEnrollment> _enrollmentRepository;
    protected readonly IRepository<QueuedEmail> _queuedEmailRepository;
    protected readonly IRepository<Nop.Core.Domain.Customers.RewardPointsHistory> _pointsRepository;
    protected readonly IRewardPointService _rewardPointService;
    protected readonly IStoreService _storeService;
    protected readonly IWorkflowMessageService _workflowMessageService;
    protected readonly ChainFactsService _factsService;
    protected readonly ChainService _chainService;
    protected readonly EnrollmentService _enrollmentService;
    protected readonly UnsubscribeLinks _unsubscribeLinks;

    public ChainActionExecutor(EmailAccountSettings emailAccountSettings,
        ICustomerService customerService,
        IDiscountService discountService,
        IEmailAccountService emailAccountService,
        ILogger logger,
        IMessageTemplateService messageTemplateService,
        IMessageTokenProvider messageTokenProvider,
        IRepository<FlockChainAction> actionRepository,
        IRepository<FlockEnrollment> enrollmentRepository,
        IRepository<QueuedEmail> queuedEmailRepository,
        IRepository<Nop.Core.Domain.Customers.RewardPointsHistory> pointsRepository,
        IRewardPointService rewardPointService,
        IStoreService storeService,
        IWorkflowMessageService workflowMessageService,
        ChainFactsService factsService,
        ChainService chainService,
        EnrollmentService enrollmentService,
        UnsubscribeLinks unsubscribeLinks)
    {
        _emailAccountSettings = emailAccountSettings;
        _customerService = customerService;
        _discountService = discountService;
        _emailAccountService = emailAccountService;
        _logger = logger;
        _messageTemplateService = messageTemplateService;
        _messageTokenProvider = messageTokenProvider;
        _actionRepository = actionRepository;
        _enrollmentRepository = enrollmentRepository;
        _queuedEmailRepository = queuedEmailRepository;
        _pointsRepository = pointsRepository;
        _rewardPointService = rewardPointService;
        _storeService = storeService;
        _workflowMessageService = workflowMessageService;
        _factsService = factsService;
        _chainService = chainService;
        _enrollmentService = enrollmentService;
        _unsubscribeLinks = unsubscribeLinks;
    }

    /// <summary>The hidden marker a queued email of an action carries (template token <c>%Flock.Marker%</c>).</summary>
    public static string Marker(int actionId) => $"<!-- flock-action:{actionId} -->";

    /// <summary>Carries out every pending action that is due (coupons and points before the sends that may show them).</summary>
    public virtual async Task<int> ExecuteDueAsync(DateTime nowUtc, int max = 500)
    {
        var pending = ChainActionStates.Pending;
        var due = await _actionRepository.Table
            .Where(a => a.State == pending && a.NextAttemptOnUtc <= nowUtc && (a.LeaseUntilUtc == null || a.LeaseUntilUtc < nowUtc))
            .OrderBy(a => a.Kind == ChainActionKinds.Send ? 1 : 0).ThenBy(a => a.Id).Select(a => a.Id).Take(max).ToListAsync();
        var done = 0;
        foreach (var id in due)
            if (await ExecuteAsync(id, nowUtc))
                done++;
        return done;
    }

    /// <summary>True when the action ended (done, cancelled or expired) in this attempt.</summary>
    public virtual async Task<bool> ExecuteAsync(int actionId, DateTime nowUtc)
    {
        var token = Guid.NewGuid().ToString("N");
        var pending = ChainActionStates.Pending;
        var leased = await _actionRepository.Table
            .Where(a => a.Id == actionId && a.State == pending && (a.LeaseUntilUtc == null || a.LeaseUntilUtc < nowUtc))
            .Set(a => a.LeaseToken, token).Set(a => a.LeaseUntilUtc, nowUtc.Add(LeaseTime)).UpdateAsync() == 1;
        if (!leased)
            return false;
        var action = await _actionRepository.Table.FirstAsync(a => a.Id == actionId);
        try
        {
            var (state, resultId, reason) = action.Kind switch
            {
                ChainActionKinds.Send => await SendAsync(action, nowUtc),
                ChainActionKinds.Coupon => (ChainActionStates.Done, await IssueCouponAsync(action, nowUtc), ChainReason.None),
                ChainActionKinds.Points => (ChainActionStates.Done, await GrantPointsAsync(action), ChainReason.None),
                _ => throw new InvalidOperationException($"unknown chain action kind '{action.Kind}'")
            };
            await _actionRepository.Table.Where(a => a.Id == actionId && a.LeaseToken == token)
                .Set(a => a.State, state).Set(a => a.ResultId, resultId).Set(a => a.DoneOnUtc, DateTime.UtcNow)
                .Set(a => a.LastError, (string)null).Set(a => a.LeaseToken, (string)null).Set(a => a.LeaseUntilUtc, (DateTime?)null).UpdateAsync();
            if (reason != ChainReason.None)
                await LogAsync(action, reason, nowUtc);
            return true;
        }
        catch (Exception exception)
        {
            var next = RetrySchedule.Default.NextAttempt(action.Attempts + 1, new DateTimeOffset(nowUtc, TimeSpan.Zero)).UtcDateTime;
            var error = $"{exception.GetType().Name}: {exception.Message}";
            await _actionRepository.Table.Where(a => a.Id == actionId && a.LeaseToken == token)
                .Set(a => a.Attempts, a => a.Attempts + 1).Set(a => a.NextAttemptOnUtc, next)
                .Set(a => a.LastError, error.Length > 1000 ? error[..1000] : error)
                .Set(a => a.LeaseToken, (string)null).Set(a => a.LeaseUntilUtc, (DateTime?)null).UpdateAsync();
            await _logger.WarningAsync($"Flock: chain action {action.Id} ({action.Kind} of {action.ChainKey}/{action.StepId}) failed, attempt {action.Attempts + 1}; retried at {next:u}: {exception.Message}");
            return false;
        }
    }

    protected virtual async Task<(string State, int ResultId, ChainReason Reason)> SendAsync(FlockChainAction action, DateTime nowUtc)
    {
        if (action.DeadlineUtc is { } deadline && nowUtc > deadline)
            return (ChainActionStates.Expired, 0, ChainReason.Expired);
        var enrollment = await _enrollmentRepository.Table.FirstOrDefaultAsync(e => e.Id == action.EnrollmentId);
        var customer = await _customerService.GetCustomerByIdAsync(action.CustomerId);
        var email = await _factsService.RecipientEmailAsync(customer);
        if (enrollment is null || customer is null || customer.Deleted || string.IsNullOrEmpty(email))
            return (ChainActionStates.Cancelled, 0, ChainReason.ChannelUnreachable);

        var marker = Marker(action.Id);
        var since = action.CreatedOnUtc;
        var queued = await _queuedEmailRepository.Table.Where(q => q.To == email && q.CreatedOnUtc >= since && q.Body.Contains(marker))
            .Select(q => q.Id).FirstOrDefaultAsync();
        if (queued != 0)
            return (ChainActionStates.Done, queued, ChainReason.None); //queued by an attempt that crashed before marking it done

        //the live facts, read again right before the message leaves
        var chain = await _chainService.GetCompiledAsync(enrollment.ChainKey, enrollment.Version);
        var definition = chain.Definition;
        if (definition.ExitGoals.Any(g => g.Kind == ExitGoalKind.Purchase) && await _factsService.OrdersSinceAsync(customer, enrollment.EnrolledOnUtc) > 0)
            return (ChainActionStates.Cancelled, 0, ChainReason.GoalPurchase);
        if (definition.Marketing && !await _factsService.MarketingConsentAsync(customer, enrollment.StoreId))
            return (ChainActionStates.Cancelled, 0, ChainReason.NoMarketingConsent);

        var payload = ChainActionPayload.Read(action.PayloadJson);
        var store = await _storeService.GetStoreByIdAsync(enrollment.StoreId) ?? (await _storeService.GetAllStoresAsync()).First();
        var template = (await _messageTemplateService.GetMessageTemplatesByNameAsync(payload.Template, store.Id)).FirstOrDefault(t => t.IsActive)
            ?? throw new InvalidOperationException($"no active message template '{payload.Template}' for store {store.Id}");
        var languageId = customer.LanguageId ?? 0;
        var emailAccount = await _emailAccountService.GetEmailAccountByIdAsync(template.EmailAccountId)
            ?? await _emailAccountService.GetEmailAccountByIdAsync(_emailAccountSettings.DefaultEmailAccountId)
            ?? throw new InvalidOperationException("no email account");
        var tokens = new List<Token>();
        await _messageTokenProvider.AddStoreTokensAsync(tokens, store, emailAccount, languageId);
        await _messageTokenProvider.AddCustomerTokensAsync(tokens, customer);
        tokens.Add(new Token("Flock.UnsubscribeUrl", _unsubscribeLinks.Url(store, customer.Id, email), true));
        tokens.Add(new Token("Flock.CouponCode", await CouponOfEnrollmentAsync(action.EnrollmentId) ?? ""));
        tokens.Add(new Token("Flock.Marker", marker, true));
        var id = await _workflowMessageService.SendNotificationAsync(template, emailAccount, languageId, tokens, email,
            await _customerService.GetCustomerFullNameAsync(customer), ignoreDelayBeforeSend: true);
        return (ChainActionStates.Done, id, ChainReason.None);
    }

    /// <summary>The code of the coupon an earlier step of the same enrollment issued (null when none was issued).</summary>
    protected virtual async Task<string> CouponOfEnrollmentAsync(int enrollmentId)
    {
        var done = ChainActionStates.Done;
        var coupon = await _actionRepository.Table
            .Where(a => a.EnrollmentId == enrollmentId && a.Kind == ChainActionKinds.Coupon && a.State == done)
            .OrderByDescending(a => a.Id).Select(a => a.PayloadJson).FirstOrDefaultAsync();
        return coupon is null ? null : ChainActionPayload.Read(coupon).CouponCode;
    }

    protected virtual async Task<int> IssueCouponAsync(FlockChainAction action, DateTime nowUtc)
    {
        var payload = ChainActionPayload.Read(action.PayloadJson);
        var existing = (await _discountService.GetAllDiscountsAsync(couponCode: payload.CouponCode, showHidden: true, isActive: null)).FirstOrDefault();
        if (existing is not null)
            return existing.Id;
        var discount = new Discount
        {
            Name = $"Flock chain {action.ChainKey}/{action.StepId} #{action.Id}",
            DiscountType = DiscountType.AssignedToOrderSubTotal,
            UsePercentage = true,
            DiscountPercentage = payload.Percent,
            RequiresCouponCode = true,
            CouponCode = payload.CouponCode,
            DiscountLimitation = DiscountLimitationType.NTimesOnly,
            LimitationTimes = 1,
            StartDateUtc = nowUtc,
            EndDateUtc = nowUtc.AddDays(payload.ValidDays),
            IsActive = true
        };
        await _discountService.InsertDiscountAsync(discount);
        return discount.Id;
    }

    protected virtual async Task<int> GrantPointsAsync(FlockChainAction action)
    {
        var marker = $"[flock-chain:{action.Id}]";
        var existing = await _pointsRepository.Table.Where(p => p.CustomerId == action.CustomerId && p.Message.Contains(marker)).Select(p => p.Id).FirstOrDefaultAsync();
        if (existing != 0)
            return existing;
        var customer = await _customerService.GetCustomerByIdAsync(action.CustomerId)
            ?? throw new InvalidOperationException($"customer {action.CustomerId} is gone");
        var payload = ChainActionPayload.Read(action.PayloadJson);
        return await _rewardPointService.AddRewardPointsHistoryEntryAsync(customer, payload.Points, action.StoreId,
            $"Flock: {action.ChainKey} {marker}", endDate: payload.PointsValidDays is { } days ? DateTime.UtcNow.AddDays(days) : null);
    }

    protected virtual async Task LogAsync(FlockChainAction action, ChainReason reason, DateTime nowUtc)
    {
        var enrollment = await _enrollmentRepository.Table.FirstOrDefaultAsync(e => e.Id == action.EnrollmentId);
        await _enrollmentService.LogAsync([new ChainDecision(action.ChainKey, enrollment?.Version ?? 0, action.CustomerId, enrollment?.TriggerKey ?? "",
            action.StepId, new DateTimeOffset(nowUtc, TimeSpan.Zero), reason, "checked again at the moment of sending")]);
    }
}
