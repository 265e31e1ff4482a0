using System.Transactions;

namespace Nop.Plugin.Misc.Flock.Data;

/// <summary>
/// One database transaction around several repository calls (nopCommerce opens a connection per call; they enlist in
/// the ambient scope, as nopCommerce's own bulk insert does). Read committed, so rows locked by a conditional update
/// serialize the writers that meet on them and everything else reads on. Dispose without <c>Complete()</c> rolls back.
/// </summary>
public static class FlockTransaction
{
    public static TransactionScope Begin() =>
        new(TransactionScopeOption.Required,
            new TransactionOptions { IsolationLevel = IsolationLevel.ReadCommitted, Timeout = TimeSpan.FromMinutes(1) },
            TransactionScopeAsyncFlowOption.Enabled);
}
