using System.Text.Json;
using Flock.Engine.Referrals.Campaigns;
using Flock.Engine.Referrals.Programme;
using Flock.Engine.Referrals;
using Flock.Engine.Templates;
using Nop.Core;
using Nop.Core.Domain.Customers;
using Nop.Core.Domain.Orders;
using Nop.Core.Domain.Stores;
using Nop.Data;
using Nop.Plugin.Misc.Flock.Domain;
using Nop.Plugin.Misc.Flock.Factories;
using Nop.Plugin.Misc.Flock.Models;
using Nop.Services.Localization;
using Nop.Services.Logging;
using Nop.Services.Stores;
using Nop.Plugin.Misc.Flock.Services.Inbox;

namespace Nop.Plugin.Misc.Flock.Services.Referrals;

using LinqToDB;

/// <summary>
/// Prepares the share block for a shopper at one moment (order placed, registered...): the engine decides whether and
/// what to show; this service stores the new assignments and the exposure, and makes sure the shopper has a code.
/// </summary>
public class ShareWidgetService
{
    protected readonly ILanguageService _languageService;
    protected readonly ILocalizationService _localizationService;
    protected readonly ILogger _logger;
    protected readonly IRepository<FlockPreparedWidget> _preparedRepository;
    protected readonly IStoreContext _storeContext;
    protected readonly IStoreService _storeService;
    protected readonly IWorkContext _workContext;
    protected readonly AnalyticsEventService _analyticsEventService;
    protected readonly AssignmentService _assignmentService;
    protected readonly CampaignUsageService _campaignUsageService;
    protected readonly ProgrammeService _programmeService;
    protected readonly ReferrerService _referrerService;
    protected readonly SnapshotFactory _snapshotFactory;
    protected readonly PreparedBlockMemory _preparedMemory;

    public ShareWidgetService(ILanguageService languageService,
        ILocalizationService localizationService,
        ILogger logger,
        IRepository<FlockPreparedWidget> preparedRepository,
        IStoreContext storeContext,
        IStoreService storeService,
        IWorkContext workContext,
        AnalyticsEventService analyticsEventService,
        AssignmentService assignmentService,
        CampaignUsageService campaignUsageService,
        ProgrammeService programmeService,
        ReferrerService referrerService,
        SnapshotFactory snapshotFactory,
        PreparedBlockMemory preparedMemory)
    {
        _preparedMemory = preparedMemory;
        _languageService = languageService;
        _localizationService = localizationService;
        _logger = logger;
        _preparedRepository = preparedRepository;
        _storeContext = storeContext;
        _storeService = storeService;
        _workContext = workContext;
        _analyticsEventService = analyticsEventService;
        _assignmentService = assignmentService;
        _campaignUsageService = campaignUsageService;
        _programmeService = programmeService;
        _referrerService = referrerService;
        _snapshotFactory = snapshotFactory;
    }

    /// <summary>Where and for whom a block is decided: the store, its name, the shopper's language (code and id).</summary>
    protected sealed record Moment(Store Store, string LanguageCode, int LanguageId);

    /// <summary>The share block for this shopper and trigger in the current request, or null (no campaign, holdout, blocked, Flock off). Counts as shown.</summary>
    public virtual async Task<ShareWidgetModel> PrepareAsync(Customer customer, CampaignTriggers trigger, string placement, Order order = null)
    {
        var model = await DecideAsync(customer, trigger, placement, order, render: true, await CurrentMomentAsync());
        if (model is not null)
            _analyticsEventService.RecordExposure(model.CampaignId, model.Variant, customer.Id, placement);
        return model;
    }

    /// <summary>
    /// A useful action happened away from any page that can show the block (registration, newsletter): decide now so
    /// the assignment sticks and the customer has a code; the account page shows the block.
    /// </summary>
    public virtual async Task EnsureReferrerAsync(Customer customer, CampaignTriggers trigger, CustomerMoment at = null)
    {
        var moment = at is null ? await CurrentMomentAsync() : await MomentAsync(at.StoreId, at.LanguageId);
        await DecideAsync(customer, trigger, null, null, render: false, moment);
    }

