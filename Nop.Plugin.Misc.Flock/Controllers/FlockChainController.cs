using Flock.Engine.Chains;
using Flock.Engine.Common;
using Microsoft.AspNetCore.Mvc;
using Nop.Plugin.Misc.Flock.Factories;
using Nop.Plugin.Misc.Flock.Models.Admin;
using Nop.Plugin.Misc.Flock.Services.Chains;
using Nop.Services.Localization;
using Nop.Services.Messages;
using Nop.Web.Framework;
using Nop.Web.Framework.Controllers;
using Nop.Web.Framework.Mvc.Filters;

namespace Nop.Plugin.Misc.Flock.Controllers;

/// <summary>
/// Trigger chains in the admin: the list with each chain's effect against its holdout, the gallery (launch in one click,
/// then edit), a chain's page (steps in words with their counts, versions, failing actions, the value editor that saves
/// a new version) and a customer's timeline.
/// </summary>
[AuthorizeAdmin]
[Area(AreaNames.ADMIN)]
[AutoValidateAntiforgeryToken]
public class FlockChainController : BasePluginController
{
    protected const string ViewPath = "~/Plugins/Misc.Flock/Views/Admin/";

    protected readonly ILocalizationService _localizationService;
    protected readonly IMessageTemplateService _messageTemplateService;
    protected readonly INotificationService _notificationService;
    protected readonly ChainModelFactory _modelFactory;
    protected readonly ChainService _chainService;

    public FlockChainController(ILocalizationService localizationService,
        IMessageTemplateService messageTemplateService,
        INotificationService notificationService,
        ChainModelFactory modelFactory,
        ChainService chainService)
    {
        _localizationService = localizationService;
        _messageTemplateService = messageTemplateService;
        _notificationService = notificationService;
        _modelFactory = modelFactory;
        _chainService = chainService;
    }

    protected Task<string> T(string key) => _localizationService.GetResourceAsync($"{FlockDefaults.ResourcePrefix}.Admin.{key}");

    [CheckPermission(FlockDefaults.Permissions.ManageCampaigns)]
    public async Task<IActionResult> List() => View(ViewPath + "Chains.cshtml", await _modelFactory.PrepareListAsync());

    [HttpPost]
    [CheckPermission(FlockDefaults.Permissions.ManageCampaigns)]
    public async Task<IActionResult> Launch(string scenario)
    {
        try
        {
            var chain = await _chainService.LaunchScenarioAsync(scenario ?? "");
            _notificationService.SuccessNotification(string.Format(await T("Chains.Launched"), chain.Name));
            return RedirectToAction(nameof(Edit), new { key = chain.Key });
        }
        catch (Exception exception) when (exception is ArgumentException or InvalidOperationException)
        {
            _notificationService.ErrorNotification(exception.Message);
            return RedirectToAction(nameof(List));
        }
    }

    [HttpPost]
    [CheckPermission(FlockDefaults.Permissions.ManageCampaigns)]
    public async Task<IActionResult> Lifecycle(string key, string lifecycle)
    {
        if (!Enum.TryParse<ChainLifecycle>(lifecycle, out var target) || !Enum.IsDefined(target))
            return BadRequest();
        try
        {
            await _chainService.SetLifecycleAsync(key, target);
            _notificationService.SuccessNotification(string.Format(await T("Chains.LifecycleChanged"), key, target));
        }
        catch (InvalidOperationException exception)
        {
            _notificationService.ErrorNotification(exception.Message);
        }
        return RedirectToAction(nameof(Edit), new { key });
    }

    [CheckPermission(FlockDefaults.Permissions.ManageCampaigns)]
    public async Task<IActionResult> Edit(string key)
    {
        var model = await _modelFactory.PrepareDetailAsync(key);
        return model is null ? RedirectToAction(nameof(List)) : View(ViewPath + "ChainEdit.cshtml", model);
    }

    /// <summary>Saves the edited values as the chain's next version: everyone inside keeps the version they entered on.</summary>
    [HttpPost]
    [CheckPermission(FlockDefaults.Permissions.ManageCampaigns)]
    public async Task<IActionResult> Edit(ChainEditModel edit)
    {
        var chain = await _chainService.GetAsync(edit?.Key ?? "");
        if (chain is null)
            return RedirectToAction(nameof(List));
        //a field that did not read (letters in a number) is an error, not a silently dropped change
        var unreadable = ModelState.Where(m => m.Value.Errors.Count > 0)
            .Select(m => $"{m.Key}: {m.Value.Errors.First().ErrorMessage}".TrimEnd(' ', ':')).ToList();
        if (unreadable.Count > 0)
            return View(ViewPath + "ChainEdit.cshtml", await _modelFactory.PrepareDetailAsync(chain.Key, edit, unreadable));
        try
        {
            var current = (await _chainService.GetCompiledAsync(chain.Key, chain.CurrentVersion)).Definition;
            var edited = ChainModelFactory.Apply(current, edit);
            //a template name with a typo would fail every send of the step until its deadline: refused before saving
            var missing = new List<global::Flock.Engine.Common.Problem>();
            foreach (var send in edited.Steps.OfType<SendStep>())
                if ((await _messageTemplateService.GetMessageTemplatesByNameAsync(send.Template)).Count == 0)
                    missing.Add(new($"steps[{send.Id}].template", $"no message template is named '{send.Template}' (Content management → Message templates)"));
            if (missing.Count > 0)
                throw new FlockValidationException("chain", missing);
            var version = await _chainService.SaveVersionAsync(edited);
            _notificationService.SuccessNotification(string.Format(await T("Chains.Saved"), version));
            return RedirectToAction(nameof(Edit), new { key = chain.Key });
        }
        catch (FlockValidationException exception)
        {
            var errors = exception.Problems.Select(p => p.ToString()).ToList();
            return View(ViewPath + "ChainEdit.cshtml", await _modelFactory.PrepareDetailAsync(chain.Key, edit, errors));
        }
        catch (InvalidOperationException exception)
        {
            return View(ViewPath + "ChainEdit.cshtml", await _modelFactory.PrepareDetailAsync(chain.Key, edit, [exception.Message]));
        }
    }

    [CheckPermission(FlockDefaults.Permissions.ViewReports)]
    public async Task<IActionResult> Timeline(int customerId) =>
        View(ViewPath + "CustomerTimeline.cshtml", await _modelFactory.PrepareTimelineAsync(customerId));
}
