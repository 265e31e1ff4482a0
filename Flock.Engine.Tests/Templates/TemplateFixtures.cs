using Flock.Engine.Templates;

namespace Flock.Engine.Tests.Templates;

internal static class TemplateFixtures
{
    public static TemplateModel Model(string firstName = "Anna") => new()
    {
        Customer = new CustomerModel { FirstName = firstName, LastName = "Ivanova", RewardPoints = 1200, Segment = "Loyal", OrderCount = 4,
            LastOrderOn = new DateTimeOffset(2026, 10, 2, 12, 0, 0, TimeSpan.FromHours(3)) },
        Order = new OrderModel { Number = "10452", Total = 12345.5m, PlacedOn = new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.FromHours(3)) },
        Offer = new OfferModel { Percent = 5, MinOrder = 1000, Code = "ANNA5", ExpiresOn = new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.FromHours(3)) },
        Reward = new RewardModel { Amount = 300 },
        Links = new LinksModel { ReferralUrl = "https://shop.example/r/K7Q2M", Telegram = "https://t.me/share/url?url=x" },
        Store = new StoreModel { Name = "Cosy Shop", Url = "https://shop.example/" },
        Campaign = new CampaignModel { Name = "Spring" },
        Currency = CurrencyModel.Rub,
    };

    public static CompiledTemplate Compile(string source, TemplateOutputMode mode = TemplateOutputMode.Html)
    {
        var compilation = TemplateCompiler.CompileUncached(source, mode);
        Assert.True(compilation.Succeeded, string.Join("\n", compilation.Diagnostics));
        return compilation.Template!;
    }

    public static string Render(string source, TemplateModel? model = null, string language = "en")
    {
        var result = Compile(source).Render(model ?? Model(), TemplateCulture.For(language));
        Assert.True(result.Succeeded, string.Join("\n", result.Problems));
        return result.Output;
    }
}
