using System.Text.Json;
using System.Text.Json.Serialization;
using Flock.Engine.Referrals.Offers;

namespace Flock.Engine.Referrals.Rewards.Ledger;

/// <summary>
/// Stable JSON form of a <see cref="RewardEntry"/> (with its history), for the plugin's ledger rows. Versioned ("v": 1);
/// reward values are tagged by kind (coupon, points, gift). <c>Read(Write(e))</c> equals <c>e</c>.
/// </summary>
public static class RewardEntryJson
{
    private const int CurrentVersion = 1;

    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter() },
    };

    public static string Write(RewardEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var dto = new EntryDto
        {
            V = CurrentVersion,
            CauseKey = entry.CauseKey,
            PolicyId = entry.PolicyId,
            BeneficiaryCustomerId = entry.BeneficiaryCustomerId,
            Role = entry.Role,
            Earned = ValueDto.From(entry.Earned),
            Current = ValueDto.From(entry.Current),
            Granted = entry.Granted is null ? null : ValueDto.From(entry.Granted),
            ReversedMagnitude = entry.ReversedMagnitude,
            State = entry.State,
            RecordedAt = entry.RecordedAt,
            OrderId = entry.OrderId,
            OrderAmount = entry.OrderAmount,
            ReturnWindowDays = entry.ReturnWindowDays,
            RequiresManualApproval = entry.RequiresManualApproval,
            OrderPaidAt = entry.OrderPaidAt,
            OrderRefunded = entry.OrderRefunded,
            History = entry.History.Select(t => new TransitionDto { From = t.From, To = t.To, At = t.At, Reason = t.Reason, Actor = t.Actor }).ToList(),
        };
        return JsonSerializer.Serialize(dto, Options);
    }

    /// <exception cref="FormatException">The text is not a reward entry this version understands.</exception>
    public static RewardEntry Read(string json)
    {
        EntryDto? dto;
        try
        {
            dto = JsonSerializer.Deserialize<EntryDto>(json, Options);
        }
        catch (JsonException e)
        {
            throw new FormatException($"Not a reward entry: {e.Message}", e);
        }

        if (dto is null || dto.V != CurrentVersion || dto.CauseKey is null || dto.PolicyId is null || dto.Earned is null || dto.Current is null)
            throw new FormatException("Not a reward entry (missing version, cause key, policy or values).");

        var history = RewardHistory.Empty;
        foreach (var t in dto.History ?? [])
            history = history.Append(new RewardTransition(t.From, t.To, t.At, t.Reason ?? "", t.Actor ?? RewardEntry.SystemActor));

        return new RewardEntry
        {
            CauseKey = dto.CauseKey,
            PolicyId = dto.PolicyId,
            BeneficiaryCustomerId = dto.BeneficiaryCustomerId,
            Role = dto.Role,
            Earned = dto.Earned.ToValue(),
            Current = dto.Current.ToValue(),
            Granted = dto.Granted?.ToValue(),
            ReversedMagnitude = dto.ReversedMagnitude,
            State = dto.State,
            RecordedAt = dto.RecordedAt,
            OrderId = dto.OrderId,
            OrderAmount = dto.OrderAmount,
            ReturnWindowDays = dto.ReturnWindowDays,
            RequiresManualApproval = dto.RequiresManualApproval,
            OrderPaidAt = dto.OrderPaidAt,
            OrderRefunded = dto.OrderRefunded,
            History = history,
        };
    }

    private sealed class EntryDto
    {
        public int V { get; set; }
        public string? CauseKey { get; set; }
        public string? PolicyId { get; set; }
        public int BeneficiaryCustomerId { get; set; }
        public BeneficiaryRole Role { get; set; }
        public ValueDto? Earned { get; set; }
        public ValueDto? Current { get; set; }
        public ValueDto? Granted { get; set; }
        public decimal ReversedMagnitude { get; set; }
        public RewardState State { get; set; }
        public DateTimeOffset RecordedAt { get; set; }
        public int? OrderId { get; set; }
        public decimal OrderAmount { get; set; }
        public int ReturnWindowDays { get; set; }
        public bool RequiresManualApproval { get; set; }
        public DateTimeOffset? OrderPaidAt { get; set; }
        public decimal OrderRefunded { get; set; }
        public List<TransitionDto>? History { get; set; }
    }

    private sealed class TransitionDto
    {
        public RewardState? From { get; set; }
        public RewardState To { get; set; }
        public DateTimeOffset At { get; set; }
        public string? Reason { get; set; }
        public string? Actor { get; set; }
    }

    private sealed class ValueDto
    {
        public string? Type { get; set; }
        public DiscountKind? DiscountKind { get; set; }
        public decimal? Value { get; set; }
        public int? ValidDays { get; set; }
        public decimal? MinimumSubtotal { get; set; }
        public decimal? MaximumDiscount { get; set; }
        public int? Points { get; set; }
        public int? ActivationDelayDays { get; set; }
        public string? Gift { get; set; }
        public int? Quantity { get; set; }
        public int? ProductId { get; set; }

        public static ValueDto From(RewardValue value) => value switch
        {
            CouponReward c => new ValueDto { Type = "coupon", DiscountKind = c.Kind, Value = c.Value, ValidDays = c.ValidDays, MinimumSubtotal = c.MinimumSubtotal, MaximumDiscount = c.MaximumDiscount },
            PointsReward p => new ValueDto { Type = "points", Points = p.Points, ActivationDelayDays = p.ActivationDelayDays, ValidDays = p.ValidDays },
            GiftReward g => new ValueDto { Type = "gift", Gift = g.Gift, Quantity = g.Quantity, ProductId = g.ProductId },
            _ => throw new NotSupportedException($"Unknown reward value {value.GetType().Name}."),
        };

        public RewardValue ToValue() => Type switch
        {
            "coupon" => new CouponReward(DiscountKind ?? Offers.DiscountKind.Percent, Value ?? 0m, ValidDays ?? 0, MinimumSubtotal ?? 0m, MaximumDiscount),
            "points" => new PointsReward(Points ?? 0, ActivationDelayDays ?? 0, ValidDays),
            "gift" => new GiftReward(Gift ?? "", Quantity ?? 1, ProductId),
            _ => throw new FormatException($"Unknown reward value type '{Type}'."),
        };
    }
}
