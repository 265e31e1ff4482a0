namespace Flock.Engine.Chains;

/// <summary>The reason code of every chain decision; <see cref="ChainExplainer"/> turns them into words.</summary>
public enum ChainReason
{
    None = 0,
    // entry
    Entered = 1,
    WrongTrigger = 2,
    ChainNotLive = 3,
    AlreadyEnteredForOccurrence = 4,
    EnteredBefore = 5,
    ReEntryTooSoon = 6,
    ConditionsNotMet = 7,
    NoMarketingConsent = 8,
    HeldOut = 9,
    // steps
    Waiting = 20,
    Paused = 21,
    Sent = 22,
    HoldoutSuppressed = 23,
    ChannelUnreachable = 24,
    DeferredByCap = 25,
    DeferredByQuietHours = 26,
    Expired = 27,
    CouponIssued = 28,
    PointsGranted = 29,
    BranchThen = 30,
    BranchElse = 31,
    WaitOver = 32,
    TakenOverAtSignIn = 33,
    // ends
    GoalPurchase = 40,
    GoalUnsubscribed = 41,
    GoalRule = 42,
    ExitStep = 43,
    ChainArchived = 44,
    EndOfChain = 45,
    CustomerGone = 46,
    GoalCartEmptied = 47,
    AddressAlreadyServed = 48,
    JoinedAccount = 49,
}
