using Flock.Engine.Chains;
using Flock.Engine.Common;
using Flock.Engine.Messaging;
using Nop.Core.Domain.Customers;
using Nop.Core.Domain.Messages;
using Nop.Data;
using Nop.Plugin.Misc.Flock.Data;
using Nop.Plugin.Misc.Flock.Domain;
using Flock.Engine.Templates;
using Nop.Core.Domain.Stores;
using Nop.Services.Customers;
using Nop.Services.Localization;
using Nop.Services.Logging;
using Nop.Services.Messages;
using Nop.Services.Orders;
using Nop.Services.Stores;

namespace Nop.Plugin.Misc.Flock.Services.Chains;

//inside the namespace: linq2db's conditional Set/UpdateAsync, and its async helpers win over nopCommerce's same-named ones
using LinqToDB;

/// <summary>
/// Carries recorded chain actions out through nopCommerce, each exactly once: under a lease (one node at a time), and
/// in one transaction with the row's conditional "done" — the queued email, the coupon's discount or the points entry
/// commits together with the mark, or neither does (a crash, or a node whose lease ran out and was taken over, leaves
/// nothing behind). Right before anything is made it re-reads the live facts and asks the engine
/// (<see cref="ChainMachine.StopBeforeActing"/>): an order placed since the customer entered (by them or by a guest with
/// their email), withdrawn consent, a met rule goal, an archived chain or a deleted customer cancels it; a paused chain,
/// or a coupon the message is to show not made yet, makes it wait. A failure is retried on <see cref="RetrySchedule"/>.
/// </summary>
public class ChainActionExecutor
{
    protected static readonly TimeSpan LeaseTime = TimeSpan.FromMinutes(2);
    /// <summary>How long an action waits while its chain is paused (resuming does not need to find it sooner: it is rechecked).</summary>
    public static readonly TimeSpan PausedRetry = TimeSpan.FromMinutes(15);
    /// <summary>How long a message waits for the coupon it is to show.</summary>
    public static readonly TimeSpan CouponRetry = TimeSpan.FromMinutes(1);

    protected readonly EmailAccountSettings _emailAccountSettings;
    protected readonly ICustomerService _customerService;
    protected readonly IEmailAccountService _emailAccountService;
    protected readonly ILanguageService _languageService;
    protected readonly ILogger _logger;
    protected readonly IMessageTemplateService _messageTemplateService;
    protected readonly IMessageTokenProvider _messageTokenProvider;
    protected readonly IRepository<FlockChainAction> _actionRepository;
    protected readonly IRepository<FlockEnrollment> _enrollmentRepository;
    protected readonly IRewardPointService _rewardPointService;
    protected readonly IStoreService _storeService;
    protected readonly IWorkflowMessageService _workflowMessageService;
    /// <summary>Built only for a send: it stands on nopCommerce's pricing, tax, cart and picture services, which the scheduler's runs with nothing to send would otherwise build for nothing.</summary>
    protected readonly Lazy<ChainContentService> _contentService;
    protected readonly ChainCouponService _couponService;
    protected readonly ChainFactsService _factsService;
    protected readonly ChainService _chainService;
    protected readonly EnrollmentService _enrollmentService;
    protected readonly UnsubscribeLinks _unsubscribeLinks;
    protected readonly TrackingLinks _trackingLinks;
    protected readonly IQueuedEmailService _queuedEmailService;

    public ChainActionExecutor(EmailAccountSettings emailAccountSettings,
        ICustomerService customerService,
        IEmailAccountService emailAccountService,
        ILanguageService languageService,
        ILogger logger,
        IMessageTemplateService messageTemplateService,
        IMessageTokenProvider messageTokenProvider,
        IRepository<FlockChainAction> actionRepository,
        IRepository<FlockEnrollment> enrollmentRepository,
        IRewardPointService rewardPointService,
        IStoreService storeService,
        IWorkflowMessageService workflowMessageService,
        Lazy<ChainContentService> contentService,
        ChainCouponService couponService,
        ChainFactsService factsService,
        ChainService chainService,
        EnrollmentService enrollmentService,
        UnsubscribeLinks unsubscribeLinks,
        TrackingLinks trackingLinks,
        IQueuedEmailService queuedEmailService)
    {
        _emailAccountSettings = emailAccountSettings;
        _customerService = customerService;
        _emailAccountService = emailAccountService;
        _languageService = languageService;
        _logger = logger;
        _messageTemplateService = messageTemplateService;
        _messageTokenProvider = messageTokenProvider;
        _actionRepository = actionRepository;
        _enrollmentRepository = enrollmentRepository;
        _rewardPointService = rewardPointService;
        _storeService = storeService;
        _workflowMessageService = workflowMessageService;
        _contentService = contentService;
        _couponService = couponService;
        _factsService = factsService;
        _chainService = chainService;
        _enrollmentService = enrollmentService;
        _unsubscribeLinks = unsubscribeLinks;
        _trackingLinks = trackingLinks;
        _queuedEmailService = queuedEmailService;
    }

