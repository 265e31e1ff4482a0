using Flock.Engine.Common;
using Flock.Engine.Referrals.Programme;
using Nop.Core;
using Nop.Plugin.Misc.Flock.Services;
using Nop.Services.Configuration;
using Nop.Plugin.Misc.Flock.Services.Referrals;

namespace Nop.Plugin.Misc.Flock.Factories;

/// <summary>
/// Builds a ReferralProgramme for admin previews and reports (not the storefront's cached one) with the same engine
/// builder and the same settings as the storefront, so both agree on which campaigns are live.
/// </summary>
public class AdminProgrammeFactory
{
    protected readonly ISettingService _settingService;
    protected readonly IStoreContext _storeContext;
    protected readonly ProgrammeService _programmeService;

    public AdminProgrammeFactory(ISettingService settingService, IStoreContext storeContext, ProgrammeService programmeService)
    {
        _settingService = settingService;
        _storeContext = storeContext;
        _programmeService = programmeService;
    }

    /// <summary>
    /// The storefront's settings (ProgrammeService.SettingsAsync), except that previews still work before the store URL
    /// or the secret are set: a placeholder URL and secret are used then (admin previews never hash real emails).
    /// </summary>
    public virtual async Task<ProgrammeSettings> SettingsAsync()
    {
        var settings = await _settingService.LoadSettingAsync<FlockSettings>();
        var store = await _storeContext.GetCurrentStoreAsync();
        var programmeSettings = await _programmeService.SettingsAsync(store, settings);
        var problems = programmeSettings.Validate().Problems.Select(p => p.Path).ToHashSet();
        if (problems.Contains("storeBaseUrl"))
            programmeSettings = programmeSettings with { StoreBaseUrl = "http://localhost" };
        if (problems.Contains("emailHashSecret"))
            programmeSettings = programmeSettings with { EmailHashSecret = new byte[global::Flock.Engine.Referrals.Attribution.EmailHasher.MinSecretBytes] };
        return programmeSettings;
    }

    public virtual async Task<ReferralProgramme> BuildAsync(IReadOnlyList<CampaignConfig> configs) =>
        new(configs, await SettingsAsync());

    /// <summary>
    /// The problems the programme would report with <paramref name="candidate"/> saved next to the other stored campaigns
    /// (e.g. a slug another campaign already uses), paths relative to the candidate ("slug"). Empty when it fits.
    /// </summary>
    public virtual Task<IList<Problem>> ProblemsInProgrammeAsync(CampaignConfig candidate, IEnumerable<CampaignConfig> others) =>
        Task.FromResult<IList<Problem>>(ProgrammeBuilder.ProblemsInProgramme(candidate, others).ToList());

    /// <summary>The programme of every stored campaign that fits, plus the excluded ones with reasons (the engine's one rule).</summary>
    public virtual async Task<ProgrammeBuild> BuildAllAsync() => await _programmeService.BuildAllAsync(await SettingsAsync());

    /// <summary>A programme of as many of <paramref name="configs"/> as fit together (reports must not fail on one bad row).</summary>
    public virtual async Task<ReferralProgramme> BuildTolerantAsync(IEnumerable<CampaignConfig> configs) =>
        ProgrammeBuilder.Build(configs.ToArray(), await SettingsAsync()).Programme;
}
