using Flock.Engine.Templates;
using static Flock.Engine.Tests.Templates.HtmlSafety;

namespace Flock.Engine.Tests.Templates;

public sealed class CampaignHtmlSanitizerTests
{
    [Theory]
    [InlineData("<script>alert(1)</script>")]
    [InlineData("<SCRIPT SRC=//evil.example/x.js></SCRIPT>")]
    [InlineData("<img src=x onerror=alert(1)>")]
    [InlineData("<p onclick=\"alert(1)\" onmouseover='alert(1)'>x</p>")]
    [InlineData("<a href=\"javascript:alert(1)\">x</a>")]
    [InlineData("<a href=\"JaVaScRiPt:alert(1)\">x</a>")]
    [InlineData("<a href=\"java&#x09;script:alert(1)\">x</a>")]
    [InlineData("<a href=\"java&#10;script:alert(1)\">x</a>")]
    [InlineData("<a href=\"&#106;&#97;vascript:alert(1)\">x</a>")]
    [InlineData("<a href=\"&#x6A;avascript&colon;alert(1)\">x</a>")]
    [InlineData("<a href=\" \u0001javascript:alert(1)\">x</a>")]
    [InlineData("<a href=\"vbscript:msgbox(1)\">x</a>")]
    [InlineData("<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">x</a>")]
    [InlineData("<img src=\"data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+\">")]
    [InlineData("<svg onload=alert(1)><circle r=1 /></svg>")]
    [InlineData("<math><mtext><script>alert(1)</script></mtext></math>")]
    [InlineData("<p style=\"width: expression(alert(1))\">x</p>")]
    [InlineData("<p style=\"background-image: url(javascript:alert(1))\">x</p>")]
    [InlineData("<div style=\"background:url('javascript:alert(1)')\">x</div>")]
    [InlineData("<style>body{background:url(javascript:alert(1))}</style>")]
    [InlineData("<iframe src=\"https://evil.example\"></iframe>")]
    [InlineData("<object data=\"x.swf\"></object><embed src=\"x.swf\">")]
    [InlineData("<form action=\"https://evil.example\"><input name=password><button formaction=\"javascript:alert(1)\">go</button></form>")]
    [InlineData("<base href=\"https://evil.example/\"><meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\"><link rel=stylesheet href=//evil.example/x.css>")]
    [InlineData("<details open ontoggle=alert(1)>x</details>")]
    [InlineData("<!--<img src=x onerror=alert(1)>-->")]
    [InlineData("<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\"></noscript>")]
    [InlineData("<a href=\"https://ok.example\" onfocus=alert(1) autofocus>x</a>")]
    public void Dangerous_markup_is_removed(string html)
    {
        var output = CampaignHtmlSanitizer.Sanitize(html);

        AssertInert(output, allowImages: true);
        Assert.DoesNotContain("javascript", output, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("alert(1)>", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Normal_campaign_html_survives()
    {
        const string html = "<p><b>Thanks</b>, <i>Anna</i>!<br><span class=\"flock-accent\">Give 5%</span> "
                            + "<a href=\"https://shop.example/r/K7Q2M\">your link</a> <img src=\"https://shop.example/gift.png\" alt=\"gift\"></p>"
                            + "<ul><li><strong>one</strong></li><li><em>two</em></li></ul>";

        Assert.Equal(html, CampaignHtmlSanitizer.Sanitize(html));
    }

    [Fact]
    public void Safe_inline_styles_survive_and_unsafe_properties_are_dropped()
    {
        var output = CampaignHtmlSanitizer.Sanitize("<p style=\"font-weight: bold; text-align: center; position: fixed; z-index: 99\">x</p>");

        Assert.Equal("<p style=\"font-weight: bold; text-align: center\">x</p>", output);
    }

    [Fact]
    public void Links_opening_a_new_window_get_rel_and_odd_targets_are_dropped()
    {
        Assert.Equal("<a href=\"https://x.example/\" target=\"_blank\" rel=\"noopener noreferrer nofollow\">x</a>",
            CampaignHtmlSanitizer.Sanitize("<a href=\"https://x.example/\" target=\"_BLANK\" rel=\"opener\">x</a>"));
        Assert.Equal("<a href=\"https://x.example/\">x</a>", CampaignHtmlSanitizer.Sanitize("<a href=\"https://x.example/\" target=\"some-frame\">x</a>"));
    }

    [Fact]
    public void Mailto_and_tel_are_for_links_and_data_only_for_raster_images()
    {
        Assert.Equal("<a href=\"mailto:a@shop.example\">m</a><a href=\"tel:+70000000000\">t</a><a href=\"/cart\">c</a>",
            CampaignHtmlSanitizer.Sanitize("<a href=\"mailto:a@shop.example\">m</a><a href=\"tel:+70000000000\">t</a><a href=\"/cart\">c</a>"));
        Assert.Equal("<img src=\"data:image/png;base64,iVBORw0KGgo=\">", CampaignHtmlSanitizer.Sanitize("<img src=\"data:image/png;base64,iVBORw0KGgo=\">"));
        Assert.Equal("<img>", CampaignHtmlSanitizer.Sanitize("<img src=\"mailto:a@shop.example\">"));
        Assert.Equal("<a>x</a>", CampaignHtmlSanitizer.Sanitize("<a href=\"data:image/png;base64,iVBORw0KGgo=\">x</a>"));
    }

    [Fact]
    public void Id_and_name_are_dropped_against_dom_clobbering()
    {
        Assert.Equal("<span>x</span>", CampaignHtmlSanitizer.Sanitize("<span id=\"flock-config\" name=\"x\">x</span>"));
    }

    [Fact]
    public void Text_without_markup_is_returned_as_is()
    {
        const string text = "12\u00A0345,50\u00A0₽ &amp; &lt;b&gt;";

        Assert.Same(text, CampaignHtmlSanitizer.Sanitize(text));
        Assert.Equal("", CampaignHtmlSanitizer.Sanitize(null));
    }

    [Fact]
    public void Escaped_text_stays_escaped_and_no_break_spaces_stay_characters()
    {
        Assert.Equal("<p>12\u00A0345\u00A0₽ &lt;script&gt; &quot;q&quot; &#39;s&#39;</p>",
            CampaignHtmlSanitizer.Sanitize("<p>12\u00A0345\u00A0₽ &lt;script&gt; &quot;q&quot; &#39;s&#39;</p>"));
    }

    [Fact]
    public void The_shared_instance_gives_the_same_result_from_many_threads()
    {
        const string html = "<p onclick=x()><a href=\"https://x.example\" target=\"_blank\">a</a><script>b()</script></p>";
        var expected = CampaignHtmlSanitizer.Sanitize(html);
        var failures = 0;

        Parallel.For(0, 400, new ParallelOptions { MaxDegreeOfParallelism = 8 }, _ =>
        {
            if (CampaignHtmlSanitizer.Sanitize(html) != expected) Interlocked.Increment(ref failures);
        });

        Assert.Equal(0, failures);
        Assert.Equal("<p><a href=\"https://x.example\" target=\"_blank\" rel=\"noopener noreferrer nofollow\">a</a></p>", expected);
    }
}
