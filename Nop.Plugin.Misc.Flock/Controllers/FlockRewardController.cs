using Flock.Engine.Referrals.Rewards.Ledger;
using Microsoft.AspNetCore.Mvc;
using Nop.Core;
using Nop.Plugin.Misc.Flock.Factories;
using Nop.Plugin.Misc.Flock.Models.Admin;
using Nop.Plugin.Misc.Flock.Services;
using Nop.Services.Localization;
using Nop.Services.Messages;
using Nop.Web.Framework;
using Nop.Web.Framework.Controllers;
using Nop.Web.Framework.Mvc.Filters;
using Nop.Plugin.Misc.Flock.Services.Referrals;

namespace Nop.Plugin.Misc.Flock.Controllers;

/// <summary>The rewards ledger: grid, detail with history, manual approve / revoke through the engine's state machine.</summary>
[AuthorizeAdmin]
[Area(AreaNames.ADMIN)]
[AutoValidateAntiforgeryToken]
public class FlockRewardController : BasePluginController
{
    protected const string ViewPath = "~/Plugins/Misc.Flock/Views/Admin/";

    protected readonly RewardService _rewardService;
    protected readonly RewardLedgerService _ledgerService;
    protected readonly FlockReportFactory _reportFactory;
    protected readonly ILocalizationService _localizationService;
    protected readonly INotificationService _notificationService;
    protected readonly IWorkContext _workContext;

    public FlockRewardController(RewardService rewardService,
        RewardLedgerService ledgerService,
        FlockReportFactory reportFactory,
        ILocalizationService localizationService,
        INotificationService notificationService,
        IWorkContext workContext)
    {
        _rewardService = rewardService;
        _ledgerService = ledgerService;
        _reportFactory = reportFactory;
        _localizationService = localizationService;
        _notificationService = notificationService;
        _workContext = workContext;
    }

    protected Task<string> T(string key) => _localizationService.GetResourceAsync($"{FlockDefaults.ResourcePrefix}.Admin.{key}");

    [CheckPermission(FlockDefaults.Permissions.ManageRewards)]
    public async Task<IActionResult> List(string state, int referralId = 0)
    {
        var model = new RewardSearchModel { SearchState = state, SearchReferralId = referralId, AvailableCampaigns = await _reportFactory.CampaignOptionsAsync() };
        model.SetGridPageSize();
        return View(ViewPath + "Rewards.cshtml", model);
    }

    [HttpPost]
    [CheckPermission(FlockDefaults.Permissions.ManageRewards)]
    public async Task<IActionResult> ListJson(RewardSearchModel searchModel) =>
        Json(await _reportFactory.PrepareRewardListAsync(searchModel));

    [CheckPermission(FlockDefaults.Permissions.ManageRewards)]
    public async Task<IActionResult> Export(RewardSearchModel searchModel)
    {
        var rows = await _reportFactory.AllRewardsAsync(searchModel);
        var bytes = CsvExport.Write(["id", "beneficiary_customer_id", "beneficiary", "role", "cause", "order_id", "campaign", "kind", "amount", "state", "requires_approval", "coupon", "created", "updated", "settles_at"],
            rows.Select(r => new object[] { r.Id, r.BeneficiaryCustomerId, r.Beneficiary, r.Role, r.Cause, r.OrderId, r.Campaign, r.Kind, r.Amount, r.State, r.RequiresApproval, r.Coupon, r.CreatedOn, r.UpdatedOn, r.SettlesAt }));
        return File(bytes, "text/csv", $"flock-rewards-{DateTime.UtcNow:yyyyMMdd}.csv");
    }

    [CheckPermission(FlockDefaults.Permissions.ManageRewards)]
    public async Task<IActionResult> Detail(int id)
    {
        var reward = await _rewardService.GetByIdAsync(id);
        if (reward is null)
            return RedirectToAction(nameof(List));
        return View(ViewPath + "RewardDetail.cshtml", await _reportFactory.PrepareRewardDetailAsync(reward));
    }

    [HttpPost]
    [CheckPermission(FlockDefaults.Permissions.ManageRewards)]
    public Task<IActionResult> Approve(int id, string reason) => ApplyAsync(id, reason, approve: true);

    [HttpPost]
    [CheckPermission(FlockDefaults.Permissions.ManageRewards)]
    public Task<IActionResult> Revoke(int id, string reason) => ApplyAsync(id, reason, approve: false);

    /// <summary>AdminApproved / AdminRevoked via RewardTransitions (inside RewardLedgerService: row persisted first, then each effect carried out once).</summary>
    protected virtual async Task<IActionResult> ApplyAsync(int id, string reason, bool approve)
    {
        var reward = await _rewardService.GetByIdAsync(id);
        if (reward is null)
            return RedirectToAction(nameof(List));

        if (string.IsNullOrWhiteSpace(reason))
        {
            if (!approve)
            {
                _notificationService.ErrorNotification(await T("Rewards.ReasonRequired"));
                return RedirectToAction(nameof(Detail), new { id });
            }
            reason = "approved by admin";
        }

        var customer = await _workContext.GetCurrentCustomerAsync();
        var actor = string.IsNullOrEmpty(customer.Email) ? $"customer #{customer.Id}" : customer.Email;
        var now = DateTimeOffset.UtcNow;
        AdminLedgerEvent adminEvent = approve
            ? new AdminApproved { At = now, CauseKey = reward.CauseKey, Actor = actor, Reason = reason.Trim() }
            : new AdminRevoked { At = now, CauseKey = reward.CauseKey, Actor = actor, Reason = reason.Trim() };

        var rejection = await _ledgerService.ApplyAdminEventAsync(reward, adminEvent, now);
        if (rejection is not null)
            _notificationService.ErrorNotification(rejection);
        else
            _notificationService.SuccessNotification(await T(approve ? "Rewards.Approved" : "Rewards.Revoked"));

        return RedirectToAction(nameof(Detail), new { id });
    }
}
