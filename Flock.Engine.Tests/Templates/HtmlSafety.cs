using AngleSharp.Html.Parser;

namespace Flock.Engine.Tests.Templates;

/// <summary>Asserts that HTML cannot run script, by parsing it as a browser would (AngleSharp) and inspecting the DOM.</summary>
internal static class HtmlSafety
{
    private static readonly string[] ActiveElements =
        ["script", "iframe", "frame", "object", "embed", "svg", "math", "style", "link", "meta", "base", "form", "input", "button", "textarea", "select", "template"];

    /// <summary>Hostile values a customer (or anyone filling the model) could send.</summary>
    public static readonly string Script = "<script>alert(1)</script>";
    public static readonly string ImgOnError = "\"><img src=x onerror=alert(1)>";
    public static readonly string SvgOnLoad = "'><svg onload=alert(1)>";
    public static readonly string JavascriptUrl = "javascript:alert(1)";

    public static void AssertInert(string html, bool allowImages = false)
    {
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<svg", html, StringComparison.OrdinalIgnoreCase);
        if (!allowImages) Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);

        var document = new HtmlParser().ParseDocument(html);
        foreach (var element in document.All)
        {
            Assert.DoesNotContain(element.LocalName, ActiveElements);
            if (!allowImages) Assert.NotEqual("img", element.LocalName);
            foreach (var attribute in element.Attributes)
            {
                Assert.False(attribute.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase), $"event handler {attribute.Name} in {html}");
                if (attribute.Name is "href" or "src" or "action" or "formaction" or "xlink:href")
                {
                    var url = new string(attribute.Value.Where(c => c > ' ').ToArray()).ToLowerInvariant();
                    Assert.False(url.StartsWith("javascript:") || url.StartsWith("vbscript:") || url.StartsWith("data:text"), $"{attribute.Name}={attribute.Value} in {html}");
                }

                if (attribute.Name == "style")
                {
                    Assert.DoesNotContain("expression", attribute.Value, StringComparison.OrdinalIgnoreCase);
                    Assert.DoesNotContain("javascript", attribute.Value, StringComparison.OrdinalIgnoreCase);
                    Assert.DoesNotContain("url(", attribute.Value, StringComparison.OrdinalIgnoreCase);
                }
            }
        }
    }
}
