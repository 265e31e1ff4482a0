using System.Collections.Concurrent;
using Flock.Engine.Referrals.Programme;
using Nop.Core;
using Nop.Core.Domain.Customers;
using Nop.Core.Domain.Stores;
using Nop.Plugin.Misc.Flock.Domain;
using Nop.Services.Configuration;
using Nop.Services.Directory;
using Nop.Services.Logging;
using Nop.Services.Stores;

namespace Nop.Plugin.Misc.Flock.Services.Referrals;

/// <summary>
/// The one door to the engine's <see cref="ReferralProgramme"/>: built by the engine's <see cref="ProgrammeBuilder"/> from
/// the stored campaigns and settings (the admin uses the same builder, so both agree on which campaigns are live), cached
/// per store and rebuilt when the programme's version stamp changes (a campaign or the settings were saved, on any
/// web-farm node: the stamp lives in the shared settings).
/// </summary>
public class ProgrammeService
{
    protected static readonly ConcurrentDictionary<int, (string Stamp, ReferralProgramme Programme)> Cache = new();

    protected readonly CustomerSettings _customerSettings;
    protected readonly ICountryService _countryService;
    protected readonly ILogger _logger;
    protected readonly ISettingService _settingService;
    protected readonly IStoreContext _storeContext;
    protected readonly IStoreService _storeService;
    protected readonly CampaignService _campaignService;

    public ProgrammeService(CustomerSettings customerSettings,
        ICountryService countryService,
        ILogger logger,
        ISettingService settingService,
        IStoreContext storeContext,
        IStoreService storeService,
        CampaignService campaignService)
    {
        _customerSettings = customerSettings;
        _countryService = countryService;
        _logger = logger;
        _settingService = settingService;
        _storeContext = storeContext;
        _storeService = storeService;
        _campaignService = campaignService;
    }

    /// <summary>The current store's programme, or null when Flock is off or its settings are invalid.</summary>
    public virtual async Task<ReferralProgramme> GetAsync() => await GetForStoreAsync(await _storeContext.GetCurrentStoreAsync());

    /// <summary>The programme of a given store (an order's, a registration's): what the worker uses, having no request.</summary>
    public virtual async Task<ReferralProgramme> GetForStoreAsync(int storeId)
    {
        var store = await _storeService.GetStoreByIdAsync(storeId) ?? await _storeContext.GetCurrentStoreAsync();
        return await GetForStoreAsync(store);
    }

    public virtual async Task<ReferralProgramme> GetForStoreAsync(Store store)
    {
        var settings = await _settingService.LoadSettingAsync<FlockSettings>(store.Id);
        if (!settings.Enabled)
            return null;

        var stamp = $"{settings.ProgrammeVersionStamp}|{settings.ReferralRoutePrefix}|{settings.ReferralCodeLength}|{settings.ReturnWindowDays}|{_customerSettings.DefaultCountryId}|{store.Url}";
        if (Cache.TryGetValue(store.Id, out var cached) && cached.Stamp == stamp)
            return cached.Programme;

        var programme = await BuildAsync(store, settings);
        if (programme is not null)
            Cache[store.Id] = (stamp, programme);
        return programme;
    }

    /// <summary>The engine's view of a campaign row (the row's columns are authoritative; <see cref="StoredCampaign.Load"/> reads it).</summary>
    public static StoredCampaign ToStored(FlockCampaign row) => new()
    {
        Id = row.Id,
        Name = row.Name ?? "",
        Status = row.Status ?? "",
        Priority = row.Priority,
        Version = row.Version,
        ConfigJson = row.ConfigJson
    };

    /// <summary>
    /// The store's programme settings: every engine input set explicitly. The default country is the store's own
    /// (CustomerSettings.DefaultCountryId), or the engine's explicit Unknown when none is set.
    /// </summary>
    public virtual async Task<ProgrammeSettings> SettingsAsync(Store store, FlockSettings settings)
    {
        byte[] secret;
        try { secret = Convert.FromBase64String(settings.EmailHashSecret ?? ""); }
        catch (FormatException) { secret = []; } //the engine reports the length problem

        return new ProgrammeSettings
        {
            StoreBaseUrl = (store.Url ?? "").TrimEnd('/'),
            ReferralRoutePrefix = settings.ReferralRoutePrefix,
            ReferralCodeLength = settings.ReferralCodeLength,
            EmailHashSecret = secret,
            ReturnWindowDays = settings.ReturnWindowDays,
            DefaultCountryCode = await DefaultCountryCodeAsync()
        };
    }

    /// <summary>ISO alpha-2 of CustomerSettings.DefaultCountryId; the engine's Unknown (null) when none is set.</summary>
    public virtual async Task<string> DefaultCountryCodeAsync()
    {
        if (_customerSettings.DefaultCountryId is not int countryId || countryId <= 0)
            return ProgrammeSettings.UnknownCountry;
        var country = await _countryService.GetCountryByIdAsync(countryId);
        return string.IsNullOrWhiteSpace(country?.TwoLetterIsoCode) ? ProgrammeSettings.UnknownCountry : country.TwoLetterIsoCode.Trim().ToUpperInvariant();
    }

    /// <summary>Every stored campaign through the engine's builder; the excluded ones are logged with their reasons.</summary>
    public virtual async Task<ProgrammeBuild> BuildAllAsync(ProgrammeSettings programmeSettings)
    {
        var rows = await _campaignService.GetAllAsync();
        return ProgrammeBuilder.Build(rows.Select(ToStored).ToArray(), programmeSettings);
    }

    protected virtual async Task<ReferralProgramme> BuildAsync(Store store, FlockSettings settings)
    {
        try
        {
            var build = await BuildAllAsync(await SettingsAsync(store, settings));
            foreach (var excluded in build.Excluded.Where(e => e.Reason != ExclusionReason.Archived))
                await _logger.WarningAsync($"Flock: {excluded} — left out of the programme ({excluded.Reason})");
            return build.Programme;
        }
        catch (Exception exception)
        {
            //only invalid settings make the engine's builder throw
            await _logger.ErrorAsync($"Flock: the referral programme could not be built: {exception.Message}", exception);
            return null;
        }
    }
}
