using Flock.Engine.Chains;
using Flock.Engine.Messaging;
using static Flock.Engine.Tests.Chains.ChainTestKit;

namespace Flock.Engine.Tests.Chains;

public sealed class AccountJoinTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 15, 0, 0, TimeSpan.Zero);

    public static TheoryData<EnrollmentStatus, ReEntryPolicy, int?, bool, GuestEnrollmentJoin> Cases => new()
    {
        // the account never entered: the guest's goes on as the account's
        { EnrollmentStatus.Active, ReEntryPolicy.OncePer(7), null, false, new(MovesToAccount: true, Ends: false) },
        { EnrollmentStatus.Active, ReEntryPolicy.OnceEver, null, false, new(true, false) },
        // the account entered 2 days before the guest did: a second run inside 7 days ends; outside 1 day goes on
        { EnrollmentStatus.Active, ReEntryPolicy.OncePer(7), -2, false, new(true, true) },
        { EnrollmentStatus.Active, ReEntryPolicy.OncePer(1), -2, false, new(true, false) },
        // the account entered after the guest (its own cart, moved at sign-in): the window counts both ways
        { EnrollmentStatus.Active, ReEntryPolicy.OncePer(7), 0, false, new(true, true) },
        // every trigger: runs side by side are the chain's own rule
        { EnrollmentStatus.Active, ReEntryPolicy.EveryTrigger, -1, false, new(true, false) },
        // "once ever": the account holds the occurrence, the guest's stays the guest's (and ends if under way)
        { EnrollmentStatus.Active, ReEntryPolicy.OnceEver, -30, true, new(false, true) },
        { EnrollmentStatus.Completed, ReEntryPolicy.OnceEver, -30, true, new(false, false) },
        // what is over is history: it becomes the account's, nothing ends
        { EnrollmentStatus.Completed, ReEntryPolicy.OncePer(7), -2, false, new(true, false) },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_guest_enrollment_becomes_the_accounts_and_runs_on_only_where_the_accounts_re_entry_policy_lets_it(
        EnrollmentStatus status, ReEntryPolicy reEntry, int? accountEnteredDaysFromGuest, bool accountHasOccurrence, GuestEnrollmentJoin expected)
    {
        var guestEntered = Now.AddHours(-3);
        DateTimeOffset? accountEntered = accountEnteredDaysFromGuest is { } days ? guestEntered.AddDays(days).AddMinutes(days == 0 ? 30 : 0) : null;
        Assert.Equal(expected, AccountJoin.JoinOf(status, guestEntered, reEntry, accountEntered, accountHasOccurrence));
    }

    [Fact]
    public void Nothing_recorded_for_a_guest_enrollment_the_sign_in_ended_goes_out_afterwards()
    {
        var chain = Gallery("abandoned-cart");
        Assert.Equal(ChainReason.JoinedAccount, ChainMachine.StopBeforeActing(chain, Facts(cartItems: 1) with { EndedBySignIn = true }, Channel.Email));
        Assert.Null(ChainMachine.StopBeforeActing(chain, Facts(cartItems: 1), Channel.Email));
    }

    [Fact]
    public void Both_sides_of_the_join_are_told_in_words_and_an_ended_guest_enrollment_is_no_entrant()
    {
        var taken = AccountJoin.TakenOver("abandoned-cart", 3, "activity:41", guestId: 17, accountId: 5, Now);
        Assert.Equal(5, taken.CustomerId);
        Assert.Equal("2026-12-07 15:00 UTC · v3 · taken over from the shopper's guest session when they signed in (from guest #17)", ChainExplainer.Describe(taken));
        Assert.Contains("перешла к аккаунту из гостевого сеанса", ChainExplainer.Describe(taken, "ru"));
        // taking over is no end: the account's reminder is still to come
        Assert.StartsWith("Not reached yet", ChainExplainer.WhyStep([taken with { Reason = ChainReason.Entered, At = Now.AddHours(-1) }, taken], "abandoned-cart", "reminder"));

        var ended = AccountJoin.Ended("abandoned-cart", 3, "activity:41", holderId: 5, guestId: 17, accountId: 5, Now);
        Assert.Equal(5, ended.CustomerId);
        Assert.Contains("left as a guest: the shopper signed in to their account, which was in this chain already", ChainExplainer.Describe(ended));
        // the account's own later run is what "why" explains
        var own = taken with { TriggerKey = "activity:52", Reason = ChainReason.Entered, At = Now.AddMinutes(-5) };
        Assert.StartsWith("Not reached yet", ChainExplainer.WhyStep([ended with { Reason = ChainReason.Entered, At = Now.AddHours(-1) }, own, ended], "abandoned-cart", "reminder"));
        // and each run of the customer's explains itself
        Assert.StartsWith("Not sent: the customer left the chain before this step — left as a guest",
            ChainExplainer.WhyStep([ended with { Reason = ChainReason.Entered, At = Now.AddHours(-1) }, own, ended], "abandoned-cart", "reminder", triggerKey: "activity:41"));
        Assert.False(AccountJoin.CountsAsEntrant(ChainReason.JoinedAccount));
        Assert.True(AccountJoin.CountsAsEntrant(ChainReason.GoalPurchase));
    }
}
