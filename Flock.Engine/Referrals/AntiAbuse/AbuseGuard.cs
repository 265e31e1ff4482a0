using System.Globalization;
using Flock.Engine.Common;

namespace Flock.Engine.Referrals.AntiAbuse;

/// <summary>
/// Judges one friend's referral (R11): self-referral by customer, e-mail, phone, address and device; IP sharing
/// within a per-referrer limit; a device reused by several friends; friend not new; velocity caps per day and week;
/// and code leaks (a burst of redemptions, or most redemptions arriving without a link click). Every rule runs, so
/// the admin sees every reason; the verdict is the most severe finding. Pure and thread-safe.
/// </summary>
public sealed class AbuseGuard
{
    /// <summary>A guard with the default options.</summary>
    public AbuseGuard() : this(new AbuseGuardOptions())
    {
    }

    /// <summary>Throws <see cref="FlockValidationException"/> when <paramref name="options"/> are invalid.</summary>
    public AbuseGuard(AbuseGuardOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate().ThrowIfInvalid("anti-abuse options");
        Options = options;
    }

    public AbuseGuardOptions Options { get; }

    /// <summary>The verdict for <paramref name="request"/>. Throws <see cref="FlockValidationException"/> on malformed input.</summary>
    public AbuseVerdict Check(AbuseCheckRequest request)
    {
        Validate(request);
        var findings = new List<AbuseFinding>();
        var referrer = request.Referrer;
        var friend = request.Friend;
        var now = request.Now;
        // A replayed check must not count the friend against their own referrer.
        var history = request.ReferrerHistory.Where(h => h.FriendCustomerId != friend.CustomerId && h.At <= now).ToArray();

        if (friend.CustomerId == referrer.CustomerId)
            findings.Add(new(AbuseReasons.SameCustomer, AbuseDecision.Block,
                $"friend is the referrer themself (customer {friend.CustomerId})."));

        var friendEmail = EmailNormalizer.Normalize(friend.Email);
        if (friendEmail is not null && friendEmail == EmailNormalizer.Normalize(referrer.Email))
            findings.Add(new(AbuseReasons.SameEmail, AbuseDecision.Block,
                $"friend's email {friend.Email!.Trim()} is the referrer's own email after normalisation ({friendEmail})."));

        var friendPhone = PhoneNormalizer.Normalize(friend.Phone, request.CountryCode);
        if (friendPhone is not null && friendPhone == PhoneNormalizer.Normalize(referrer.Phone, request.CountryCode))
            findings.Add(new(AbuseReasons.SamePhone, AbuseDecision.Block,
                $"friend's phone {friend.Phone!.Trim()} is the referrer's own phone after normalisation ({friendPhone})."));

        var friendAddress = AddressNormalizer.Normalize(friend.Address);
        if (friendAddress is not null && friendAddress == AddressNormalizer.Normalize(referrer.Address))
            findings.Add(new(AbuseReasons.SameAddress, Options.SameAddressDecision,
                $"friend's address \"{friend.Address!.Trim()}\" is the referrer's own address after normalisation (\"{friendAddress}\")."));

        CheckDevice(friend, referrer, history, findings);
        CheckIp(friend, referrer, history, now, findings);

        if (Options.RequireNewFriend && request.FriendPreviousPaidOrders > 0)
            findings.Add(new(AbuseReasons.FriendNotNew, AbuseDecision.Block,
                $"friend (customer {friend.CustomerId}) already has {Plural(request.FriendPreviousPaidOrders, "paid order")}; only new customers can be referred."));

        CheckVelocity(history, now, TimeSpan.FromDays(1), Options.MaxFriendsPerDay, AbuseReasons.VelocityDay, "24 hours", findings);
        CheckVelocity(history, now, TimeSpan.FromDays(7), Options.MaxFriendsPerWeek, AbuseReasons.VelocityWeek, "7 days", findings);
        CheckLeaks(request, findings);

        var decision = findings.Count == 0 ? AbuseDecision.Allow : findings.Max(f => f.Decision);
        return new AbuseVerdict(decision, findings);
    }

    private static void CheckDevice(PartyIdentity friend, PartyIdentity referrer, PastReferral[] history, List<AbuseFinding> findings)
    {
        var device = DeviceKey(friend.DeviceId);
        if (device is null) return;
        if (device == DeviceKey(referrer.DeviceId) || referrer.KnownDeviceIds.Any(d => DeviceKey(d) == device))
        {
            findings.Add(new(AbuseReasons.SameDevice, AbuseDecision.Block,
                $"friend ordered from the referrer's own device ({friend.DeviceId!.Trim()})."));
            return;
        }
        var earlier = history.Where(h => DeviceKey(h.DeviceId) == device).OrderBy(h => h.At).FirstOrDefault();
        if (earlier is not null)
            findings.Add(new(AbuseReasons.DeviceReused, AbuseDecision.Block,
                $"friend's device ({friend.DeviceId!.Trim()}) was already used by another friend of this referrer (customer {earlier.FriendCustomerId}) on {earlier.At:yyyy-MM-dd}."));
    }

