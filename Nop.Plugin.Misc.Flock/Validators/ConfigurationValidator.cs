using Flock.Engine.Referrals.Attribution;
using Flock.Engine.Referrals.Programme;
using Flock.Engine.Referrals;
using FluentValidation;
using Nop.Plugin.Misc.Flock.Models;
using Nop.Services.Localization;
using Nop.Web.Framework.Validators;

namespace Nop.Plugin.Misc.Flock.Validators;

/// <summary>
/// The settings form. The route prefix, code length and return window have one definition, the engine's
/// (<see cref="ProgrammeSettings.Validate"/>): its problem paths are mapped to the form's fields here, the way
/// CampaignModelFactory.ToProblems maps campaign problems.
/// </summary>
public partial class ConfigurationValidator : BaseNopValidator<ConfigurationModel>
{
    public static bool QuietHoursValid(ConfigurationModel model)
    {
        static bool Time(string value) => TimeOnly.TryParseExact(value?.Trim(), "HH:mm", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out _);
        return (string.IsNullOrWhiteSpace(model.ChainQuietHoursFrom) && string.IsNullOrWhiteSpace(model.ChainQuietHoursTo))
            || (Time(model.ChainQuietHoursFrom) && Time(model.ChainQuietHoursTo));
    }

    /// <summary>Engine settings path → form field (the prefix has its own localised rule below, with the engine's predicate).</summary>
    protected static readonly IReadOnlyDictionary<string, string> FieldOfPath = new Dictionary<string, string>
    {
        ["referralCodeLength"] = nameof(ConfigurationModel.ReferralCodeLength),
        ["returnWindowDays"] = nameof(ConfigurationModel.ReturnWindowDays)
    };

    public ConfigurationValidator(ILocalizationService localizationService)
    {
        RuleFor(m => m).Custom((model, context) =>
        {
            //the store URL and the secret are not on this form: placeholders keep their problems out
            var settings = new ProgrammeSettings
            {
                StoreBaseUrl = "https://store.example",
                EmailHashSecret = new byte[EmailHasher.MinSecretBytes],
                ReferralRoutePrefix = model.ReferralRoutePrefix?.Trim() ?? "",
                ReferralCodeLength = model.ReferralCodeLength,
                ReturnWindowDays = model.ReturnWindowDays,
                DefaultCountryCode = ProgrammeSettings.UnknownCountry
            };
            foreach (var problem in settings.Validate().Problems)
            {
                if (FieldOfPath.TryGetValue(problem.Path, out var field))
                    context.AddFailure(field, problem.Message);
            }
        });
        RuleFor(m => m.ReferralRoutePrefix)
            .Must(prefix => ReferralLinkOptions.IsRoutePrefix(prefix?.Trim()))
            .WithMessageAwait(localizationService.GetResourceAsync("Plugins.Misc.Flock.Fields.ReferralRoutePrefix.Invalid"));
        RuleFor(m => m.AttributionWindowDays).InclusiveBetween(1, 365)
            .WithMessageAwait(localizationService.GetResourceAsync("Plugins.Misc.Flock.Fields.AttributionWindowDays.Invalid"));
        RuleFor(m => m.PurgeExpiredCouponsAfterDays).InclusiveBetween(0, 3650);
        RuleFor(m => m.MaxInvitationsPerIpPerHour).InclusiveBetween(0, 100_000);
        RuleFor(m => m.ChainEmailsPerDay).InclusiveBetween(0, 100);
        RuleFor(m => m.ChainEmailsPerWeek).InclusiveBetween(0, 700);
        RuleFor(m => m.ActivityRetentionDays).InclusiveBetween(1, 3650);
        RuleFor(m => m.RecommendationsCount).InclusiveBetween(1, FlockDefaults.MaxRecommendations);
        RuleFor(m => m.RecommendationsMinSupport).InclusiveBetween(global::Flock.Engine.Recommendations.RecommenderOptions.MinimumShownSupport, 1000);
        RuleFor(m => m.RecommendationsHoldoutPercent).InclusiveBetween(0, 50);
        RuleFor(m => m.RecommendationsProductWidgetZone).Must(zone => FlockDefaults.RecommendationProductZones.Contains(zone));
        RuleFor(m => m.RecommendationsCartWidgetZone).Must(zone => FlockDefaults.RecommendationCartZones.Contains(zone));
        RuleFor(m => m.RecommendationsExcludedProductIds).Must(ids => Services.Recommendations.IdList.Invalid(ids).Count == 0)
            .WithMessageAwait(localizationService.GetResourceAsync("Plugins.Misc.Flock.Fields.IdList.Invalid"));
        RuleFor(m => m.RecommendationsExcludedCategoryIds).Must(ids => Services.Recommendations.IdList.Invalid(ids).Count == 0)
            .WithMessageAwait(localizationService.GetResourceAsync("Plugins.Misc.Flock.Fields.IdList.Invalid"));
        //both empty: no quiet hours; otherwise both HH:mm (the scheduler would fall back to the defaults on anything else)
        RuleFor(m => m.ChainQuietHoursFrom).Must((model, _) => QuietHoursValid(model))
            .WithMessageAwait(localizationService.GetResourceAsync("Plugins.Misc.Flock.Fields.ChainQuietHours.Invalid"));
    }
}
