using System.Net;
using Flock.Engine.Referrals.Campaigns;
using Flock.Engine.Referrals.Programme;
using Flock.Engine.Templates;
using Microsoft.AspNetCore.Mvc;
using Nop.Data;
using Nop.Plugin.Misc.Flock.Domain;
using Nop.Plugin.Misc.Flock.Factories;
using Nop.Plugin.Misc.Flock.Models.Admin;
using Nop.Plugin.Misc.Flock.Services;
using Nop.Services.Localization;
using Nop.Services.Messages;
using CampaignService = Nop.Plugin.Misc.Flock.Services.Referrals.CampaignService;
using Nop.Web.Framework;
using Nop.Web.Framework.Controllers;
using Nop.Web.Framework.Mvc.Filters;
using Nop.Plugin.Misc.Flock.Services.Referrals;

namespace Nop.Plugin.Misc.Flock.Controllers;

/// <summary>Campaign list, editor (with the audience rule builder and live preview), copy, pause/resume, archive, experiment results.</summary>
[AuthorizeAdmin]
[Area(AreaNames.ADMIN)]
[AutoValidateAntiforgeryToken]
public class FlockCampaignController : BasePluginController
{
    protected const string ViewPath = "~/Plugins/Misc.Flock/Views/Admin/";

    protected readonly AudienceBuilderFactory _audienceBuilderFactory;
    protected readonly CampaignService _campaignService;
    protected readonly CampaignModelFactory _modelFactory;
    protected readonly FlockReportFactory _reportFactory;
    protected readonly ExperimentModelFactory _experimentModelFactory;
    protected readonly AdminProgrammeFactory _programmeFactory;
    protected readonly IRepository<FlockReferral> _referralRepository;
    protected readonly ILocalizationService _localizationService;
    protected readonly INotificationService _notificationService;

    public FlockCampaignController(AudienceBuilderFactory audienceBuilderFactory,
        CampaignService campaignService,
        CampaignModelFactory modelFactory,
        FlockReportFactory reportFactory,
        ExperimentModelFactory experimentModelFactory,
        AdminProgrammeFactory programmeFactory,
        IRepository<FlockReferral> referralRepository,
        ILocalizationService localizationService,
        INotificationService notificationService)
    {
        _audienceBuilderFactory = audienceBuilderFactory;
        _campaignService = campaignService;
        _modelFactory = modelFactory;
        _reportFactory = reportFactory;
        _experimentModelFactory = experimentModelFactory;
        _programmeFactory = programmeFactory;
        _referralRepository = referralRepository;
        _localizationService = localizationService;
        _notificationService = notificationService;
    }

    protected Task<string> T(string key) => _localizationService.GetResourceAsync($"{FlockDefaults.ResourcePrefix}.Admin.{key}");

    // ------------------------------------------------------------------ list

    [CheckPermission(FlockDefaults.Permissions.ManageCampaigns)]
    public IActionResult List()
    {
        var model = new CampaignSearchModel();
        model.SetGridPageSize();
        return View(ViewPath + "CampaignList.cshtml", model);
    }

    [HttpPost]
    [CheckPermission(FlockDefaults.Permissions.ManageCampaigns)]
    public async Task<IActionResult> ListJson(CampaignSearchModel searchModel) =>
        Json(await _reportFactory.PrepareCampaignListAsync(searchModel));

    // ------------------------------------------------------------------ create / edit

    [CheckPermission(FlockDefaults.Permissions.ManageCampaigns)]
    public async Task<IActionResult> Create()
    {
        //the default campaign's creatives as a starting point; no slug, so utm_campaign is campaign-{id} and never collides
        var config = DefaultCampaign.Create(1, "") with { Status = CampaignStatus.Draft, Slug = null };
        var model = _modelFactory.FromConfig(config, 0);
        return View(ViewPath + "CampaignEdit.cshtml", await _modelFactory.PrepareAsync(model));
    }

