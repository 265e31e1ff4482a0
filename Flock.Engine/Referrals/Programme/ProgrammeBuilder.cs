using Flock.Engine.Referrals.Campaigns;
using Flock.Engine.Common;

namespace Flock.Engine.Referrals.Programme;

/// <summary>Why a stored campaign is not in the built programme.</summary>
public enum ExclusionReason
{
    /// <summary>The row does not hold a valid campaign (see <see cref="ExcludedCampaign.Problems"/>).</summary>
    Invalid,
    /// <summary>Archived campaigns are never part of a programme.</summary>
    Archived,
    /// <summary>Another campaign kept before it has the same id.</summary>
    DuplicateId,
    /// <summary>Another campaign kept before it uses the same slug (utm_campaign).</summary>
    DuplicateSlug,
}

/// <summary>A campaign left out of the programme, and why (for the log and the admin list).</summary>
/// <param name="Id">The campaign (row) id.</param>
/// <param name="Name">Its name.</param>
/// <param name="Reason">Why it was left out.</param>
/// <param name="Problems">The problems, paths relative to the campaign document (<c>slug</c>, <c>creatives.texts[0].widget.en</c>).</param>
/// <param name="ConflictsWith">For duplicates: the id of the campaign that was kept.</param>
public sealed record ExcludedCampaign(int Id, string Name, ExclusionReason Reason, IReadOnlyList<Problem> Problems, int? ConflictsWith = null)
{
    /// <summary>One sentence: "campaign 7 'Spring': duplicate slug "spring" (kept campaign 3)".</summary>
    public override string ToString() =>
        $"campaign {Id} '{Name}': {(Problems.Count > 0 ? string.Join("; ", Problems) : Reason.ToString().ToLowerInvariant())}";
}

/// <summary>The programme built from every stored campaign, plus each campaign left out with its reason.</summary>
/// <param name="Programme">The programme of every campaign that could be kept.</param>
/// <param name="Excluded">Every campaign left out, in consideration order.</param>
public sealed record ProgrammeBuild(ReferralProgramme Programme, IReadOnlyList<ExcludedCampaign> Excluded)
{
    /// <summary>The campaigns that show widgets and make offers: the programme's <see cref="CampaignStatus.Active"/> ones.</summary>
    public IReadOnlyList<CampaignConfig> Live => Programme.Campaigns.Where(c => c.Status == CampaignStatus.Active).ToArray();
}

/// <summary>
/// The one way the plugin turns its stored campaigns into a <see cref="ReferralProgramme"/>, for the storefront and the
/// admin alike, so both agree on which campaigns are live.
/// <para><b>Rule.</b> Archived and invalid campaigns are left out. The others are considered in <see cref="Order"/>:
/// active first, then priority descending, then id ascending; a campaign whose id or slug is already taken by one kept
/// before it is left out (so a draft never pushes a live campaign out, and of two live ones the higher priority wins).
/// Everything kept builds together, so one bad row never switches the whole programme off.</para>
/// </summary>
public static class ProgrammeBuilder
{
    /// <summary>The consideration order: active first, then priority descending, then id ascending.</summary>
    public static IOrderedEnumerable<CampaignConfig> Order(IEnumerable<CampaignConfig> configs) =>
        configs.OrderBy(c => c.Status == CampaignStatus.Active ? 0 : 1).ThenByDescending(c => c.Priority).ThenBy(c => c.Id);

    /// <summary>Loads every row (<see cref="StoredCampaign.Load"/>) and builds the programme of those that fit.</summary>
    /// <exception cref="FlockValidationException">Only when <paramref name="settings"/> are invalid (paths <c>settings.*</c>).</exception>
    public static ProgrammeBuild Build(IReadOnlyList<StoredCampaign> campaigns, ProgrammeSettings settings)
    {
        ArgumentNullException.ThrowIfNull(campaigns);
        var excluded = new List<ExcludedCampaign>();
        var configs = new List<CampaignConfig>(campaigns.Count);
        foreach (var row in campaigns)
        {
            if (row is null) continue;
            var loaded = row.Load();
            if (loaded.Config is { } config) configs.Add(config);
            else excluded.Add(new ExcludedCampaign(row.Id, row.Name ?? "", ExclusionReason.Invalid, loaded.Problems));
        }

        var built = Build(configs, settings);
        return built with { Excluded = [.. excluded, .. built.Excluded] };
    }