    /// <summary>
    /// Right after the order was placed (the inbox worker, off the shopper's requests): decides the thank-you block,
    /// creates the customer's code, renders the block in the order's store and language and keeps it for the page.
    /// </summary>
    public virtual async Task PrepareForOrderAsync(Order order, Customer customer)
    {
        if (await _preparedRepository.Table.AnyAsync(p => p.OrderId == order.Id))
            return;
        var moment = await MomentAsync(order.StoreId, order.CustomerLanguageId);
        if (await _programmeService.GetForStoreAsync(moment.Store) is null)
            return; //Flock is off in that store: nothing to keep (the page decides, and shows nothing, if it is still off)
        var model = await DecideAsync(customer, CampaignTriggers.OrderPlaced, ThankYouPlacement, order, render: true, moment);
        var modelJson = model is null ? null : JsonSerializer.Serialize(model);
        try
        {
            await _preparedRepository.InsertAsync(new FlockPreparedWidget
            {
                OrderId = order.Id,
                CustomerId = customer.Id,
                CampaignId = model?.CampaignId ?? 0,
                Variant = model?.Variant,
                ModelJson = modelJson,
                CreatedOnUtc = DateTime.UtcNow
            }, false);
            _preparedMemory.Remember(order.Id, customer.Id, modelJson, DateTime.UtcNow);
        }
        catch (Exception exception) when (Data.UniqueKey.IsViolation(exception))
        {
            //prepared by the page itself or another node a moment earlier
        }
    }

    public const string ThankYouPlacement = "thank-you";

    /// <summary>
    /// The thank-you block of the order: the one prepared after placement (one indexed read), or — when the page came
    /// before the worker got to it — decided now, as it would have been. Counts as shown.
    /// </summary>
    public virtual async Task<ShareWidgetModel> ShowForOrderAsync(Order order, Customer customer)
    {
        var (found, model) = await FindPreparedAsync(order.Id, customer, readRowWhilePending: true);
        return found ? model : await PrepareAsync(customer, CampaignTriggers.OrderPlaced, ThankYouPlacement, order);
    }

    /// <summary>
    /// The prepared block, if the worker has prepared it (Found), and whether it shows anything (Model). Counts as shown.
    /// While this node's worker is still preparing it, nothing is read (not found) unless <paramref name="readRowWhilePending"/>.
    /// </summary>
    public virtual async Task<(bool Found, ShareWidgetModel Model)> FindPreparedAsync(int orderId, Customer customer, bool readRowWhilePending = false) =>
        await ReadPreparedAsync(orderId, customer, readRowWhilePending, countAsShown: true);

    /// <summary>
    /// The campaign's choice for the thank-you recommendation block beside its share block (products, 0 none), or null —
    /// the store's setting — when the order has no share block (yet). Read without counting the share block as shown.
    /// </summary>
    public virtual async Task<(bool Known, int? Choice)> ThankYouRecommendationsOfAsync(int orderId, Customer customer)
    {
        var (found, model) = await ReadPreparedAsync(orderId, customer, readRowWhilePending: false, countAsShown: false);
        return (found, found ? model?.ThankYouRecommendations : null);
    }

    /// <summary>The campaign's choice once its share block is prepared (a placeholder's own request): waits briefly, then the store's setting.</summary>
    public virtual async Task<int?> AwaitThankYouRecommendationsAsync(int orderId, Customer customer, CancellationToken aborted)
    {
        var until = DateTime.UtcNow + PreparedWait;
        while (true)
        {
            var (found, model) = await ReadPreparedAsync(orderId, customer, readRowWhilePending: true, countAsShown: false);
            if (found || DateTime.UtcNow >= until)
                return model?.ThankYouRecommendations;
            await Task.Delay(PreparedRowPoll, aborted);
        }
    }

