using Flock.Engine.Referrals.Campaigns;
using Flock.Engine.Experiments;
using Flock.Engine.Referrals.Offers;
using Flock.Engine.Referrals.Programme;
using Flock.Engine.Targeting;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Flock.Engine.Tests.Referrals.Programme;

public sealed class CampaignConfigTests
{
    [Fact]
    public void The_default_campaign_is_valid_and_matches_the_brief()
    {
        var config = DefaultCampaign.Create();

        Assert.True(config.Validate().IsValid, config.Validate().ToString());
        Assert.Equal(CampaignTriggers.OrderPlaced | CampaignTriggers.Registered | CampaignTriggers.NewsletterSubscribed, config.Triggers.ToTriggers());
        Assert.Null(config.Audience);
        var motivation = Assert.Single(config.Creatives.Motivations);
        Assert.Equal(5m, motivation.FriendOffer.Value);
        Assert.Equal(30, motivation.FriendOffer.ValidDays);
        Assert.Equal(RewardType.Coupon, motivation.ReferrerReward.Type);
        Assert.Equal(10m, motivation.ReferrerReward.Value);
        Assert.Equal(11, config.Channels.Count);
        Assert.Contains("ru", Assert.Single(config.Creatives.Texts).Widget.Keys);
        Assert.Equal(30, config.Attribution.WindowDays);
        Assert.True(config.Attribution.FriendMustBeNewCustomer);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(0)]
    [InlineData(6)]
    public void The_thank_you_recommendation_choice_round_trips_and_is_valid(int? products)
    {
        var config = DefaultCampaign.Create() with { ThankYouRecommendations = products };
        var parsed = CampaignConfigJson.Parse(CampaignConfigJson.Write(config));

        Assert.True(parsed.IsValid, parsed.Validation.ToString());
        Assert.Equal(products, parsed.Config!.ThankYouRecommendations);
    }

    [Fact]
    public void The_default_campaign_round_trips_through_json()
    {
        var json = CampaignConfigJson.Write(DefaultCampaign.Create());

        var parsed = CampaignConfigJson.Parse(json);

        Assert.True(parsed.IsValid, parsed.Validation.ToString());
        Assert.Equal(json, CampaignConfigJson.Write(parsed.Config!));
        Assert.Contains("\"friendOffer\":{\"kind\":\"percent\",\"value\":5", json);
        Assert.Contains("\"status\":\"active\"", json);
        Assert.Contains("спасибо", json);
    }

    [Fact]
    public void A_config_with_audience_schedule_pictures_and_budget_round_trips()
    {
        var config = DefaultCampaign.Create() with
        {
            Audience = RuleGroup.AllOf(new RulePredicate("order.total", "gte", RuleValue.Of(1000m))),
            Schedule = new ScheduleConfig { StartsAt = ProgrammeFixtures.Now, DaysOfWeek = [DayOfWeek.Monday], HoursFrom = new TimeOnly(9, 0), HoursTo = new TimeOnly(21, 0) },
            Budget = new CampaignBudget { MaxParticipants = 100 },
            HoldoutShare = 0.1,
            StoreIds = [1, 2],
            CustomCss = ".flock-widget { color: red; }",
            Creatives = DefaultCampaign.Create().Creatives with
            {
                Strategy = AllocationStrategy.Bandit,
                Pictures = [new PictureConfig { Id = "gift", Label = "Gift box", ImageUrl = "https://cdn.example/gift.png" }],
            },
        };

        var json = CampaignConfigJson.Write(config, indented: true);
        var parsed = CampaignConfigJson.Parse(json);

        Assert.True(parsed.IsValid, parsed.Validation.ToString());
        Assert.Equal(json, CampaignConfigJson.Write(parsed.Config!, indented: true));
        Assert.Equal(config.Audience, parsed.Config!.Audience);
        Assert.Equal(new TimeOnly(21, 0), parsed.Config.Schedule.HoursTo);
    }

    [Property(MaxTest = 60)]
    public Property Generated_configs_round_trip() =>
        Prop.ForAll(Arb.From(ConfigGen()), config =>
        {
            var json = CampaignConfigJson.Write(config);
            var parsed = CampaignConfigJson.Parse(json);
            return parsed.IsValid && CampaignConfigJson.Write(parsed.Config!) == json;
        });

    private static Gen<CampaignConfig> ConfigGen() =>
        from id in Gen.Choose(1, 100_000)
        from priority in Gen.Choose(-5, 5)
        from version in Gen.Choose(1, 50)
        from percent in Gen.Choose(1, 100)
        from reward in Gen.Choose(1, 5000)
        from days in Gen.Choose(1, 365)
        from holdout in Gen.Choose(0, 50)
        from channels in Gen.Shuffle(DefaultCampaign.Channels.ToArray())
        from channelCount in Gen.Choose(1, DefaultCampaign.Channels.Count)
        from points in Gen.Elements(true, false)
        from triggers in Gen.Choose(1, 15)
        from motivationCount in Gen.Choose(1, 3)
        from name in Gen.Elements("Спасибо!", "A \"quoted\" <name>", "plain")
        select DefaultCampaign.Create(id, name) with
        {
            Priority = priority,
            Version = version,
            HoldoutShare = holdout / 100.0,
            Channels = channels.Take(channelCount).ToArray(),
            Triggers = new TriggerConfig { OrderPlaced = (triggers & 1) != 0, OrderPaid = (triggers & 2) != 0, Registered = (triggers & 4) != 0, Subscribed = (triggers & 8) != 0 },
            Creatives = DefaultCampaign.Create().Creatives with
            {
                Motivations = Enumerable.Range(0, motivationCount).Select(i => new MotivationConfig
                {
                    Id = $"m{i}",
                    Label = $"Motivation {i}",
                    FriendOffer = new OfferConfig { Kind = DiscountKind.Percent, Value = percent, ValidDays = days },
                    ReferrerReward = points
                        ? new RewardConfig { Type = RewardType.Points, Value = reward }
                        : new RewardConfig { Type = RewardType.Coupon, Kind = DiscountKind.FixedAmount, Value = reward, ValidDays = days },
                }).ToArray(),
            },
        };

