using Nop.Data;
using Nop.Plugin.Misc.Flock.Data;
using Nop.Plugin.Misc.Flock.Domain;

namespace Nop.Plugin.Misc.Flock.Services.Referrals;

/// <summary>Sticky experiment assignments (unique per shopper and experiment).</summary>
public class AssignmentService
{
    protected readonly IRepository<FlockAssignment> _assignmentRepository;

    public AssignmentService(IRepository<FlockAssignment> assignmentRepository)
    {
        _assignmentRepository = assignmentRepository;
    }

    public virtual async Task<IDictionary<string, string>> GetForShopperAsync(string shopperKey) =>
        (await _assignmentRepository.Table.Where(a => a.ShopperKey == shopperKey).ToListAsync())
            .ToDictionary(a => a.ExperimentKey, a => a.ArmKey, StringComparer.Ordinal);

    /// <summary>Stores a new assignment; a concurrent one for the same experiment wins silently (it is the same shopper).</summary>
    public virtual async Task InsertOnceAsync(string shopperKey, string experimentKey, string armKey)
    {
        try
        {
            await _assignmentRepository.InsertAsync(new FlockAssignment
            {
                ShopperKey = shopperKey,
                ExperimentKey = experimentKey,
                ArmKey = armKey,
                CreatedOnUtc = DateTime.UtcNow
            }, false);
        }
        catch (Exception exception) when (UniqueKey.IsViolation(exception))
        {
            //already assigned
        }
    }

    public virtual Task<int> DeleteForShopperAsync(string shopperKey) => _assignmentRepository.DeleteAsync(a => a.ShopperKey == shopperKey);
}