    // the prepared block once found in this request (the thank-you page asks for it twice: the share block and, for its
    // campaign's choice, the recommendation block), so its row is read and its JSON parsed once
    private (int OrderId, int CustomerId, ShareWidgetModel Model)? _foundInRequest;

    protected virtual async Task<(bool Found, ShareWidgetModel Model)> ReadPreparedAsync(int orderId, Customer customer, bool readRowWhilePending, bool countAsShown)
    {
        if (_foundInRequest is { } found && found.OrderId == orderId && found.CustomerId == customer.Id)
            return (true, Shown(found.Model));
        var read = await ReadPreparedUncachedAsync(orderId, customer, readRowWhilePending);
        if (read.Found)
            _foundInRequest = (orderId, customer.Id, read.Model);
        return (read.Found, Shown(read.Model));

        ShareWidgetModel Shown(ShareWidgetModel model)
        {
            if (countAsShown && model is not null)
                _analyticsEventService.RecordExposure(model.CampaignId, model.Variant, customer.Id, ThankYouPlacement);
            return model;
        }
    }

    protected virtual async Task<(bool Found, ShareWidgetModel Model)> ReadPreparedUncachedAsync(int orderId, Customer customer, bool readRowWhilePending)
    {
        int preparedFor;
        string modelJson;
        if (_preparedMemory.TryRecall(orderId, DateTime.UtcNow, out var held) && !(held.IsPending && readRowWhilePending))
        {
            if (held.IsPending)
                return (false, null); //placed on this node a moment ago: its worker is preparing the block
            //prepared on this node a moment ago: the same block as its row, without reading it
            (preparedFor, modelJson) = (held.CustomerId, held.ModelJson);
        }
        else
        {
            var prepared = await _preparedRepository.Table.FirstOrDefaultAsync(p => p.OrderId == orderId);
            if (prepared is null)
                return (false, null);
            (preparedFor, modelJson) = (prepared.CustomerId, prepared.ModelJson);
        }
        if (preparedFor != customer.Id || modelJson is null)
            return (true, null);
        return (true, JsonSerializer.Deserialize<ShareWidgetModel>(modelJson));
    }

    /// <summary>How long the block's own request waits for the worker before deciding itself.</summary>
    public static readonly TimeSpan PreparedWait = TimeSpan.FromSeconds(3);

    /// <summary>The block for the page's placeholder: the prepared one as soon as it exists, else decided now.</summary>
    public virtual async Task<ShareWidgetModel> AwaitForOrderAsync(Order order, Customer customer, CancellationToken aborted)
    {
        //this node's worker usually prepares it within moments (watched in memory); another node's shows in its row
        var until = DateTime.UtcNow + PreparedWait;
        var nextRowRead = DateTime.MinValue;
        while (true)
        {
            var now = DateTime.UtcNow;
            var preparedHere = _preparedMemory.TryRecall(order.Id, now, out var held) && !held.IsPending;
            if (preparedHere || now >= nextRowRead)
            {
                var (found, model) = await FindPreparedAsync(order.Id, customer, readRowWhilePending: true);
                if (found)
                    return model;
                nextRowRead = now + PreparedRowPoll;
            }
            if (now >= until)
                return await PrepareAsync(customer, CampaignTriggers.OrderPlaced, ThankYouPlacement, order);
            await Task.Delay(PreparedMemoryPoll, aborted);
        }
    }

    protected static readonly TimeSpan PreparedMemoryPoll = TimeSpan.FromMilliseconds(10);
    protected static readonly TimeSpan PreparedRowPoll = TimeSpan.FromMilliseconds(250);

    /// <summary>Prepared blocks older than <paramref name="beforeUtc"/> go (a later visit of the page decides again).</summary>
    public virtual Task<int> PurgePreparedAsync(DateTime beforeUtc)
    {
        _preparedMemory.ForgetExpired(DateTime.UtcNow);
        return _preparedRepository.Table.Where(p => p.CreatedOnUtc < beforeUtc).DeleteAsync();
    }

