using Flock.Engine.Common;
using QRCoder;

namespace Flock.Engine.Referrals;

/// <summary>QR codes of a (channel-tagged) referral link, as PNG bytes or an SVG document. Stateless and thread-safe.</summary>
public static class ReferralQrCode
{
    /// <summary>Default size of one QR module in pixels.</summary>
    public const int DefaultPixelsPerModule = 10;

    /// <summary>PNG image of <paramref name="url"/> (error correction level Q, survives print smudges and a logo sticker).</summary>
    public static byte[] Png(string url, int pixelsPerModule = DefaultPixelsPerModule)
    {
        using var data = Encode(url, pixelsPerModule);
        return new PngByteQRCode(data).GetGraphic(pixelsPerModule);
    }

    /// <summary>SVG document of <paramref name="url"/>; scales without loss for print.</summary>
    public static string Svg(string url, int pixelsPerModule = DefaultPixelsPerModule)
    {
        using var data = Encode(url, pixelsPerModule);
        return new SvgQRCode(data).GetGraphic(pixelsPerModule);
    }

    private static QRCodeData Encode(string url, int pixelsPerModule)
    {
        var problems = new ProblemCollector();
        if (string.IsNullOrWhiteSpace(url)) problems.Add("url", "is required");
        else if (url.Length > 2000) problems.Add("url", $"is too long for a scannable QR code ({url.Length} characters, at most 2000)");
        if (pixelsPerModule is < 1 or > 100) problems.Add("pixelsPerModule", $"must be between 1 and 100 (was {pixelsPerModule})");
        problems.ToResult().ThrowIfInvalid("QR code");
        return QRCodeGenerator.GenerateQrCode(url, QRCodeGenerator.ECCLevel.Q);
    }
}