    private void CheckIp(PartyIdentity friend, PartyIdentity referrer, PastReferral[] history, DateTimeOffset now, List<AbuseFinding> findings)
    {
        var ip = IpAddressKey.Normalize(friend.Ip);
        if (ip is null) return;
        var since = now - Options.SameIpWindow;
        var friendsFromIp = 1 + history.Count(h => h.At > since && IpAddressKey.Normalize(h.Ip) == ip);
        var isReferrersIp = ip == IpAddressKey.Normalize(referrer.Ip);
        if (!isReferrersIp && friendsFromIp == 1) return;

        var whose = isReferrersIp ? "the referrer's own IP" : "an IP other friends of this referrer used";
        var window = Describe(Options.SameIpWindow);
        if (friendsFromIp > Options.MaxFriendsPerIp)
            findings.Add(new(AbuseReasons.IpLimit, AbuseDecision.Block,
                $"friend's IP {friend.Ip!.Trim()} is {whose}; this would be friend number {friendsFromIp} from it in {window} (limit {Options.MaxFriendsPerIp})."));
        else
            findings.Add(new(AbuseReasons.SharedIp, AbuseDecision.Allow,
                $"friend's IP {friend.Ip!.Trim()} is {whose}; allowed as friend {friendsFromIp} of {Options.MaxFriendsPerIp} from it in {window}."));
    }

    private void CheckVelocity(PastReferral[] history, DateTimeOffset now, TimeSpan period, int max, string code, string periodText, List<AbuseFinding> findings)
    {
        var since = now - period;
        var earlier = history.Count(h => h.At > since);
        if (earlier + 1 > max)
            findings.Add(new(code, Options.VelocityDecision,
                $"referrer already brought {Plural(earlier, "friend")} in the last {periodText} (limit {max})."));
    }

    private void CheckLeaks(AbuseCheckRequest request, List<AbuseFinding> findings)
    {
        var now = request.Now;
        var burstSince = now - Options.BurstWindow;
        var inBurst = 1 + request.CodeRedemptions.Count(r => r.At > burstSince && r.At <= now);
        if (inBurst > Options.BurstMaxRedemptions)
            findings.Add(new(AbuseReasons.LeakBurst, Options.BurstDecision,
                $"the code was redeemed {inBurst} times in the last {Describe(Options.BurstWindow)} (limit {Options.BurstMaxRedemptions}); it may have leaked."));

        var noClickSince = now - Options.NoClickWindow;
        var recent = request.CodeRedemptions.Where(r => r.At > noClickSince && r.At <= now).ToArray();
        var total = recent.Length + 1;
        var withoutClick = recent.Count(r => !r.HadLinkClick) + (request.FriendHadLinkClick ? 0 : 1);
        var share = (double)withoutClick / total;
        if (total >= Options.NoClickMinRedemptions && share >= Options.NoClickMaxShare)
            findings.Add(new(AbuseReasons.LeakNoClick, Options.NoClickDecision,
                $"{withoutClick} of {total} redemptions of the code in the last {Describe(Options.NoClickWindow)} came without a referral link click " +
                $"({Percent(share)}, threshold {Percent(Options.NoClickMaxShare)}); typical of a code posted on a coupon site."));
    }

    private static string? DeviceKey(string? deviceId) =>
        string.IsNullOrWhiteSpace(deviceId) ? null : deviceId.Trim().ToLowerInvariant();

    private static string Percent(double share) => (share * 100).ToString("0", CultureInfo.InvariantCulture) + "%";

    private static string Plural(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";

    private static string Describe(TimeSpan span) =>
        span.TotalDays >= 1 && span.TotalDays == Math.Floor(span.TotalDays) ? Plural((int)span.TotalDays, "day")
        : span.TotalHours >= 1 && span.TotalHours == Math.Floor(span.TotalHours) ? Plural((int)span.TotalHours, "hour")
        : Plural((int)Math.Ceiling(span.TotalMinutes), "minute");

    private static void Validate(AbuseCheckRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var problems = new ProblemCollector();
        if (request.Referrer is null) problems.Add("referrer", "is required");
        else if (request.Referrer.CustomerId <= 0) problems.Add("referrer.customerId", $"must be positive (was {request.Referrer.CustomerId})");
        if (request.Friend is null) problems.Add("friend", "is required");
        else if (request.Friend.CustomerId <= 0) problems.Add("friend.customerId", $"must be positive (was {request.Friend.CustomerId})");
        if (request.FriendPreviousPaidOrders < 0)
            problems.Add("friendPreviousPaidOrders", $"must not be negative (was {request.FriendPreviousPaidOrders})");
        if (request.ReferrerHistory is null) problems.Add("referrerHistory", "must not be null (pass an empty list)");
        else
            for (var i = 0; i < request.ReferrerHistory.Count; i++)
                if (request.ReferrerHistory[i] is null) problems.Add(ProblemCollector.Index("referrerHistory", i), "is null");
        if (request.CodeRedemptions is null) problems.Add("codeRedemptions", "must not be null (pass an empty list)");
        else
            for (var i = 0; i < request.CodeRedemptions.Count; i++)
                if (request.CodeRedemptions[i] is null) problems.Add(ProblemCollector.Index("codeRedemptions", i), "is null");
        problems.ToResult().ThrowIfInvalid("anti-abuse request");
    }
}
