using Nop.Data;
using Nop.Plugin.Misc.Flock.Domain;
using Nop.Services.Configuration;

namespace Nop.Plugin.Misc.Flock.Services.Referrals;

/// <summary>Campaign rows (the engine configuration is their ConfigJson).</summary>
public class CampaignService
{
    protected readonly IRepository<FlockCampaign> _campaignRepository;
    protected readonly ISettingService _settingService;
    protected readonly DefaultCampaignSource _defaultCampaignSource;

    public CampaignService(IRepository<FlockCampaign> campaignRepository,
        ISettingService settingService,
        DefaultCampaignSource defaultCampaignSource)
    {
        _campaignRepository = campaignRepository;
        _settingService = settingService;
        _defaultCampaignSource = defaultCampaignSource;
    }

    public virtual async Task<IList<FlockCampaign>> GetAllAsync() =>
        await _campaignRepository.Table.OrderByDescending(c => c.Priority).ThenBy(c => c.Id).ToListAsync();

    public virtual Task<FlockCampaign> GetByIdAsync(int id) => _campaignRepository.GetByIdAsync(id);

    public virtual async Task InsertAsync(FlockCampaign campaign)
    {
        campaign.CreatedOnUtc = campaign.UpdatedOnUtc = DateTime.UtcNow;
        await _campaignRepository.InsertAsync(campaign);
        await TouchProgrammeAsync();
    }

    public virtual async Task UpdateAsync(FlockCampaign campaign)
    {
        campaign.UpdatedOnUtc = DateTime.UtcNow;
        await _campaignRepository.UpdateAsync(campaign);
        await TouchProgrammeAsync();
    }

    public virtual async Task DeleteAsync(FlockCampaign campaign)
    {
        await _campaignRepository.DeleteAsync(campaign);
        await TouchProgrammeAsync();
    }

    /// <summary>Inserts the campaign that works right after install (R13), unless one exists already.</summary>
    public virtual async Task<FlockCampaign> InsertDefaultCampaignAsync()
    {
        var existing = (await GetAllAsync()).FirstOrDefault(c => c.Name == FlockDefaults.DefaultCampaignName);
        if (existing is not null)
            return existing;

        var campaign = _defaultCampaignSource.Create();
        await InsertAsync(campaign);
        return campaign;
    }

    /// <summary>A new stamp tells every web-farm node to rebuild its compiled programme (settings are cached shared).</summary>
    public virtual async Task TouchProgrammeAsync()
    {
        await _settingService.SetSettingAsync($"{nameof(FlockSettings)}.{nameof(FlockSettings.ProgrammeVersionStamp)}",
            Guid.NewGuid().ToString("N"));
    }
}