    /// <summary>The hidden marker a queued email of an action carries (template token <c>%Flock.Marker%</c>), for support: which action made this email.</summary>
    public static string Marker(int actionId) => $"<!-- flock-action:{actionId} -->";

    /// <summary>What carrying an action out came to: an end state, or a moment to try again with nothing done (<see cref="RetryAtUtc"/>).</summary>
    protected sealed record Outcome(string State, int ResultId, ChainReason Reason, DateTime? RetryAtUtc = null)
    {
        public static Outcome Done(int resultId) => new(ChainActionStates.Done, resultId, ChainReason.None);
        public static Outcome Cancelled(ChainReason reason) => new(ChainActionStates.Cancelled, 0, reason);
        public static Outcome Later(DateTime atUtc, ChainReason reason) => new(ChainActionStates.Pending, 0, reason, atUtc);
    }

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
        //the lease is timed by the clock of this moment, not the batch's start: a long batch must not lease into the past
        var leaseNow = DateTime.UtcNow;
        var leased = await _actionRepository.Table
            .Where(a => a.Id == actionId && a.State == pending && (a.LeaseUntilUtc == null || a.LeaseUntilUtc < leaseNow))
            .Set(a => a.LeaseToken, token).Set(a => a.LeaseUntilUtc, leaseNow.Add(LeaseTime)).UpdateAsync() == 1;
        if (!leased)
            return false;
        var action = await _actionRepository.Table.FirstAsync(a => a.Id == actionId);
        try
        {
            var outcome = await CarryOutAsync(action, token, nowUtc);
            if (outcome.RetryAtUtc is not { } retryAt)
                return true;
            await _actionRepository.Table.Where(a => a.Id == actionId && a.LeaseToken == token)
                .Set(a => a.NextAttemptOnUtc, retryAt).Set(a => a.LeaseToken, (string)null).Set(a => a.LeaseUntilUtc, (DateTime?)null).UpdateAsync();
            return false;
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

    /// <summary>The effect and the conditional mark in one transaction; a wait changes nothing.</summary>
    protected virtual async Task<Outcome> CarryOutAsync(FlockChainAction action, string token, DateTime nowUtc)
    {
        using var transaction = FlockTransaction.Begin();
        var outcome = action.Kind switch
        {
            ChainActionKinds.Send => await SendAsync(action, nowUtc),
            ChainActionKinds.Coupon => await IssueCouponAsync(action, nowUtc),
            ChainActionKinds.Points => await GrantPointsAsync(action, nowUtc),
            _ => throw new InvalidOperationException($"unknown chain action kind '{action.Kind}'")
        };
        if (outcome.RetryAtUtc is not null)
            return outcome;
        var pending = ChainActionStates.Pending;
        var marked = await _actionRepository.Table.Where(a => a.Id == action.Id && a.LeaseToken == token && a.State == pending)
            .Set(a => a.State, outcome.State).Set(a => a.ResultId, outcome.ResultId).Set(a => a.DoneOnUtc, DateTime.UtcNow)
            .Set(a => a.LastError, (string)null).Set(a => a.LeaseToken, (string)null).Set(a => a.LeaseUntilUtc, (DateTime?)null).UpdateAsync() == 1;
        if (!marked)
            throw new InvalidOperationException("the lease ran out and another node took the action over; nothing of this attempt is kept");
        if (outcome.Reason != ChainReason.None)
            await LogAsync(action, outcome.Reason, nowUtc);
        if (action.Kind == ChainActionKinds.Send && outcome.State != ChainActionStates.Done)
            await _couponService.WithdrawUndeliveredAsync(action.EnrollmentId);
        transaction.Complete();
        return outcome;
    }

    /// <summary>The enrollment, chain and customer of an action, and the engine's word on it with the facts of this moment.</summary>
    protected virtual async Task<(FlockEnrollment Enrollment, Customer Customer, ChainReason? Stop)> CheckAsync(FlockChainAction action, Channel? channel)
    {
        var enrollment = await _enrollmentRepository.Table.FirstOrDefaultAsync(e => e.Id == action.EnrollmentId);
        if (enrollment is null)
            return (null, null, ChainReason.CustomerGone); //erased with its customer
        var customer = await _customerService.GetCustomerByIdAsync(action.CustomerId);
        var chain = await _chainService.GetCompiledAsync(enrollment.ChainKey, enrollment.Version);
        var facts = await _factsService.ReadAsync(chain, await _chainService.GetAsync(enrollment.ChainKey), enrollment, customer);
        return (enrollment, customer, ChainMachine.StopBeforeActing(chain, facts, channel));
    }

    protected virtual Outcome Stopped(ChainReason stop, DateTime nowUtc) =>
        stop == ChainReason.Paused ? Outcome.Later(nowUtc.Add(PausedRetry), stop) : Outcome.Cancelled(stop);

    protected virtual async Task<Outcome> SendAsync(FlockChainAction action, DateTime nowUtc)
    {
        if (action.DeadlineUtc is { } deadline && nowUtc > deadline)
            return new Outcome(ChainActionStates.Expired, 0, ChainReason.Expired);
        //the live facts, read again right before the message leaves
        var (enrollment, customer, stop) = await CheckAsync(action, (Channel)action.Channel);
        if (stop is { } reason)
            return Stopped(reason, nowUtc);
        //a message that is to show the enrollment's coupon waits for it rather than go out with an empty code
        var pending = ChainActionStates.Pending;
        if (await _actionRepository.Table.AnyAsync(a => a.EnrollmentId == action.EnrollmentId && a.Kind == ChainActionKinds.Coupon && a.State == pending && a.Id < action.Id))
            return Outcome.Later(nowUtc.Add(CouponRetry), ChainReason.None);

        var email = await _factsService.RecipientEmailAsync(customer);
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
        tokens.Add(new Token("Flock.Marker", Marker(action.Id), true));
        tokens.AddRange(await ContentTokensAsync(customer, store, languageId, ProductTriggers.ProductOf(enrollment.TriggerKey) ?? 0));
        var id = await _workflowMessageService.SendNotificationAsync(template, emailAccount, languageId, tokens, email,
            await _customerService.GetCustomerFullNameAsync(customer), ignoreDelayBeforeSend: true);
        if (id == 0)
            throw new InvalidOperationException($"nopCommerce queued no email for template '{payload.Template}' (inactive or limited to other stores?)");
        await TrackAsync(id, action.Id, store);
        var recipient = _factsService.RecipientKey(email);
        await _actionRepository.Table.Where(a => a.Id == action.Id).Set(a => a.RecipientKey, recipient).UpdateAsync();
        return Outcome.Done(id);
    }

    /// <summary>
    /// The queued email's links become signed click redirects and an open pixel is added (in the same transaction as the
    /// queueing, so a message never leaves half-tracked); the unsubscribe link stays as it is (RFC 8058 one-click).
    /// </summary>
    protected virtual async Task TrackAsync(int queuedEmailId, int actionId, Store store)
    {
        var email = await _queuedEmailService.GetQueuedEmailByIdAsync(queuedEmailId)
            ?? throw new InvalidOperationException($"the queued email {queuedEmailId} just made is not there");
        var body = MessageTracking.TrackLinks(email.Body, url => url.Contains("/flock/unsubscribe/", StringComparison.OrdinalIgnoreCase)
            ? null : _trackingLinks.ClickUrl(store, actionId, url));
        email.Body = MessageTracking.AddOpenPixel(body, _trackingLinks.OpenUrl(store, actionId));
        await _queuedEmailService.UpdateQueuedEmailAsync(email);
    }

    /// <summary>The names of the personal-content tokens (T4) every chain message template may use.</summary>
    public static readonly string[] ContentTokenNames =
        ["%Flock.CartItems%", "%Flock.CartTotal%", "%Flock.ViewedProducts%", "%Flock.Recommended%", "%Flock.Accessories%", "%Flock.NewerModels%", "%Flock.RewardPoints%", "%Flock.OrderCount%", "%Flock.Segment%", "%Flock.CouponCode%", "%Flock.UnsubscribeUrl%", "%Flock.Marker%"];

    /// <summary>The customer's cart, viewed products (<paramref name="featuredProductId"/>, the one the message is about, first), points and order count as of now, as message-template tokens.</summary>
    protected virtual async Task<IEnumerable<Token>> ContentTokensAsync(Customer customer, Store store, int languageId, int featuredProductId = 0)
    {
        var model = await _contentService.Value.ReadAsync(customer, store, languageId, featuredProductId);
        var culture = TemplateCulture.For(await LanguageCodeAsync(languageId));
        return
        [
            new Token("Flock.CartItems", ProductBlocks.Cart(model, culture).Output, true),
            new Token("Flock.CartTotal", model.Cart.Total is { } total ? culture.FormatMoney(total, model.Currency) : ""),
            new Token("Flock.ViewedProducts", ProductBlocks.Viewed(model, culture).Output, true),
            new Token("Flock.Recommended", ProductBlocks.Recommended(model, culture).Output, true),
            new Token("Flock.Accessories", ProductBlocks.Accessories(model, culture).Output, true),
            new Token("Flock.NewerModels", ProductBlocks.NewerModels(model, culture).Output, true),
            new Token("Flock.RewardPoints", model.Customer.RewardPoints ?? 0),
            new Token("Flock.OrderCount", model.Customer.OrderCount ?? 0),
            new Token("Flock.Segment", model.Customer.Segment ?? ""),
        ];
    }

    protected virtual async Task<string> LanguageCodeAsync(int languageId) =>
        languageId == 0 ? null : (await _languageService.GetLanguageByIdAsync(languageId))?.UniqueSeoCode;

    /// <summary>The code of the coupon an earlier step of the same enrollment issued (null when none was issued).</summary>
    protected virtual async Task<string> CouponOfEnrollmentAsync(int enrollmentId)
    {
        var done = ChainActionStates.Done;
        var coupon = await _actionRepository.Table
            .Where(a => a.EnrollmentId == enrollmentId && a.Kind == ChainActionKinds.Coupon && a.State == done)
            .OrderByDescending(a => a.Id).Select(a => a.PayloadJson).FirstOrDefaultAsync();
        return coupon is null ? null : ChainActionPayload.Read(coupon).CouponCode;
    }

    protected virtual async Task<Outcome> IssueCouponAsync(FlockChainAction action, DateTime nowUtc)
    {
        var (_, _, stop) = await CheckAsync(action, null);
        if (stop is { } reason)
            return Stopped(reason, nowUtc);
        return Outcome.Done(await _couponService.IssueAsync(action, nowUtc));
    }

    protected virtual async Task<Outcome> GrantPointsAsync(FlockChainAction action, DateTime nowUtc)
    {
        var (_, customer, stop) = await CheckAsync(action, null);
        if (stop is { } reason)
            return Stopped(reason, nowUtc);
        var payload = ChainActionPayload.Read(action.PayloadJson);
        return Outcome.Done(await _rewardPointService.AddRewardPointsHistoryEntryAsync(customer, payload.Points, action.StoreId,
            $"Flock: {action.ChainKey} [flock-chain:{action.Id}]", endDate: payload.PointsValidDays is { } days ? DateTime.UtcNow.AddDays(days) : null));
    }

    protected virtual async Task LogAsync(FlockChainAction action, ChainReason reason, DateTime nowUtc)
    {
        var enrollment = await _enrollmentRepository.Table.FirstOrDefaultAsync(e => e.Id == action.EnrollmentId);
        await _enrollmentService.LogAsync([new ChainDecision(action.ChainKey, enrollment?.Version ?? 0, action.CustomerId, enrollment?.TriggerKey ?? "",
            action.StepId, new DateTimeOffset(nowUtc, TimeSpan.Zero), reason, "checked again at the moment of carrying it out")]);
    }
}