    [Fact]
    public void Every_problem_is_reported_with_its_path()
    {
        var config = DefaultCampaign.Create() with
        {
            Id = 0,
            Name = " ",
            Slug = "Bad Slug",
            Version = 0,
            HoldoutShare = 0.9,
            StoreIds = [1, 1],
            Schedule = new ScheduleConfig { StartsAt = ProgrammeFixtures.Now, EndsAt = ProgrammeFixtures.Now.AddDays(-1), HoursFrom = new TimeOnly(9, 0) },
            Budget = new CampaignBudget { MaxParticipants = 0 },
            Triggers = new TriggerConfig(),
            Channels = ["vk", "myspace", "vk"],
            CustomCss = new string('x', CampaignConfig.MaxCustomCssLength + 1),
            ThankYouRecommendations = 13,
            Attribution = new Flock.Engine.Referrals.Attribution.AttributionPolicy { WindowDays = 0 },
            AbuseGuard = new Flock.Engine.Referrals.AntiAbuse.AbuseGuardOptions { MaxFriendsPerIp = 0 },
            Audience = RuleGroup.AllOf(new RulePredicate("order.total", "gte", RuleValue.Of("lots"))),
            Creatives = new CreativesConfig
            {
                Motivations =
                [
                    DefaultCampaign.Create().Creatives.Motivations[0],
                    new MotivationConfig
                    {
                        Id = "Bad-Id",
                        FriendOffer = new OfferConfig { Value = 150m },
                        ReferrerReward = new RewardConfig { Type = RewardType.Coupon, Value = -1m },
                        MinimumFriendOrder = -5m,
                    },
                ],
                Texts = [new TextConfig { Id = "t", Widget = new Dictionary<string, string> { ["en"] = "{% if %}" }, ShareMessage = new Dictionary<string, string>() }],
                Pictures = [new PictureConfig { Id = "p", ImageUrl = "ftp://x" }],
            },
        };

        var problems = config.Validate().Problems.Select(p => p.ToString()).ToArray();

        string[] expectedPrefixes =
        [
            "id:", "name:", "slug:", "version:", "holdoutShare:", "storeIds[1]:", "schedule.endsAt:", "schedule.hoursTo:",
            "budget.maxParticipants:", "triggers:", "channels[1]:", "channels[2]:", "customCss:", "thankYouRecommendations:", "attribution.windowDays:",
            "abuseGuard.maxFriendsPerIp:", "audience.conditions[0].value:", "creatives.motivations[1].id:",
            "creatives.motivations[1].friendOffer.value: percent must be between 0 and 100", "creatives.motivations[1].referrerReward.value:", "creatives.motivations[1].minimumFriendOrder:",
            "creatives.texts[0].widget.en:", "creatives.texts[0].shareMessage:", "creatives.pictures[0].imageUrl:",
        ];
        foreach (var prefix in expectedPrefixes)
            Assert.True(problems.Any(p => p.StartsWith(prefix, StringComparison.Ordinal)), $"missing {prefix} in:\n{string.Join("\n", problems)}");
        Assert.Equal(problems.Length, problems.Distinct().Count());
    }

    [Fact]
    public void Parse_reports_malformed_json_with_line_and_position()
    {
        var result = CampaignConfigJson.Parse("{\n  \"id\": 1,\n  \"name\": \n}");

        Assert.False(result.IsValid);
        Assert.Null(result.Config);
        Assert.Matches(@"malformed JSON at line \d+, position \d+", Assert.Single(result.Problems).Message);
    }

    [Fact]
    public void Parse_reports_a_wrongly_typed_value_at_its_path()
    {
        var json = CampaignConfigJson.Write(DefaultCampaign.Create()).Replace("\"value\":5,", "\"value\":\"five\",");

        var result = CampaignConfigJson.Parse(json);

        var problem = Assert.Single(result.Problems);
        Assert.Equal("creatives.motivations[0].friendOffer.value", problem.Path);
        Assert.Equal("expected a number", problem.Message);
    }

    [Fact]
    public void Parse_reports_audience_problems_and_validation_problems_together()
    {
        var json = CampaignConfigJson.Write(DefaultCampaign.Create() with
        {
            Name = "",
            Audience = RuleGroup.AllOf(
                new RulePredicate("order.total", "gte", RuleValue.Of(1m)),
                new RulePredicate("order.total", "gte", RuleValue.Of(2m)),
                new RulePredicate("order.total", "gte", RuleValue.Of("abc"))),
        });

        var result = CampaignConfigJson.Parse(json);

        Assert.Contains(result.Problems, p => p.ToString() == "audience.conditions[2].value: expected a number");
        Assert.Contains(result.Problems, p => p.Path == "name");
    }

    [Fact]
    public void Parse_reports_an_unknown_enum_value()
    {
        var json = CampaignConfigJson.Write(DefaultCampaign.Create()).Replace("\"status\":\"active\"", "\"status\":\"running\"");

        var problem = Assert.Single(CampaignConfigJson.Parse(json).Problems);

        Assert.Equal("status", problem.Path);
    }

    [Fact]
    public void Parse_of_empty_text_is_a_problem_not_an_exception()
    {
        Assert.False(CampaignConfigJson.Parse("").IsValid);
        Assert.False(CampaignConfigJson.Parse("[1,2]").IsValid);
        Assert.False(CampaignConfigJson.Parse("null").IsValid);
    }
}
