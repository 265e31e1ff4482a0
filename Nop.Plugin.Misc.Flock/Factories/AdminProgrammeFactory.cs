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
        var settings = await SettingsAsync();
        //only what the candidate adds counts: conflicts among the other campaigns are not this form's problem
        var configs = Fitting(others.Where(c => c.Id != candidate.Id && c.Status != global::Flock.Engine.Campaigns.CampaignStatus.Archived), settings);
        configs.Add(candidate);
        try
        {
            _ = new ReferralProgramme(configs, settings);
            return [];
        }
        catch (global::Flock.Engine.Common.FlockValidationException e)
        {
            var prefix = $"campaigns[{configs.Count - 1}]";
            var mine = e.Problems.Where(p => p.Path.StartsWith(prefix, StringComparison.Ordinal))
                .Select(p => new global::Flock.Engine.Common.Problem(p.Path[prefix.Length..].TrimStart('.'), p.Message))
                .ToList();
            return mine.Count > 0 ? mine : e.Problems.Where(p => !p.Path.StartsWith("campaigns[", StringComparison.Ordinal)).ToList();
        }
    }

    /// <summary>The valid configs that build together, greedily in order.</summary>
    protected static List<CampaignConfig> Fitting(IEnumerable<CampaignConfig> configs, ProgrammeSettings settings)
    {
        var kept = new List<CampaignConfig>();
        foreach (var config in configs.Where(c => c.Validate().IsValid).OrderBy(c => c.Status == global::Flock.Engine.Campaigns.CampaignStatus.Active ? 0 : 1).ThenBy(c => c.Id))
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
        return kept;
    }

    /// <summary>A programme of as many of <paramref name="configs"/> as fit together (reports must not fail on one bad row).</summary>
    public virtual async Task<ReferralProgramme> BuildTolerantAsync(IEnumerable<CampaignConfig> configs)
    {
        var settings = await SettingsAsync();
        return new ReferralProgramme(Fitting(configs, settings), settings);
    }
}
