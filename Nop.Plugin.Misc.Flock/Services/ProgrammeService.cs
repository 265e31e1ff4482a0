using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
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
        var parsed = CampaignConfigJson.Parse(WithRowIdentity(row));
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

    /// <summary>The document may have been written before its row had an id: the row's id and name go in before validation.</summary>
    protected static string WithRowIdentity(FlockCampaign row)
    {
        try
        {
            if (JsonNode.Parse(row.ConfigJson ?? "") is not JsonObject document)
                return row.ConfigJson;
            document["id"] = row.Id;
            document["name"] = row.Name;
            return document.ToJsonString();
        }
        catch (JsonException)
        {
            return row.ConfigJson; //the engine reports the position of the problem
        }
    }

    protected virtual async Task<ReferralProgramme> BuildAsync(string storeUrl, FlockSettings settings)
    {
        ProgrammeSettings programmeSettings;
        IList<CampaignConfig> configs;
        try
        {
            programmeSettings = new ProgrammeSettings
            {
                StoreBaseUrl = (storeUrl ?? "").TrimEnd('/'),
                ReferralRoutePrefix = settings.ReferralRoutePrefix,
                EmailHashSecret = Convert.FromBase64String(settings.EmailHashSecret ?? ""),
                ReturnWindowDays = settings.ReturnWindowDays
            };
            configs = await LoadConfigsAsync();
        }
        catch (Exception exception)
        {
            await _logger.ErrorAsync("Flock: the referral programme could not be built", exception);
            return null;
        }

        try
        {
            return new ReferralProgramme(configs.ToArray(), programmeSettings);
        }
        catch (Exception exception)
        {
            await _logger.ErrorAsync($"Flock: invalid referral programme, building it without the campaigns that break it: {exception.Message}", exception);
        }

        //one bad campaign (say, a slug used twice) must not switch the whole programme off: keep every campaign
        //that builds together with the ones kept before it, in priority order
        var kept = new List<CampaignConfig>();
        ReferralProgramme programme = null;
        foreach (var config in configs)
        {
            try
            {
                programme = new ReferralProgramme([.. kept, config], programmeSettings);
                kept.Add(config);
            }
            catch (Exception exception)
            {
                await _logger.WarningAsync($"Flock: campaign {config.Id} '{config.Name}' left out of the programme: {exception.Message}");
            }
        }

        if (programme is not null)
            return programme;
        try
        {
            return new ReferralProgramme([], programmeSettings);
        }
        catch (Exception exception)
        {
            await _logger.ErrorAsync("Flock: the referral programme settings are invalid", exception);
            return null;
        }
    }
}
