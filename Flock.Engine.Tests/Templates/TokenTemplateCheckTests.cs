using Flock.Engine.Templates;

namespace Flock.Engine.Tests.Templates;

public class TokenTemplateCheckTests
{
    private static readonly string[] Known = ["%Customer.FullName%", "%Store.Name%", "%Store.URL%", "%Flock.CartItems%", "%Flock.CouponCode%"];

    [Fact]
    public void A_template_of_known_tokens_has_no_problem()
    {
        Assert.Empty(TokenTemplateCheck.Check("<p>Hello %Customer.FullName%,</p>%Flock.CartItems%<a href=\"%Store.URL%\">%Store.Name%</a> 100% sure", Known));
        Assert.Empty(TokenTemplateCheck.Check(null, Known));
    }

    [Fact]
    public void An_unknown_token_is_reported_at_its_line_and_column_with_the_nearest_known_one()
    {
        var problems = TokenTemplateCheck.Check("<p>Hello %Customer.FullName%,</p>\n<p>Your cart:</p>\n  %Flock.CartItem%\n%Flock.Nonsense.Token%", Known);
        Assert.Equal(2, problems.Count);
        Assert.Equal((3, 3), (problems[0].Line, problems[0].Column));
        Assert.Equal(TemplateSeverity.Error, problems[0].Severity);
        Assert.Contains("unknown token %Flock.CartItem%", problems[0].Message);
        Assert.Contains("did you mean %Flock.CartItems%?", problems[0].Message);
        Assert.Equal((4, 1), (problems[1].Line, problems[1].Column));
        Assert.DoesNotContain("did you mean", problems[1].Message);
    }
}
