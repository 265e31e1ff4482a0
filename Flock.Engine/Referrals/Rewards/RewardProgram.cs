using Flock.Engine.Common;
using Flock.Engine.Referrals.Offers;

namespace Flock.Engine.Referrals.Rewards;

/// <summary>A store's (or campaign's) reward configuration: the friend offer, the referrer policies and the settle rule.</summary>
public sealed record RewardProgram
{
    /// <summary>Default days a friend's order may still be returned after it is paid.</summary>
    public const int DefaultReturnWindowDays = 14;

    public FriendOffer FriendOffer { get; init; } = new();
    public IReadOnlyList<RewardPolicy> Policies { get; init; } = [];
    /// <summary>Days after a friend's order is paid before rewards tied to it may be granted (0: as soon as paid).</summary>
    public int ReturnWindowDays { get; init; } = DefaultReturnWindowDays;

    /// <summary>Every problem in the configuration, with paths such as <c>policies[1].reward.value</c>.</summary>
    public ValidationResult Validate()
    {
        var problems = new ProblemCollector();
        if (FriendOffer is null)
            problems.Add("friendOffer", "is required");
        else
            FriendOffer.Validate(problems, "friendOffer");

        if (ReturnWindowDays is < 0 or > FriendOffer.MaxValidDays)
            problems.Add("returnWindowDays", $"must be between 0 and {FriendOffer.MaxValidDays}");

        if (Policies is null)
        {
            problems.Add("policies", "is required");
            return problems.ToResult();
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < Policies.Count; i++)
        {
            var path = ProblemCollector.Index("policies", i);
            var policy = Policies[i];
            if (policy is null)
            {
                problems.Add(path, "is required");
                continue;
            }

            policy.Validate(problems, path);
            if (!string.IsNullOrWhiteSpace(policy.Id) && !ids.Add(policy.Id))
                problems.Add(ProblemCollector.Join(path, "id"), $"'{policy.Id}' is used by another policy");
        }

        return problems.ToResult();
    }
}
