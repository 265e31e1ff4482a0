// Form models: reference types are not implicitly required by MVC's validation here; what is required is checked with its path (ChainModelFactory.Apply)
#nullable disable
namespace Nop.Plugin.Misc.Flock.Models.Admin;

/// <summary>The chains page: the store's chains with their measured effect, and the gallery of ready scenarios.</summary>
public record ChainListModel
{
    public IList<ChainRowModel> Chains { get; init; } = [];
    public IList<ScenarioModel> Gallery { get; init; } = [];
}

public record ChainRowModel
{
    public string Key { get; init; }
    public string Name { get; init; }
    public string Trigger { get; init; }
    public string Lifecycle { get; init; }
    public int Version { get; init; }
    public double HoldoutPercent { get; init; }
    public long Entered { get; init; }
    public long Active { get; init; }
    public long Sent { get; init; }
    /// <summary>"45% (9/20)" of the delivered messages; empty before the first delivery.</summary>
    public string OpenRate { get; init; }
    public string ClickRate { get; init; }
    public long Converted { get; init; }
    public long Unsubscribed { get; init; }
    public string MessagedRate { get; init; }
    public string HoldoutRate { get; init; }
    /// <summary>The engine's verdict in words ("not enough data yet — N more customers needed"…).</summary>
    public string Effect { get; init; }
    public string Verdict { get; init; }
}

public record ScenarioModel
{
    public string Key { get; init; }
    public string Name { get; init; }
    public string Description { get; init; }
    public string Trigger { get; init; }
    public IList<string> Steps { get; init; } = [];
    public bool Launched { get; init; }
    /// <summary>The resource key of why the scenario cannot start in this store; null when it can.</summary>
    public string CannotLaunchReason { get; init; }
    public bool CanLaunch => CannotLaunchReason is null;
}

/// <summary>One chain: its steps in order in words with their counts, the effect against the holdout, its versions and an editor of its values.</summary>
public record ChainDetailModel
{
    public ChainRowModel Row { get; init; }
    public string ReEntry { get; init; }
    public bool Marketing { get; init; }
    public IList<string> Goals { get; init; } = [];
    public IList<ChainStepModel> Steps { get; init; } = [];
    public IList<(int Version, DateTime CreatedOn, long Active)> Versions { get; init; } = [];
    public IList<TimelineEntryModel> Recent { get; init; } = [];
    public IList<ChainActionProblemModel> Problems { get; init; } = [];
    public ChainEditModel Edit { get; init; }
    public IList<string> EditErrors { get; init; } = [];
}

public record ChainStepModel
{
    public int Number { get; init; }
    public string Id { get; init; }
    public string Text { get; init; }
    public long Sent { get; init; }
    public long Cancelled { get; init; }
    public long Expired { get; init; }
    public long HeldOut { get; init; }
    public long Waiting { get; init; }
    public long Delivered { get; init; }
    public long Opened { get; init; }
    public long Clicked { get; init; }
}

/// <summary>An action that failed and is being retried (SMTP down, a missing template): visible, never silently lost.</summary>
public record ChainActionProblemModel(int ActionId, string Step, string Kind, int Attempts, DateTime NextAttemptOn, string LastError, int CustomerId);

/// <summary>The values an admin may change on a chain without touching its structure; saved as a new version.</summary>
public record ChainEditModel
{
    public string Key { get; set; }
    public string Name { get; set; }
    /// <summary>Required: an empty field is an error, never a silent 0 (which would switch measurement off).</summary>
    public double? HoldoutPercent { get; set; }
    /// <summary>0: once ever; &gt; 0: at most once in that many days. Required.</summary>
    public int? ReEntryDays { get; set; }
    public bool ReEntryEveryTrigger { get; set; }
    public List<ChainStepEditModel> Steps { get; set; } = [];
}

public record ChainStepEditModel
{
    public string Id { get; set; }
    public string Kind { get; set; }
    public string Label { get; set; }
    /// <summary>Wait: minutes. Send: minutes it stays worth sending.</summary>
    public int? Minutes { get; set; }
    /// <summary>Wait until: HH:mm.</summary>
    public string LocalTime { get; set; }
    public string Template { get; set; }
    public decimal? Percent { get; set; }
    public int? ValidDays { get; set; }
    public int? Points { get; set; }
}

/// <summary>A customer's life in Flock's chains, newest first: what they did, where they entered, what was sent or skipped and why.</summary>
public record CustomerTimelineModel
{
    public int CustomerId { get; init; }
    public string Customer { get; init; }
    public string Email { get; init; }
    public IList<TimelineEntryModel> Entries { get; init; } = [];
    public IList<EnrollmentRowModel> Enrollments { get; init; } = [];
}

public record TimelineEntryModel(DateTime At, string Kind, string Chain, string Step, string Text, int CustomerId = 0);

public record EnrollmentRowModel(string Chain, int Version, string Trigger, bool Holdout, string Status, int Step, DateTime EnteredOn, DateTime? DueOn, string Why);

/// <summary>The RFM overview: one row per named segment and the recency × frequency grid with counts and revenue.</summary>
public record SegmentOverviewModel
{
    public DateTimeOffset? AsOf { get; init; }
    public long Customers { get; init; }
    public decimal Revenue { get; init; }
    public string CurrencyCode { get; init; }
    public IList<SegmentRowModel> Segments { get; init; } = [];
    /// <summary>[recency 1–5 - 1, frequency 1–5 - 1]: customers and their revenue.</summary>
    public global::Flock.Engine.Segments.RfmTally[,] Grid { get; init; } = new global::Flock.Engine.Segments.RfmTally[5, 5];
}

public record SegmentRowModel(string Key, string Name, long Customers, decimal Revenue, double Share);
