using Flock.Engine.Referrals.Attribution;
using Flock.Engine.Referrals;
using Flock.Engine.Snapshots;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Flock.Engine.Tests.Referrals.Attribution;

public class AttributorPropertyTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 15, 12, 0, 0, TimeSpan.Zero);
    private const int WindowDays = 30;

    private static readonly Gen<AttributionEvidence> Evidence =
        from referrer in Gen.Choose(1, 5)
        from hoursAgo in Gen.Choose(-48, 24 * 60)
        from isCoupon in Gen.Elements(true, false)
        select isCoupon
            ? (AttributionEvidence)new CouponEvidence(new ReferrerRef($"CODE{referrer}", referrer), $"CODE{referrer}", Now.AddHours(-hoursAgo))
            : new LinkClickEvidence(new ReferrerRef($"CODE{referrer}", referrer), ShareChannel.Telegram, Now.AddHours(-hoursAgo));

    private static readonly Gen<(AttributionEvidence[] Evidence, ReferrerChoice Choice)> Inputs =
        from evidence in Evidence.ArrayOf()
        from choice in Gen.Elements(ReferrerChoice.First, ReferrerChoice.Last)
        select (evidence, choice);

    [Property(MaxTest = 300)]
    public Property Chosen_evidence_is_in_window_of_the_strongest_kind_present_and_first_or_last() =>
        Prop.ForAll(Inputs.ToArbitrary(), input =>
        {
            var policy = new AttributionPolicy
            {
                Priority = [EvidenceKind.CouponAtCheckout, EvidenceKind.LinkClick],
                WindowDays = WindowDays,
                Choice = input.Choice,
            };
            var result = new Attributor(policy).Attribute(new AttributionRequest
            {
                Friend = new CustomerSnapshot { CustomerId = 99 },
                Evidence = input.Evidence,
                Now = Now,
            });
            var inWindow = input.Evidence.Where(e => e.At >= Now.AddDays(-WindowDays) && e.At <= Now).ToArray();
            if (inWindow.Length == 0)
                return !result.IsAttributed && result.NotAttributedReason ==
                       (input.Evidence.Length == 0 ? NotAttributedReason.NoEvidence : NotAttributedReason.OutsideWindow);

            var strongest = inWindow.Any(e => e.Kind == EvidenceKind.CouponAtCheckout) ? EvidenceKind.CouponAtCheckout : EvidenceKind.LinkClick;
            var ofKind = inWindow.Where(e => e.Kind == strongest).Select(e => e.At).ToArray();
            var expectedAt = input.Choice == ReferrerChoice.First ? ofKind.Min() : ofKind.Max();
            return result.IsAttributed && result.Evidence!.Kind == strongest && result.Evidence.At == expectedAt
                   && result.Referrer == result.Evidence.Referrer && inWindow.Contains(result.Evidence);
        });
}
