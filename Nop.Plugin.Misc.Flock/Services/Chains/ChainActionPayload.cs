using System.Text.Json;
using Flock.Engine.Chains;

namespace Nop.Plugin.Misc.Flock.Services.Chains;

/// <summary>The details of a recorded action, as the executor needs them (JSON in <see cref="Domain.FlockChainAction.PayloadJson"/>).</summary>
public sealed record ChainActionPayload
{
    public string Template { get; init; }
    public decimal Percent { get; init; }
    public int ValidDays { get; init; }
    public int Points { get; init; }
    public int? PointsValidDays { get; init; }
    /// <summary>The coupon code reserved before its discount is made, so a retry finds the discount instead of making a second one.</summary>
    public string CouponCode { get; init; }

    public static string Write(ChainAction action) => JsonSerializer.Serialize(action switch
    {
        SendMessageAction send => new ChainActionPayload { Template = send.Template },
        IssueCouponAction coupon => new ChainActionPayload
        {
            Percent = coupon.Percent, ValidDays = coupon.ValidDays,
            CouponCode = "FLC" + Guid.NewGuid().ToString("N")[..12].ToUpperInvariant()
        },
        GrantPointsAction points => new ChainActionPayload { Points = points.Points, PointsValidDays = points.ValidDays },
        _ => new ChainActionPayload()
    });

    public static ChainActionPayload Read(string json) => string.IsNullOrEmpty(json) ? new ChainActionPayload() : JsonSerializer.Deserialize<ChainActionPayload>(json);
}