    [HttpPost]
    [CheckPermission(FlockDefaults.Permissions.ManageCampaigns)]
    public Task<IActionResult> Create(CampaignEditModel model, string command) => SaveAsync(model, command, null);

    [CheckPermission(FlockDefaults.Permissions.ManageCampaigns)]
    public async Task<IActionResult> Edit(int id)
    {
        var row = await _campaignService.GetByIdAsync(id);
        if (row is null)
            return RedirectToAction(nameof(List));
        var config = CampaignModelFactory.TryLoad(row, out var loadProblems);
        var model = _modelFactory.FromConfig(config ?? DefaultCampaign.Create(row.Id, row.Name ?? "") with { Status = CampaignStatus.Draft, Version = Math.Max(1, row.Version) }, row.Id);
        if (config is null)
        {
            //the stored JSON is not a valid campaign: show the defaults and what was wrong; saving replaces it
            model.Problems = loadProblems.Select(p => new ProblemModel(p.Path, p.Message)).ToList();
            _notificationService.WarningNotification(await T("Campaign.StoredInvalid"));
        }
        return View(ViewPath + "CampaignEdit.cshtml", await _modelFactory.PrepareAsync(model));
    }

    [HttpPost]
    [CheckPermission(FlockDefaults.Permissions.ManageCampaigns)]
    public async Task<IActionResult> Edit(CampaignEditModel model, string command)
    {
        var row = await _campaignService.GetByIdAsync(model.Id);
        if (row is null)
            return RedirectToAction(nameof(List));
        return await SaveAsync(model, command, row);
    }

    /// <summary>Add/remove creative levels (re-shows the form) or validate with the engine and save.</summary>
    protected virtual async Task<IActionResult> SaveAsync(CampaignEditModel model, string command, FlockCampaign row)
    {
        ModelState.Clear();
        BindOrderedLists(model);
        command ??= "save";
        if (command != "save" && command != "save-continue")
        {
            ApplyListCommand(model, command);
            return View(ViewPath + "CampaignEdit.cshtml", await _modelFactory.PrepareAsync(model));
        }

        var problems = new List<ProblemModel>();
        var config = _modelFactory.ToConfig(model, row?.Id ?? int.MaxValue, problems);
        if (row is not null)
            config = config.AsRevisionOf(CampaignModelFactory.Load(row), row.Version);
        problems.AddRange(CampaignModelFactory.ToProblems(config.Validate()));
        if (problems.Count == 0)
        {
            //the campaign must also fit next to the other live campaigns (unique slugs…), or the storefront programme would not build
            var others = (await _campaignService.GetAllAsync()).Where(c => c.Id != row?.Id).Select(CampaignModelFactory.Load).OfType<CampaignConfig>();
            problems.AddRange((await _programmeFactory.ProblemsInProgrammeAsync(config, others)).Select(p => new ProblemModel(p.Path, p.Message)));
        }
        if (string.IsNullOrWhiteSpace(config.Name))
            problems.Add(new ProblemModel("name", await T("Campaign.NameRequired")));

        if (problems.Count > 0)
        {
            model.Problems = problems.DistinctBy(p => (p.Path, p.Message)).ToList();
            _notificationService.ErrorNotification(string.Format(await T("Campaign.Invalid"), model.Problems.Count));
            return View(ViewPath + "CampaignEdit.cshtml", await _modelFactory.PrepareAsync(model));
        }

        if (row is null)
        {
            row = new FlockCampaign { Name = config.Name, Status = config.Status.ToString(), Priority = config.Priority, Version = config.Version, ConfigJson = "{}" };
            await _campaignService.InsertAsync(row);
        }
        config = config with { Id = row.Id };
        row.Name = config.Name;
        row.Status = config.Status.ToString();
        row.Priority = config.Priority;
        row.Version = config.Version;
        row.ConfigJson = CampaignConfigJson.Write(config);
        //UpdateAsync also touches the programme version stamp, so every node rebuilds its compiled programme
        await _campaignService.UpdateAsync(row);

        _notificationService.SuccessNotification(await T("Campaign.Saved"));
        return command == "save-continue"
            ? RedirectToAction(nameof(Edit), new { id = row.Id })
            : RedirectToAction(nameof(List));
    }

