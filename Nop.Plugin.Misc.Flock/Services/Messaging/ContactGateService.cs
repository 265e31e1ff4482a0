using Nop.Data;
using Nop.Plugin.Misc.Flock.Data;
using Nop.Plugin.Misc.Flock.Domain;

namespace Nop.Plugin.Misc.Flock.Services.Messaging;

//inside the namespace: linq2db's conditional Set/UpdateAsync, and its async helpers win over nopCommerce's same-named ones
using LinqToDB;

/// <summary>
/// The per-customer lock of contact pressure (<see cref="FlockContactGate"/>): <see cref="EnsureAsync"/> outside any
/// transaction (an insert racing another node's must not abort a transaction), then <see cref="LockAsync"/> as the first
/// statement of the transaction that reads the customer's sends and records new ones; the row stays locked until commit.
/// </summary>
public class ContactGateService
{
    protected readonly IRepository<FlockContactGate> _gateRepository;

    public ContactGateService(IRepository<FlockContactGate> gateRepository)
    {
        _gateRepository = gateRepository;
    }

    public virtual async Task EnsureAsync(int customerId)
    {
        if (await _gateRepository.Table.AnyAsync(g => g.CustomerId == customerId))
            return;
        try
        {
            await _gateRepository.InsertAsync(new FlockContactGate { CustomerId = customerId }, publishEvent: false);
        }
        catch (Exception exception) when (UniqueKey.IsViolation(exception))
        {
            //made by another node a moment ago
        }
    }

    /// <summary>Takes the customer's lock inside the ambient transaction; false when the gate row is missing (call <see cref="EnsureAsync"/> first).</summary>
    public virtual async Task<bool> LockAsync(int customerId) =>
        await _gateRepository.Table.Where(g => g.CustomerId == customerId).Set(g => g.Revision, g => g.Revision + 1).UpdateAsync() == 1;

    /// <summary>GDPR erase and cleanup.</summary>
    public virtual async Task DeleteAsync(int customerId) => await _gateRepository.DeleteAsync(g => g.CustomerId == customerId);
}
