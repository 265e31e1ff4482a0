using Flock.Engine.Campaigns;
using Flock.Engine.Programme;
using Flock.Engine.Referrals;
using Flock.Engine.Templates;
using Nop.Core;
using Nop.Core.Domain.Customers;
using Nop.Core.Domain.Orders;
using Nop.Plugin.Misc.Flock.Domain;
using Nop.Plugin.Misc.Flock.Factories;
using Nop.Plugin.Misc.Flock.Models;
using Nop.Services.Localization;
using Nop.Services.Logging;

namespace Nop.Plugin.Misc.Flock.Services;

/// <summary>
/// Prepares the share block for a shopper at one moment (order placed, registered...): the engine decides whether and
/// what to show; this service stores the new assignments and the exposure, and makes sure the shopper has a code.
/// </summary>
public class ShareWidgetService
{
    protected readonly ILocalizationService _localizationService;
    protected readonly ILogger _logger;
    protected readonly IStoreContext _storeContext;
    protected readonly IWorkContext _workContext;
    protected readonly AnalyticsEventService _analyticsEventService;
    protected readonly AssignmentService _assignmentService;
    protected readonly CampaignUsageService _campaignUsageService;
    protected readonly ProgrammeService _programmeService;
    protected readonly ReferrerService _referrerService;
    protected readonly SnapshotFactory _snapshotFactory;

    public ShareWidgetService(ILocalizationService localizationService,
        ILogger logger,
        IStoreContext storeContext,
        IWorkContext workContext,
        AnalyticsEventService analyticsEventService,
        AssignmentService assignmentService,
        CampaignUsageService campaignUsageService,
        ProgrammeService programmeService,
        ReferrerService referrerService,
        SnapshotFactory snapshotFactory)
    {
        _localizationService = localizationService;
        _logger = logger;
        _storeContext = storeContext;
        _workContext = workContext;
        _analyticsEventService = analyticsEventService;
        _assignmentService = assignmentService;
        _campaignUsageService = campaignUsageService;
        _programmeService = programmeService;
        _referrerService = referrerService;
        _snapshotFactory = snapshotFactory;
    }

    /// <summary>The share block for this shopper and trigger, or null (no campaign, holdout, blocked, Flock off).</summary>
    public virtual async Task<ShareWidgetModel> PrepareAsync(Customer customer, CampaignTriggers trigger, string placement, Order order = null) =>
        await DecideAsync(customer, trigger, placement, order, render: true);

    /// <summary>
    /// A useful action happened away from any page that can show the block (registration, newsletter): decide now so
    /// the assignment sticks and the customer has a code; the account page shows the block.
    /// </summary>
    public virtual Task EnsureReferrerAsync(Customer customer, CampaignTriggers trigger) =>
        DecideAsync(customer, trigger, null, null, render: false);

    protected virtual async Task<ShareWidgetModel> DecideAsync(Customer customer, CampaignTriggers trigger, string placement, Order order, bool render)
    {
        var programme = await _programmeService.GetAsync();
        if (programme is null || customer is null)
            return null;

        var store = await _storeContext.GetCurrentStoreAsync();
        var language = (await _workContext.GetWorkingLanguageAsync()).UniqueSeoCode;
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

        return await RenderAsync(programme, decision, customer, referrer, language, placement, order, store.Name);
    }

    /// <summary>The block for the "Invite friends" page; the engine decides which campaign and variant it shows.</summary>
    public virtual async Task<ShareWidgetModel> PrepareForAccountAsync(Customer customer, string placement)
    {
        var programme = await _programmeService.GetAsync();
        if (programme is null)
            return null;

        var store = await _storeContext.GetCurrentStoreAsync();
        var language = (await _workContext.GetWorkingLanguageAsync()).UniqueSeoCode;
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
        return await RenderAsync(programme, decision, customer, referrer, language, placement, null, store.Name);
    }

    public static string ShopperKey(Customer customer) => customer.CustomerGuid.ToString("N");

    protected virtual async Task<ShareWidgetModel> RenderAsync(ReferralProgramme programme, WidgetDecision decision, Customer customer,
        FlockReferrer referrer, string language, string placement, Order order, string storeName)
    {
        var currency = await _workContext.GetWorkingCurrencyAsync();
        var content = programme.RenderWidget(decision, new WidgetRenderInput
        {
            ReferrerCode = referrer.Code,
            FirstName = customer.FirstName,
            LastName = customer.LastName,
            OrderNumber = order is null ? null : (string.IsNullOrEmpty(order.CustomOrderNumber) ? order.Id.ToString() : order.CustomOrderNumber),
            OrderTotal = order is null ? null : Math.Round(order.OrderTotal * order.CurrencyRate, 2),
            OrderPlacedAt = order is null ? null : _snapshotFactory.InStoreZone(order.CreatedOnUtc),
            Currency = new CurrencyModel(order?.CustomerCurrencyCode ?? currency.CurrencyCode),
            Language = language,
            StoreName = storeName
        });
        if (content.Problems.Count > 0)
            await _logger.WarningAsync($"Flock: widget of campaign {decision.CampaignId} rendered with problems: {string.Join("; ", content.Problems)}");

        await _analyticsEventService.InsertAsync(FlockEventKinds.WidgetShown, decision.CampaignId!.Value, content.VariantKey, customer.Id, placement);

        var buttons = new List<ShareButtonModel>();
        foreach (var target in content.ShareTargets)
        {
            var slug = target.Channel.Slug();
            var label = await _localizationService.GetResourceAsync($"{FlockDefaults.ResourcePrefix}.Channel.{slug}");
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
