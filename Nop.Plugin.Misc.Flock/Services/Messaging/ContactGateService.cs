using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
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

    /// <summary>
    /// The gate of one address (its recipient key, <see cref="Chains.ChainFactsService.RecipientKey"/>), taken after the
    /// customer's: several customer records with one address (guest sessions, a guest who registered) advance one after
    /// the other, so "this address already got the chain" holds across them. Address gates share the table as negative
    /// ids derived from the key (customer ids are positive); two addresses that share an id only wait for each other.
    /// </summary>
    public static int AddressGateId(string recipientKey) =>
        -1 - (BinaryPrimitives.ReadInt32LittleEndian(SHA256.HashData(Encoding.UTF8.GetBytes(recipientKey))) & int.MaxValue);

    /// <summary>GDPR erase and cleanup.</summary>
    public virtual async Task DeleteAsync(int customerId) => await _gateRepository.DeleteAsync(g => g.CustomerId == customerId);
}
