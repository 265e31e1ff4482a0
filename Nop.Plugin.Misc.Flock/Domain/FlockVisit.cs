using Nop.Core;

namespace Nop.Plugin.Misc.Flock.Domain;

/// <summary>A visit of a referral link (server-side attribution evidence; guests have a customer record too).</summary>
public class FlockVisit : BaseEntity
{
    public int ReferrerId { get; set; }

    public string Channel { get; set; }

    public int CampaignId { get; set; }

    public string Variant { get; set; }

    public int VisitorCustomerId { get; set; }

    public string IpAddress { get; set; }

    public DateTime CreatedOnUtc { get; set; }
}
