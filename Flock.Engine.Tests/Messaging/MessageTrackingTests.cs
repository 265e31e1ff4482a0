using Flock.Engine.Messaging;

namespace Flock.Engine.Tests.Messaging;

public class MessageTrackingTests
{
    private static string Track(string url) => "https://shop.example/flock/c/7/sig?u=" + Uri.EscapeDataString(url);

    [Fact]
    public void Every_web_link_of_an_anchor_goes_through_the_tracked_redirect()
    {
        var html = "<p><a href=\"https://shop.example/cart\">Cart</a> <a class='x' href='http://shop.example/p?a=1&amp;b=2'>P</a></p>";
        var tracked = MessageTracking.TrackLinks(html, Track);
        Assert.Contains("href=\"https://shop.example/flock/c/7/sig?u=https%3A%2F%2Fshop.example%2Fcart\"", tracked);
        // the decoded link is what is tracked (a=1&b=2), written back encoded
        Assert.Contains("href='https://shop.example/flock/c/7/sig?u=http%3A%2F%2Fshop.example%2Fp%3Fa%3D1%26b%3D2'", tracked);
        Assert.Contains(">Cart</a>", tracked);
    }

    [Fact]
    public void Mail_phone_in_page_and_declined_links_stay_as_they_are()
    {
        var html = "<a href=\"mailto:a@b.c\">m</a><a href=\"tel:+1\">t</a><a href=\"#top\">#</a><a href=\"javascript:alert(1)\">j</a>"
            + "<a href=\"https://shop.example/flock/unsubscribe/5/abc\">Unsubscribe</a><img src=\"https://shop.example/i.png\">";
        var tracked = MessageTracking.TrackLinks(html, url => url.Contains("/flock/unsubscribe/") ? null : Track(url));
        Assert.Equal(html, tracked);
    }

    [Fact]
    public void The_open_pixel_goes_before_the_end_of_the_body_or_at_the_end()
    {
        Assert.Equal("<html><body><p>Hi</p><img src=\"https://s/o/1/x\" width=\"1\" height=\"1\" alt=\"\" style=\"display:block;border:0;width:1px;height:1px\"></body></html>",
            MessageTracking.AddOpenPixel("<html><body><p>Hi</p></body></html>", "https://s/o/1/x"));
        Assert.EndsWith("<img src=\"https://s/o/1/x?a=1&amp;b=2\" width=\"1\" height=\"1\" alt=\"\" style=\"display:block;border:0;width:1px;height:1px\">",
            MessageTracking.AddOpenPixel("<p>Hi</p>", "https://s/o/1/x?a=1&b=2"));
    }
}
