namespace Flock.Engine.Chains;

/// <summary>What becomes of one of the guest's enrollments when the guest signs in: whether it becomes the account's, and whether it ends.</summary>
/// <param name="MovesToAccount">The account takes it over with its actions and decision log (false only when the account holds the same occurrence of the chain: the database's unique key).</param>
/// <param name="Ends">It ends now (<see cref="ChainReason.JoinedAccount"/>): the account's own re-entry policy would not have let it in, so one run of the chain at a time holds.</param>
public readonly record struct GuestEnrollmentJoin(bool MovesToAccount, bool Ends);

/// <summary>
/// A guest signs in to their account (nopCommerce moves the guest's cart to it): the guest's record is left behind, and
/// from now on the shopper is the account. So what Flock knows of the guest becomes the account's — their activity, as
/// it is, and their enrollments with their actions and decision log: a reminder under way goes on to the account's
/// address at its own time, a coupon it issued is the account's to use, and the account's re-entry policy and the
/// one-address rule see what the guest got. An enrollment the account's re-entry policy would not have let in (the
/// account entered that chain within the window, or ever for a "once ever" chain) ends instead (<see cref="JoinOf"/>).
/// The join is carried out by the chain task, in the order of the shoppers' activity (the sign-in is an activity), so it
/// never races the task's own entries. Recommendation exposures are not moved: their holdout is drawn per shopper
/// record, and one shopper counted in both groups would bias the comparison.
/// </summary>
public static class AccountJoin
{
    /// <summary>
    /// The guest's enrollment (entered at <paramref name="guestEnteredAt"/>) under the account's history in the same chain:
    /// it may run on as the account's when the chain's <paramref name="reEntry"/> would have let the account in at that
    /// moment; otherwise one still under way ends. Either way it becomes the account's history, unless the account holds
    /// the very same occurrence (a "once ever" chain it entered: the unique key), where it stays the guest's.
    /// </summary>
    public static GuestEnrollmentJoin JoinOf(EnrollmentStatus guestStatus, DateTimeOffset guestEnteredAt, ReEntryPolicy reEntry,
        DateTimeOffset? accountLastEnteredAt, bool accountHasOccurrence)
    {
        ArgumentNullException.ThrowIfNull(reEntry);
        var permitted = !accountHasOccurrence && (accountLastEnteredAt is not { } last || reEntry.Kind switch
        {
            ReEntryKind.OnceEver => false,
            ReEntryKind.OncePerDays => (guestEnteredAt - last).Duration() >= TimeSpan.FromDays(reEntry.Days),
            _ => true,
        });
        return new GuestEnrollmentJoin(MovesToAccount: !accountHasOccurrence, Ends: !permitted && guestStatus == EnrollmentStatus.Active);
    }

    /// <summary>The line in the account's log for an enrollment it took over still under way.</summary>
    public static ChainDecision TakenOver(string chainKey, int version, string triggerKey, int guestId, int accountId, DateTimeOffset now) =>
        new(chainKey, version, accountId, triggerKey, null, now, ChainReason.TakenOverAtSignIn, $"from guest #{guestId}");

    /// <summary>The line for a guest's enrollment the sign-in ended, in the log of whoever holds it afterwards.</summary>
    public static ChainDecision Ended(string chainKey, int version, string triggerKey, int holderId, int guestId, int accountId, DateTimeOffset now) =>
        new(chainKey, version, holderId, triggerKey, null, now, ChainReason.JoinedAccount, $"guest #{guestId} signed in as customer #{accountId}");

    /// <summary>Whether an enrollment counts among a chain's entrants in its KPIs: not one the sign-in ended (the shopper counts once, as the account).</summary>
    public static bool CountsAsEntrant(ChainReason endReason) => endReason != ChainReason.JoinedAccount;
}