    /// <summary>GDPR: the prepared blocks hold the customer's name.</summary>
    public virtual Task<int> DeletePreparedOfCustomerAsync(int customerId)
    {
        _preparedMemory.ForgetCustomer(customerId);
        return _preparedRepository.Table.Where(p => p.CustomerId == customerId).DeleteAsync();
    }

    protected virtual async Task<Moment> CurrentMomentAsync()
    {
        var language = await _workContext.GetWorkingLanguageAsync();
        return new Moment(await _storeContext.GetCurrentStoreAsync(), language.UniqueSeoCode, language.Id);
    }

    protected virtual async Task<Moment> MomentAsync(int storeId, int languageId)
    {
        var store = await _storeService.GetStoreByIdAsync(storeId) ?? await _storeContext.GetCurrentStoreAsync();
        var language = await _languageService.GetLanguageByIdAsync(languageId);
        if (language is null || !language.Published)
            language = (await _languageService.GetAllLanguagesAsync(storeId: store.Id)).FirstOrDefault() ?? await _workContext.GetWorkingLanguageAsync();
        return new Moment(store, language.UniqueSeoCode, language.Id);
    }

    protected virtual async Task<ShareWidgetModel> DecideAsync(Customer customer, CampaignTriggers trigger, string placement, Order order, bool render, Moment moment)
    {
        var programme = await _programmeService.GetForStoreAsync(moment.Store);
        if (programme is null || customer is null)
            return null;

        var store = moment.Store;
        var language = moment.LanguageCode;
        var context = await _snapshotFactory.ContextAsync(customer, store.Id, language, order);
        var shopperKey = ShopperKey(customer);
        var stored = await _assignmentService.GetForShopperAsync(shopperKey);

        var decision = programme.DecideWidget(new WidgetRequest
        {
            Trigger = trigger,
            Context = context,
            ShopperKey = shopperKey,
            StoredAssignments = stored.AsReadOnly(),
            Usage = await _campaignUsageService.UsageAsync(programme.Campaigns),
            Bandit = await _campaignUsageService.BanditAsync(programme)
        });

        foreach (var assignment in decision.NewAssignments)
            await _assignmentService.InsertOnceAsync(shopperKey, assignment.ExperimentKey, assignment.ArmKey);

        if (!decision.Show)
        {
            if (decision.IsHoldout)
                await _analyticsEventService.InsertAsync(FlockEventKinds.HoldoutSkipped, 0, decision.ExperimentKey, customer.Id);
            return null;
        }

        var campaignId = decision.CampaignId!.Value;
        var referrer = await _referrerService.GetOrCreateAsync(customer.Id, campaignId, decision.VariantKey);
        if (referrer.IsBlocked || !render)
            return null;

        return await RenderAsync(programme, decision, customer, referrer, moment, placement, order);
    }

    /// <summary>The block for the "Invite friends" page; the engine decides which campaign and variant it shows.</summary>
    public virtual async Task<ShareWidgetModel> PrepareForAccountAsync(Customer customer, string placement)
    {
        var programme = await _programmeService.GetAsync();
        if (programme is null)
            return null;

        var moment = await CurrentMomentAsync();
        var store = moment.Store;
        var language = moment.LanguageCode;
        var referrer = await _referrerService.GetByCustomerIdAsync(customer.Id);
        var shopperKey = ShopperKey(customer);
        var decision = programme.DecideForAccount(new AccountWidgetRequest
        {
            Context = await _snapshotFactory.ContextAsync(customer, store.Id, language),
            ShopperKey = shopperKey,
            StoredAssignments = (await _assignmentService.GetForShopperAsync(shopperKey)).AsReadOnly(),
            ReferrerCampaignId = referrer?.CampaignId,
            ReferrerVariantKey = referrer?.Variant,
            Usage = await _campaignUsageService.UsageAsync(programme.Campaigns),
            Bandit = await _campaignUsageService.BanditAsync(programme)
        });
        foreach (var assignment in decision.NewAssignments)
            await _assignmentService.InsertOnceAsync(shopperKey, assignment.ExperimentKey, assignment.ArmKey);
        if (!decision.Show)
            return null;

        referrer ??= await _referrerService.GetOrCreateAsync(customer.Id, decision.CampaignId!.Value, decision.VariantKey);
        if (referrer.IsBlocked)
            return null;
        var model = await RenderAsync(programme, decision, customer, referrer, moment, placement, null);
        _analyticsEventService.RecordExposure(model.CampaignId, model.Variant, customer.Id, placement);
        return model;
    }

