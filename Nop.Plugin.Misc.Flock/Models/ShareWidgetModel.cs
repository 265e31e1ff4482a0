using Nop.Web.Framework.Models;

namespace Nop.Plugin.Misc.Flock.Models;

/// <summary>The share block: engine-rendered (escaped) text, the personal link and the share buttons in campaign order.</summary>
public record ShareWidgetModel : BaseNopModel
{
    /// <summary>Rendered by the engine with HTML escaping of every token: safe to output as is.</summary>
    public string Html { get; init; }

    /// <summary>Campaign CSS, validated by the engine (no closing tags).</summary>
    public string CustomCss { get; init; }

    /// <summary>The campaign's thank-you recommendation block: products shown, 0 none, null the store's setting.</summary>
    public int? ThankYouRecommendations { get; init; }

    public string Link { get; init; }

    public string ShareMessage { get; init; }

    public IList<ShareButtonModel> Buttons { get; init; } = new List<ShareButtonModel>();

    /// <summary>The referrer's code: the QR image is served by its own route (drawn when the shopper opens it, not while the page renders).</summary>
    public string ReferrerCode { get; init; }

    public string EmbedSnippet { get; init; }

    public string ImageUrl { get; init; }

    public int CampaignId { get; init; }

    public string Variant { get; init; }

    /// <summary>Where the widget is shown (thank-you, account...), for the styles.</summary>
    public string Placement { get; init; }
}

public record ShareButtonModel
{
    /// <summary>Channel slug (vk, ok, facebook, x, telegram, whatsapp, email, copy, native, qr, blog).</summary>
    public string Channel { get; init; }

    /// <summary>url | copy | native | embed | qr</summary>
    public string Kind { get; init; }

    public string Label { get; init; }

    public string Url { get; init; }

    public string TextToCopy { get; init; }

    public string Title { get; init; }

    public string Text { get; init; }
}