    /// <summary>
    /// Repeated form keys in posted (display) order. nopCommerce's StringModelBinder reads only the first value of a key,
    /// so string lists are taken from the form directly.
    /// </summary>
    protected virtual void BindOrderedLists(CampaignEditModel model)
    {
        if (!Request.HasFormContentType)
            return;
        var form = Request.Form;
        model.Channels = form["Channels"].Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v!).ToList();
        model.AttributionPriority = form["AttributionPriority"].Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v!).ToList();
        model.DaysOfWeek = form["DaysOfWeek"].Select(v => int.TryParse(v, out var d) ? d : -1).Where(d => d is >= 0 and <= 6).ToList();
        model.StoreIds = form["StoreIds"].Select(v => int.TryParse(v, out var id) ? id : 0).Where(id => id > 0).ToList();
    }

    protected static void ApplyListCommand(CampaignEditModel model, string command)
    {
        var parts = command.Split(':');
        var index = parts.Length > 1 && int.TryParse(parts[1], out var i) ? i : -1;
        static string NextId(IEnumerable<string> ids, string prefix)
        {
            var n = 1;
            while (ids.Contains(prefix + n)) n++;
            return prefix + n;
        }
        switch (parts[0])
        {
            case "add-motivation":
                var template = model.Motivations.LastOrDefault() ?? new MotivationEditModel();
                model.Motivations.Add(template with { Id = NextId(model.Motivations.Select(m => m.Id), "m"), Label = "", ReferrerReward = template.ReferrerReward with { }, FriendReward = template.FriendReward with { } });
                break;
            case "remove-motivation" when index >= 0 && index < model.Motivations.Count:
                model.Motivations.RemoveAt(index);
                break;
            case "add-text":
                var text = model.Texts.LastOrDefault() ?? new TextEditModel();
                model.Texts.Add(text with { Id = NextId(model.Texts.Select(t => t.Id), "t"), Label = "" });
                break;
            case "remove-text" when index >= 0 && index < model.Texts.Count:
                model.Texts.RemoveAt(index);
                break;
            case "add-picture":
                model.Pictures.Add(new PictureEditModel { Id = NextId(model.Pictures.Select(p => p.Id), "p") });
                break;
            case "remove-picture" when index >= 0 && index < model.Pictures.Count:
                model.Pictures.RemoveAt(index);
                break;
        }
    }

    /// <summary>
    /// The audience builder's product picker (select2 ajax): one page of products by name or SKU. A read-only GET, like
    /// nopCommerce's own admin lookups, so it needs no antiforgery token; the same permission as the editor.
    /// </summary>
    [HttpGet]
    [CheckPermission(FlockDefaults.Permissions.ManageCampaigns)]
    public async Task<IActionResult> SearchProducts(string q, int page = 1)
    {
        var found = await _audienceBuilderFactory.SearchProductsAsync(q, page);
        return Json(new { results = found.Results.Select(p => new { id = p.Value, text = p.Text }), pagination = new { more = found.More } });
    }

    // ------------------------------------------------------------------ preview

    /// <summary>
    /// Renders the widget through the engine with sample data. Returns JSON (never text/html): the widget HTML as data
    /// (escaped and sanitized by the engine) and problems with line:column. The admin page shows that HTML only inside
    /// an &lt;iframe sandbox=""&gt; (srcdoc), so campaign markup cannot run in the admin's session.
    /// </summary>
    [HttpPost]
    [CheckPermission(FlockDefaults.Permissions.ManageCampaigns)]
    public async Task<IActionResult> Preview(CampaignEditModel model, int previewMotivation, int previewText, string previewLanguage)
    {
        BindOrderedLists(model);
        var problems = new List<string>();
        var language = previewLanguage == "ru" ? "ru" : "en";
        var text = previewText >= 0 && previewText < model.Texts.Count ? model.Texts[previewText] : null;
        if (text is not null)
        {
            void Check(string source, TemplateOutputMode mode, string what)
            {
                if (string.IsNullOrWhiteSpace(source)) return;
                foreach (var d in TemplateCompiler.CompileUncached(source, mode).Diagnostics)
                    problems.Add($"{what} {d.Line}:{d.Column} {d.Severity}: {d.Message}");
            }
            Check(language == "ru" ? text.WidgetRu : text.WidgetEn, TemplateOutputMode.Html, "widget");
            Check(language == "ru" ? text.ShareRu : text.ShareEn, TemplateOutputMode.PlainText, "share message");
        }

        var parseProblems = new List<ProblemModel>();
        var config = _modelFactory.ToConfig(model, 1, parseProblems) with { Status = CampaignStatus.Active, Audience = null, Schedule = new ScheduleConfig(), StoreIds = [] };
        if (string.IsNullOrWhiteSpace(config.Name)) config = config with { Name = "Preview" };
        var validation = config.Validate();
        if (parseProblems.Count > 0 || !validation.IsValid)
        {
            problems.AddRange(parseProblems.Select(p => $"{p.Path}: {p.Message}"));
            problems.AddRange(validation.Problems.Select(p => $"{p.Path}: {p.Message}"));
            return Json(new { ok = false, html = "", problems = problems.Distinct() });
        }

        try
        {
            var programme = await _programmeFactory.BuildAsync([config]);
            var m = config.Creatives.Motivations[Math.Clamp(previewMotivation, 0, config.Creatives.Motivations.Count - 1)];
            var t = config.Creatives.Texts[Math.Clamp(previewText, 0, config.Creatives.Texts.Count - 1)];
            var p = config.Creatives.Pictures.FirstOrDefault();
            var variant = p is null ? $"{m.Id}-{t.Id}" : $"{m.Id}-{t.Id}-{p.Id}";
            var decision = new WidgetDecision
            {
                Show = true, Reason = "admin preview", CampaignId = config.Id, CampaignVersion = config.Version,
                MotivationId = m.Id, TextId = t.Id, PictureId = p?.Id, VariantKey = variant,
            };
            var content = programme.RenderWidget(decision, new WidgetRenderInput
            {
                ReferrerCode = "ANNA5K7Q",
                FirstName = language == "ru" ? "Анна" : "Anna",
                LastName = language == "ru" ? "Иванова" : "Smith",
                OrderNumber = "10452",
                OrderTotal = 2490.50m,
                OrderPlacedAt = DateTimeOffset.UtcNow,
                Language = language,
                StoreName = language == "ru" ? "Уютный магазин" : "Cosy Shop",
            });
            problems.AddRange(content.Problems);
            return Json(new
            {
                ok = true,
                html = content.Html,
                css = content.CustomCss,
                shareMessage = content.ShareMessage,
                link = content.Link,
                imageUrl = content.ImageUrl,
                usedFallback = content.UsedFallback,
                problems = problems.Distinct(),
            });
        }
        catch (Exception e)
        {
            problems.Add(e.Message);
            return Json(new { ok = false, html = "", problems = problems.Distinct() });
        }
    }

    // ------------------------------------------------------------------ copy / status / delete

    [HttpPost]
    [CheckPermission(FlockDefaults.Permissions.ManageCampaigns)]
    public async Task<IActionResult> Copy(int id)
    {
        var row = await _campaignService.GetByIdAsync(id);
        if (row is null)
            return RedirectToAction(nameof(List));
        var config = CampaignModelFactory.Load(row);
        if (config is null)
        {
            _notificationService.ErrorNotification(await T("Campaign.StoredInvalid"));
            return RedirectToAction(nameof(Edit), new { id });
        }
        var copy = new FlockCampaign { Name = config.Name + " (copy)", Status = nameof(CampaignStatus.Draft), Priority = config.Priority, Version = 1, ConfigJson = "{}" };
        await _campaignService.InsertAsync(copy);
        copy.ConfigJson = CampaignConfigJson.Write(config with { Id = copy.Id, Name = copy.Name, Slug = null, Status = CampaignStatus.Draft, Version = 1 });
        await _campaignService.UpdateAsync(copy);
        _notificationService.SuccessNotification(await T("Campaign.Copied"));
        return RedirectToAction(nameof(Edit), new { id = copy.Id });
    }

    [HttpPost]
    [CheckPermission(FlockDefaults.Permissions.ManageCampaigns)]
    public async Task<IActionResult> SetStatus(int id, string status)
    {
        var row = await _campaignService.GetByIdAsync(id);
        if (row is null || !Enum.TryParse<CampaignStatus>(status, out var newStatus))
            return RedirectToAction(nameof(List));
        var loaded = CampaignModelFactory.Load(row);
        if (loaded is null)
        {
            if (newStatus == CampaignStatus.Active)
            {
                _notificationService.ErrorNotification(await T("Campaign.StoredInvalid"));
                return RedirectToAction(nameof(Edit), new { id });
            }
            //an unreadable campaign is skipped by the programme anyway; only the column changes
            row.Status = newStatus.ToString();
            await _campaignService.UpdateAsync(row);
            _notificationService.SuccessNotification(await T("Campaign.StatusChanged"));
            return RedirectToAction(nameof(List));
        }
        var config = loaded with { Status = newStatus };
        var problems = config.Validate().Problems.ToList();
        if (problems.Count == 0)
            problems.AddRange(await _programmeFactory.ProblemsInProgrammeAsync(config,
                (await _campaignService.GetAllAsync()).Where(c => c.Id != id).Select(CampaignModelFactory.Load).OfType<CampaignConfig>()));
        if (problems.Count > 0 && newStatus != CampaignStatus.Archived)
        {
            _notificationService.ErrorNotification(string.Join("; ", problems.Select(p => p.ToString())));
            return RedirectToAction(nameof(Edit), new { id });
        }
        row.Status = newStatus.ToString();
        row.ConfigJson = CampaignConfigJson.Write(config);
        await _campaignService.UpdateAsync(row);
        _notificationService.SuccessNotification(await T("Campaign.StatusChanged"));
        return RedirectToAction(nameof(List));
    }

    /// <summary>Deletes a campaign without referrals; archives one that has them (its coupons must still be judged).</summary>
    [HttpPost]
    [CheckPermission(FlockDefaults.Permissions.ManageCampaigns)]
    public async Task<IActionResult> Delete(int id)
    {
        var row = await _campaignService.GetByIdAsync(id);
        if (row is null)
            return RedirectToAction(nameof(List));
        if (_referralRepository.Table.Any(r => r.CampaignId == id))
        {
            row.Status = nameof(CampaignStatus.Archived);
            if (CampaignModelFactory.Load(row) is { } archived)
                row.ConfigJson = CampaignConfigJson.Write(archived with { Status = CampaignStatus.Archived });
            await _campaignService.UpdateAsync(row);
            _notificationService.WarningNotification(await T("Campaign.Archived"));
        }
        else
        {
            await _campaignService.DeleteAsync(row);
            _notificationService.SuccessNotification(await T("Campaign.Deleted"));
        }
        return RedirectToAction(nameof(List));
    }

    // ------------------------------------------------------------------ experiment results

    /// <summary>The campaign against its holdout (causal), its creatives and competitors (attributed): ExperimentModelFactory.</summary>
    [CheckPermission(FlockDefaults.Permissions.ViewReports)]
    public async Task<IActionResult> Experiments(int id)
    {
        var row = await _campaignService.GetByIdAsync(id);
        if (row is null)
            return RedirectToAction(nameof(List));
        return View(ViewPath + "Experiments.cshtml", await _experimentModelFactory.PrepareAsync(row));
    }
}
