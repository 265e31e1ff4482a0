using Flock.Engine.Messaging;

namespace Flock.Engine.Chains;

/// <summary>
/// Something the plugin must carry out for an enrollment. <see cref="Key"/> is its idempotency key
/// (<see cref="ChainActionKeys"/>): the plugin records the action under a unique index on it in the same transaction as
/// the enrollment's new state, then executes it, so a replayed decision or a second node can never act twice.
/// </summary>
public abstract record ChainAction(string Key, string StepId);

/// <summary>Send <see cref="Template"/> on <see cref="Channel"/>; worthless after <see cref="Deadline"/>.</summary>
public sealed record SendMessageAction(string Key, string StepId, Channel Channel, string Template, MessagePriority Priority, DateTimeOffset Deadline)
    : ChainAction(Key, StepId);

/// <summary>Issue a single-use coupon for the recipient.</summary>
public sealed record IssueCouponAction(string Key, string StepId, decimal Percent, int ValidDays)
    : ChainAction(Key, StepId);

/// <summary>Grant reward points.</summary>
public sealed record GrantPointsAction(string Key, string StepId, int Points, int? ValidDays)
    : ChainAction(Key, StepId);

/// <summary>
/// One line of the decision log (T7): every entry, skip, wait, deferral, holdout, consent refusal, send, exit, with its
/// reason and the chain version it was made under. <see cref="Detail"/> carries the specifics (the cap, the deferral
/// moment, the failed condition) in plain words.
/// </summary>
public sealed record ChainDecision(
    string ChainKey, int Version, int CustomerId, string TriggerKey, string? StepId, DateTimeOffset At, ChainReason Reason, string? Detail = null);

/// <summary>The outcome of <see cref="ChainRunner.Advance"/>: the new state, what to do, what was decided, and when to look again (null: not until something changes — the chain resumes, the enrollment has ended).</summary>
public sealed record ChainAdvance(Enrollment Enrollment, IReadOnlyList<ChainAction> Actions, IReadOnlyList<ChainDecision> Decisions, DateTimeOffset? NextDueAt);