    /// <summary>Builds the programme of those <paramref name="configs"/> that fit (see the class remarks).</summary>
    /// <exception cref="FlockValidationException">Only when <paramref name="settings"/> are invalid (paths <c>settings.*</c>).</exception>
    public static ProgrammeBuild Build(IReadOnlyList<CampaignConfig> configs, ProgrammeSettings settings)
    {
        ArgumentNullException.ThrowIfNull(configs);
        ThrowIfInvalid(settings);
        var (kept, excluded) = Fit(configs.Where(c => c is not null));
        return new ProgrammeBuild(new ReferralProgramme(kept, settings), excluded);
    }

    /// <summary>
    /// The problems <paramref name="candidate"/> would have in the programme next to <paramref name="others"/> (the other
    /// stored campaigns; one with the candidate's id is ignored): its own validation problems, then an id or slug already
    /// used by a campaign the programme keeps — even where <see cref="Order"/> would keep the candidate, so that saving
    /// a form never pushes another campaign out. Paths are relative to the candidate (<c>slug</c>). Empty when it fits;
    /// an archived candidate always fits (it is never in a programme).
    /// </summary>
    public static IReadOnlyList<Problem> ProblemsInProgramme(CampaignConfig candidate, IEnumerable<CampaignConfig> others)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(others);
        if (candidate.Status == CampaignStatus.Archived) return [];
        var own = candidate.Validate();
        if (!own.IsValid) return own.Problems;

        var (kept, _) = Fit(others.Where(c => c is not null && c.Id != candidate.Id));
        var problems = new List<Problem>();
        if (kept.FirstOrDefault(c => c.EffectiveSlug == candidate.EffectiveSlug) is { } sameSlug)
            problems.Add(new Problem("slug", $"slug \"{candidate.EffectiveSlug}\" is already used by campaign {sameSlug.Id} '{sameSlug.Name}'"));
        return problems;
    }

    private static (List<CampaignConfig> Kept, List<ExcludedCampaign> Excluded) Fit(IEnumerable<CampaignConfig> configs)
    {
        var kept = new List<CampaignConfig>();
        var excluded = new List<ExcludedCampaign>();
        var byId = new Dictionary<int, CampaignConfig>();
        var bySlug = new Dictionary<string, CampaignConfig>(StringComparer.Ordinal);
        foreach (var config in Order(configs))
        {
            if (config.Status == CampaignStatus.Archived)
            {
                excluded.Add(new ExcludedCampaign(config.Id, config.Name, ExclusionReason.Archived, []));
                continue;
            }

            var validation = config.Validate();
            if (!validation.IsValid)
                excluded.Add(new ExcludedCampaign(config.Id, config.Name, ExclusionReason.Invalid, validation.Problems));
            else if (byId.TryGetValue(config.Id, out var sameId))
                excluded.Add(new ExcludedCampaign(config.Id, config.Name, ExclusionReason.DuplicateId,
                    [new Problem("id", $"campaign id {config.Id} is already used by '{sameId.Name}'")], sameId.Id));
            else if (bySlug.TryGetValue(config.EffectiveSlug, out var sameSlug))
                excluded.Add(new ExcludedCampaign(config.Id, config.Name, ExclusionReason.DuplicateSlug,
                    [new Problem("slug", $"slug \"{config.EffectiveSlug}\" is already used by campaign {sameSlug.Id} '{sameSlug.Name}'")], sameSlug.Id));
            else
            {
                kept.Add(config);
                byId[config.Id] = config;
                bySlug[config.EffectiveSlug] = config;
            }
        }

        return (kept, excluded);
    }

    private static void ThrowIfInvalid(ProgrammeSettings settings)
    {
        var problems = new ProblemCollector();
        if (settings is null) problems.Add("settings", "is required");
        else
            foreach (var problem in settings.Validate().Problems)
                problems.Add(ProblemCollector.Join("settings", problem.Path), problem.Message);
        problems.ToResult().ThrowIfInvalid("referral programme");
    }
}
