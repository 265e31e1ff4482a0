using Flock.Engine.Common;

namespace Flock.Engine.Messaging;

/// <summary>
/// One contact-pressure policy for a store across every chain and channel (T5): frequency caps per channel and overall,
/// quiet hours in each recipient's own time zone. Messages over a cap or inside quiet hours are deferred, never dropped.
/// </summary>
public sealed record ContactPressurePolicy
{
    /// <summary>Most caps one policy holds.</summary>
    public const int MaxCaps = 20;

    /// <summary>A sensible start: 1 email a day, 3 a week, 5 messages a week on all channels, quiet 21:00–09:00.</summary>
    public static readonly ContactPressurePolicy Default = new()
    {
        Caps =
        [
            new FrequencyCap(Channel.Email, 1, TimeSpan.FromDays(1)),
            new FrequencyCap(Channel.Email, 3, TimeSpan.FromDays(7)),
            new FrequencyCap(null, 5, TimeSpan.FromDays(7)),
        ],
        QuietHours = new QuietHours(new TimeOnly(21, 0), new TimeOnly(9, 0)),
    };

    /// <summary>No caps, no quiet hours.</summary>
    public static readonly ContactPressurePolicy None = new();

    public IReadOnlyList<FrequencyCap> Caps { get; init; } = [];
    public QuietHours? QuietHours { get; init; }
    /// <summary>Whether quiet hours hold transactional messages too (true: a rating request never arrives at 3 a.m.).</summary>
    public bool QuietHoursCoverTransactional { get; init; } = true;

    public ValidationResult Validate()
    {
        var problems = new ProblemCollector();
        if (Caps is null) problems.Add("caps", "required");
        else
        {
            if (Caps.Count > MaxCaps) problems.Add("caps", $"at most {MaxCaps} caps");
            for (var i = 0; i < Caps.Count; i++)
            {
                var path = ProblemCollector.Index("caps", i);
                var cap = Caps[i];
                if (cap is null) { problems.Add(path, "required"); continue; }
                if (cap.MaxMessages < 1) problems.Add(ProblemCollector.Join(path, "maxMessages"), "must be at least 1");
                if (cap.Window <= TimeSpan.Zero) problems.Add(ProblemCollector.Join(path, "window"), "must be longer than zero");
                else if (cap.Window > FrequencyCap.MaxWindow) problems.Add(ProblemCollector.Join(path, "window"), "at most 366 days");
                if (cap.Channel is { } channel && !Enum.IsDefined(channel)) problems.Add(ProblemCollector.Join(path, "channel"), "unknown channel");
            }
        }
        if (QuietHours is { } quiet && quiet.From == quiet.To)
            problems.Add("quietHours", "from and to are the same time; leave quiet hours out to have none");
        return problems.ToResult();
    }
}
