using System.Collections.Concurrent;
using Flock.Engine.Campaigns;
using Flock.Engine.Programme;
using Nop.Core;
using Nop.Plugin.Misc.Flock.Domain;
using Nop.Services.Configuration;
using Nop.Services.Logging;

namespace Nop.Plugin.Misc.Flock.Services;

/// <summary>
/// The one door to the engine's <see cref="ReferralProgramme"/>: built from the stored campaigns and settings, cached
/// per store and rebuilt when the programme's version stamp changes (a campaign or the settings were saved, on any
/// web-farm node: the stamp lives in the shared settings).
/// </summary>
public class ProgrammeService
{
    protected static readonly ConcurrentDictionary<int, (string Stamp, ReferralProgramme Programme)> Cache = new();

    protected readonly ILogger _logger;
    protected readonly ISettingService _settingService;
    protected readonly IStoreContext _storeContext;
    protected readonly CampaignService _campaignService;

    public ProgrammeService(ILogger logger,
        ISettingService settingService,
        IStoreContext storeContext,
        CampaignService campaignService)
    {
        _logger = logger;
        _settingService = settingService;
        _storeContext = storeContext;
        _campaignService = campaignService;
    }

    /// <summary>The current store's programme, or null when Flock is off or has no usable campaign.</summary>
    public virtual async Task<ReferralProgramme> GetAsync()
    {
        var store = await _storeContext.GetCurrentStoreAsync();
        var settings = await _settingService.LoadSettingAsync<FlockSettings>(store.Id);
        if (!settings.Enabled)
            return null;

        var stamp = $"{settings.ProgrammeVersionStamp}|{settings.ReferralRoutePrefix}|{settings.ReturnWindowDays}|{store.Url}";
        if (Cache.TryGetValue(store.Id, out var cached) && cached.Stamp == stamp)
            return cached.Programme;

        var programme = await BuildAsync(store.Url, settings);
        if (programme is not null)
            Cache[store.Id] = (stamp, programme);
        return programme;
    }

    /// <summary>Engine configs of the stored campaigns (archived ones left out; invalid ones logged and skipped).</summary>
    public virtual async Task<IList<CampaignConfig>> LoadConfigsAsync()
    {
        var configs = new List<CampaignConfig>();
        foreach (var row in await _campaignService.GetAllAsync())
        {
            var config = await ToConfigAsync(row);
            if (config is not null && config.Status != CampaignStatus.Archived)
                configs.Add(config);
        }
        return configs;
    }

    /// <summary>The row's columns are authoritative for id, name, status, priority and version.</summary>
    public virtual async Task<CampaignConfig> ToConfigAsync(FlockCampaign row)
    {
        var parsed = CampaignConfigJson.Parse(row.ConfigJson);
        if (!parsed.IsValid)
        {
            await _logger.WarningAsync($"Flock: campaign {row.Id} '{row.Name}' is invalid and was skipped: {string.Join("; ", parsed.Problems)}");
            return null;
        }

        return parsed.Config! with
        {
            Id = row.Id,
            Name = row.Name,
            Status = Enum.TryParse<CampaignStatus>(row.Status, out var status) ? status : CampaignStatus.Draft,
            Priority = row.Priority,
            Version = row.Version
        };
    }

    protected virtual async Task<ReferralProgramme> BuildAsync(string storeUrl, FlockSettings settings)
    {
        try
        {
            var configs = await LoadConfigsAsync();
            return new ReferralProgramme(configs.ToArray(), new ProgrammeSettings
            {
                StoreBaseUrl = (storeUrl ?? "").TrimEnd('/'),
                ReferralRoutePrefix = settings.ReferralRoutePrefix,
                EmailHashSecret = Convert.FromBase64String(settings.EmailHashSecret),
                ReturnWindowDays = settings.ReturnWindowDays
            });
        }
        catch (Exception exception)
        {
            await _logger.ErrorAsync("Flock: the referral programme could not be built", exception);
            return null;
        }
    }
}