    public static string ShopperKey(Customer customer) => customer.CustomerGuid.ToString("N");

    protected virtual async Task<ShareWidgetModel> RenderAsync(ReferralProgramme programme, WidgetDecision decision, Customer customer,
        FlockReferrer referrer, Moment moment, string placement, Order order)
    {
        var currency = order is null ? await _workContext.GetWorkingCurrencyAsync() : null;
        var language = moment.LanguageCode;
        var storeName = moment.Store.Name;
        var content = programme.RenderWidget(decision, new WidgetRenderInput
        {
            ReferrerCode = referrer.Code,
            FirstName = customer.FirstName,
            LastName = customer.LastName,
            OrderNumber = order is null ? null : (string.IsNullOrEmpty(order.CustomOrderNumber) ? order.Id.ToString() : order.CustomOrderNumber),
            OrderTotal = order is null ? null : Math.Round(order.OrderTotal * order.CurrencyRate, 2),
            OrderPlacedAt = order is null ? null : _snapshotFactory.InStoreZone(order.CreatedOnUtc),
            Currency = new CurrencyModel(order?.CustomerCurrencyCode ?? currency!.CurrencyCode),
            Language = language,
            StoreName = storeName
        });
        if (content.Problems.Count > 0)
            await _logger.WarningAsync($"Flock: widget of campaign {decision.CampaignId} rendered with problems: {string.Join("; ", content.Problems)}");

        var buttons = new List<ShareButtonModel>();
        foreach (var target in content.ShareTargets)
        {
            var slug = target.Channel.Slug();
            var label = await _localizationService.GetResourceAsync($"{FlockDefaults.ResourcePrefix}.Channel.{slug}", moment.LanguageId);
            buttons.Add(target switch
            {
                ShareUrlTarget url => new ShareButtonModel { Channel = slug, Kind = "url", Label = label, Url = url.Url },
                CopyLinkTarget copy => new ShareButtonModel { Channel = slug, Kind = "copy", Label = label, TextToCopy = copy.TextToCopy },
                NativeShareTarget native => new ShareButtonModel { Channel = slug, Kind = "native", Label = label, Title = native.Title, Text = native.Text, Url = native.Url },
                EmbedSnippetTarget embed => new ShareButtonModel { Channel = slug, Kind = "embed", Label = label, TextToCopy = embed.Html },
                QrCodeTarget => new ShareButtonModel { Channel = slug, Kind = "qr", Label = label },
                _ => new ShareButtonModel { Channel = slug, Kind = "url", Label = label, Url = target.Link }
            });
        }

        return new ShareWidgetModel
        {
            Html = content.Html,
            CustomCss = content.CustomCss,
            ThankYouRecommendations = content.ThankYouRecommendations,
            Link = content.Link,
            ShareMessage = content.ShareMessage,
            Buttons = buttons,
            ReferrerCode = referrer.Code,
            EmbedSnippet = content.EmbedSnippet,
            ImageUrl = content.ImageUrl,
            CampaignId = decision.CampaignId!.Value,
            Variant = content.VariantKey,
            Placement = placement
        };
    }
}
