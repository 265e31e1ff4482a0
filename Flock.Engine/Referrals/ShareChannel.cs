using Flock.Engine.Common;

namespace Flock.Engine.Referrals;

/// <summary>Where a referral link is shared; each channel tags its link so a click is attributed to it.</summary>
public enum ShareChannel
{
    /// <summary>No channel known: a bare link, a typed URL, or an unknown marker. Not selectable as a share button.</summary>
    Direct = 0,
    Vk,
    Odnoklassniki,
    Facebook,
    X,
    Telegram,
    WhatsApp,
    Email,
    BlogEmbed,
    CopyLink,
    NativeShare,
    QrCode,
}

/// <summary>The URL slug of each channel (the <c>ch</c> marker and <c>utm_source</c>) and its parsing.</summary>
public static class ShareChannels
{
    /// <summary>Every selectable channel in the default button order.</summary>
    public static readonly IReadOnlyList<ShareChannel> All =
    [
        ShareChannel.Vk, ShareChannel.Odnoklassniki, ShareChannel.Telegram, ShareChannel.WhatsApp, ShareChannel.Facebook,
        ShareChannel.X, ShareChannel.Email, ShareChannel.CopyLink, ShareChannel.NativeShare, ShareChannel.QrCode,
        ShareChannel.BlogEmbed,
    ];

    /// <summary>The slug used in URLs: vk, ok, facebook, x, telegram, whatsapp, email, blog, copy, native, qr, direct.</summary>
    public static string Slug(this ShareChannel channel) => channel switch
    {
        ShareChannel.Vk => "vk",
        ShareChannel.Odnoklassniki => "ok",
        ShareChannel.Facebook => "facebook",
        ShareChannel.X => "x",
        ShareChannel.Telegram => "telegram",
        ShareChannel.WhatsApp => "whatsapp",
        ShareChannel.Email => "email",
        ShareChannel.BlogEmbed => "blog",
        ShareChannel.CopyLink => "copy",
        ShareChannel.NativeShare => "native",
        ShareChannel.QrCode => "qr",
        _ => "direct",
    };

    /// <summary>
    /// The channel for a slug or a common alias (case-insensitive: "twitter", "tg", "fb", "odnoklassniki", "wa", "mail"…);
    /// false for anything else.
    /// </summary>
    public static bool TryParse(string? slug, out ShareChannel channel)
    {
        channel = (slug?.Trim().ToLowerInvariant()) switch
        {
            "vk" or "vkontakte" => ShareChannel.Vk,
            "ok" or "odnoklassniki" => ShareChannel.Odnoklassniki,
            "facebook" or "fb" => ShareChannel.Facebook,
            "x" or "twitter" => ShareChannel.X,
            "telegram" or "tg" => ShareChannel.Telegram,
            "whatsapp" or "wa" => ShareChannel.WhatsApp,
            "email" or "mail" => ShareChannel.Email,
            "blog" or "embed" => ShareChannel.BlogEmbed,
            "copy" or "link" => ShareChannel.CopyLink,
            "native" => ShareChannel.NativeShare,
            "qr" or "qrcode" => ShareChannel.QrCode,
            "direct" => ShareChannel.Direct,
            _ => (ShareChannel)(-1),
        };
        return Enum.IsDefined(channel);
    }

    /// <summary>
    /// Validates the admin's ordered channel list for a campaign (slugs or aliases): at least one, each known,
    /// none twice, not "direct". Returns the channels in the admin's order, or the problems with their positions.
    /// </summary>
    public static ValidationResult TryParseSelection(IReadOnlyList<string>? slugs, out IReadOnlyList<ShareChannel> channels, string path = "channels")
    {
        var problems = new ProblemCollector();
        var result = new List<ShareChannel>();
        var firstIndex = new Dictionary<ShareChannel, int>();
        if (slugs is null || slugs.Count == 0)
        {
            problems.Add(path, "pick at least one share channel");
        }
        else
        {
            for (var i = 0; i < slugs.Count; i++)
            {
                var itemPath = ProblemCollector.Index(path, i);
                if (!TryParse(slugs[i], out var channel) || channel == ShareChannel.Direct)
                {
                    problems.Add(itemPath, $"unknown share channel \"{slugs[i]}\"; known: {string.Join(", ", All.Select(Slug))}");
                    continue;
                }
                if (firstIndex.TryGetValue(channel, out var first))
                {
                    problems.Add(itemPath, $"\"{slugs[i]}\" repeats {ProblemCollector.Index(path, first)} ({channel.Slug()})");
                    continue;
                }
                firstIndex[channel] = i;
                result.Add(channel);
            }
        }
        var validation = problems.ToResult();
        channels = validation.IsValid ? result : [];
        return validation;
    }

    /// <summary>Like <see cref="TryParseSelection"/> but throws <see cref="FlockValidationException"/> listing every problem.</summary>
    public static IReadOnlyList<ShareChannel> ParseSelection(IReadOnlyList<string>? slugs, string path = "channels")
    {
        TryParseSelection(slugs, out var channels, path).ThrowIfInvalid("share channel selection");
        return channels;
    }
}
