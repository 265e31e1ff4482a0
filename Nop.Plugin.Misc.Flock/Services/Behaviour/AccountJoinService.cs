using Flock.Engine.Chains;
using Nop.Plugin.Misc.Flock.Data;
using Nop.Plugin.Misc.Flock.Domain;
using Nop.Plugin.Misc.Flock.Services.Chains;

namespace Nop.Plugin.Misc.Flock.Services.Behaviour;

/// <summary>
/// A guest who signed in to their account takes what Flock knew of the guest along (<see cref="AccountJoin"/>): activity
/// and enrollments (with their actions and decision log) become the account's. Called by the chain task when it meets
/// the sign-in in the shoppers' activity (<see cref="ChainTriggerKind.SignedIn"/>), so it is ordered with the task's
/// own entries and retried from that row until it succeeds. One transaction: a failure changes nothing. Registration
/// needs none of this (nopCommerce turns the guest record itself into the account), nor does a guest checkout (the order
/// is the guest record's, and a chain's exit checks orders of the same address too).
/// </summary>
public class AccountJoinService
{
    /// <summary>How often one enrollment is read again when a node keeps advancing it under the join.</summary>
    public const int Attempts = 3;

    protected readonly ActivityService _activityService;
    protected readonly ChainService _chainService;
    protected readonly EnrollmentService _enrollmentService;

    public AccountJoinService(ActivityService activityService, ChainService chainService, EnrollmentService enrollmentService)
    {
        _activityService = activityService;
        _chainService = chainService;
        _enrollmentService = enrollmentService;
    }

    /// <summary>Joins the guest's Flock data to the account; returns how many of the guest's enrollments moved and how many ended. Running it again changes nothing more.</summary>
    public virtual async Task<(int Moved, int Ended)> JoinAsync(int guestId, int accountId, DateTime nowUtc)
    {
        if (guestId <= 0 || accountId <= 0 || guestId == accountId)
            return (0, 0);
        int moved = 0, ended = 0;
        using (var transaction = FlockTransaction.Begin())
        {
            foreach (var first in await _enrollmentService.GetOfCustomerAsync(guestId))
            {
                var row = first;
                for (var attempt = 1; ; attempt++)
                {
                    var join = await JoinOfAsync(row, accountId);
                    if (await _enrollmentService.JoinToAccountAsync(row, join, accountId, nowUtc))
                    {
                        moved += join.MovesToAccount ? 1 : 0;
                        ended += join.Ends ? 1 : 0;
                        break;
                    }
                    if (attempt == Attempts)
                        throw new InvalidOperationException($"enrollment {row.Id} kept changing while guest {guestId} was joined to customer {accountId}");
                    row = await _enrollmentService.GetByIdAsync(row.Id);
                    if (row is null || row.CustomerId != guestId)
                        break;
                }
            }
            await _activityService.MoveToAccountAsync(guestId, accountId);
            transaction.Complete();
        }
        return (moved, ended);
    }

    protected virtual async Task<GuestEnrollmentJoin> JoinOfAsync(FlockEnrollment row, int accountId)
    {
        var chain = await _chainService.GetCompiledAsync(row.ChainKey, row.Version);
        var (lastEntered, hasOccurrence) = await _enrollmentService.GetEntryHistoryAsync(row.ChainKey, accountId, row.TriggerKey);
        return AccountJoin.JoinOf((EnrollmentStatus)row.Status, new DateTimeOffset(DateTime.SpecifyKind(row.EnrolledOnUtc, DateTimeKind.Utc)),
            chain.Definition.ReEntry,
            lastEntered is { } last ? new DateTimeOffset(DateTime.SpecifyKind(last, DateTimeKind.Utc)) : null, hasOccurrence);
    }
}
