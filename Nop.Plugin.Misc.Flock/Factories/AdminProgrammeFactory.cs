using Flock.Engine.Programme;
using Nop.Core;
using Nop.Services.Configuration;

namespace Nop.Plugin.Misc.Flock.Factories;

/// <summary>Builds a ReferralProgramme for admin previews and reports (not the storefront's cached one).</summary>
public class AdminProgrammeFactory
{
    protected readonly ISettingService _settingService;
    protected readonly IStoreContext _storeContext;

    public AdminProgrammeFactory(ISettingService settingService, IStoreContext storeContext)
    {
        _settingService = settingService;
        _storeContext = storeContext;
    }

    public virtual async Task<ProgrammeSettings> SettingsAsync()
    {
        var settings = await _settingService.LoadSettingAsync<FlockSettings>();
        var store = await _storeContext.GetCurrentStoreAsync();
        byte[] secret = null;
        try { secret = Convert.FromBase64String(settings.EmailHashSecret ?? ""); } catch (FormatException) { }
        if (secret is null || secret.Length < 32) secret = new byte[32];
        var url = string.IsNullOrEmpty(store.Url) ? "http://localhost/" : store.Url;
        return new ProgrammeSettings
        {
            StoreBaseUrl = url,
            ReferralRoutePrefix = string.IsNullOrEmpty(settings.ReferralRoutePrefix) ? "r" : settings.ReferralRoutePrefix,
            EmailHashSecret = secret,
        };
    }

    public virtual async Task<ReferralProgramme> BuildAsync(IReadOnlyList<CampaignConfig> configs) =>
        new(configs, await SettingsAsync());

    /// <summary>
    /// The problems the programme would report with <paramref name="candidate"/> saved next to the other live campaigns
    /// (e.g. a slug another campaign already uses), paths relative to the candidate ("slug"). Empty when it fits.
    /// </summary>
    public virtual async Task<IList<global::Flock.Engine.Common.Problem>> ProblemsInProgrammeAsync(CampaignConfig candidate, IEnumerable<CampaignConfig> others)
    {
        if (candidate.Status == global::Flock.Engine.Campaigns.CampaignStatus.Archived)
            return [];
        var configs = others.Where(c => c.Id != candidate.Id && c.Status != global::Flock.Engine.Campaigns.CampaignStatus.Archived && c.Validate().IsValid).ToList();
        configs.Add(candidate);
        try
        {
            _ = await BuildAsync(configs);
            return [];
        }
        catch (global::Flock.Engine.Common.FlockValidationException e)
        {
            var prefix = $"campaigns[{configs.Count - 1}]";
            return e.Problems.Select(p => p.Path.StartsWith(prefix, StringComparison.Ordinal)
                    ? new global::Flock.Engine.Common.Problem(p.Path[prefix.Length..].TrimStart('.'), p.Message)
                    : p)
                .ToList();
        }
    }

    /// <summary>A programme of as many of <paramref name="configs"/> as fit together (reports must not fail on one bad row).</summary>
    public virtual async Task<ReferralProgramme> BuildTolerantAsync(IEnumerable<CampaignConfig> configs)
    {
        var settings = await SettingsAsync();
        var valid = configs.Where(c => c.Validate().IsValid).ToList();
        try
        {
            return new ReferralProgramme(valid, settings);
        }
        catch (global::Flock.Engine.Common.FlockValidationException)
        {
            var kept = new List<CampaignConfig>();
            foreach (var config in valid)
            {
                try
                {
                    _ = new ReferralProgramme([.. kept, config], settings);
                    kept.Add(config);
                }
                catch (global::Flock.Engine.Common.FlockValidationException)
                {
                }
            }
            return new ReferralProgramme(kept, settings);
        }
    }
}
