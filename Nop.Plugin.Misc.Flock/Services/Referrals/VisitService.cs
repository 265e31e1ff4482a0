using Nop.Data;
using Nop.Plugin.Misc.Flock.Domain;

namespace Nop.Plugin.Misc.Flock.Services.Referrals;

/// <summary>Visits of referral links: server-side attribution evidence.</summary>
public class VisitService
{
    protected readonly IRepository<FlockVisit> _visitRepository;

    public VisitService(IRepository<FlockVisit> visitRepository)
    {
        _visitRepository = visitRepository;
    }

    public virtual Task InsertAsync(FlockVisit visit) => _visitRepository.InsertAsync(visit, false);

    /// <summary>Visits of this visitor since a moment (newest first) — the evidence for judging their order.</summary>
    public virtual async Task<IList<FlockVisit>> GetByVisitorAsync(int visitorCustomerId, DateTime sinceUtc) =>
        await _visitRepository.Table
            .Where(v => v.VisitorCustomerId == visitorCustomerId && v.CreatedOnUtc >= sinceUtc)
            .OrderByDescending(v => v.CreatedOnUtc).Take(50).ToListAsync();

    public virtual async Task<IList<FlockVisit>> GetByReferrerAsync(int referrerId, int max = 500) =>
        await _visitRepository.Table.Where(v => v.ReferrerId == referrerId)
            .OrderByDescending(v => v.CreatedOnUtc).Take(max).ToListAsync();

    /// <summary>Distinct visitors of a referrer before a moment (reward caps per unique visitor).</summary>
    public virtual Task<int> CountVisitorsBeforeAsync(int referrerId, DateTime beforeUtc) =>
        _visitRepository.Table.Where(v => v.ReferrerId == referrerId && v.CreatedOnUtc < beforeUtc)
            .Select(v => v.VisitorCustomerId).Distinct().CountAsync();

    public virtual Task<int> DeleteByVisitorAsync(int customerId) =>
        _visitRepository.DeleteAsync(v => v.VisitorCustomerId == customerId);

    public virtual Task<int> DeleteByReferrerAsync(int referrerId) =>
        _visitRepository.DeleteAsync(v => v.ReferrerId == referrerId);
}
