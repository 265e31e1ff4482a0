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
}
