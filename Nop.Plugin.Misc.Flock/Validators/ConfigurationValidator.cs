using System.Text.RegularExpressions;
using FluentValidation;
using Nop.Plugin.Misc.Flock.Models;
using Nop.Services.Localization;
using Nop.Web.Framework.Validators;

namespace Nop.Plugin.Misc.Flock.Validators;

public partial class ConfigurationValidator : BaseNopValidator<ConfigurationModel>
{
    public ConfigurationValidator(ILocalizationService localizationService)
    {
        RuleFor(m => m.ReferralRoutePrefix)
            .Must(prefix => prefix is not null && PrefixPattern().IsMatch(prefix))
            .WithMessageAwait(localizationService.GetResourceAsync("Plugins.Misc.Flock.Fields.ReferralRoutePrefix.Invalid"));
        RuleFor(m => m.AttributionWindowDays).InclusiveBetween(1, 365)
            .WithMessageAwait(localizationService.GetResourceAsync("Plugins.Misc.Flock.Fields.AttributionWindowDays.Invalid"));
        RuleFor(m => m.ReturnWindowDays).InclusiveBetween(0, 365);
        RuleFor(m => m.ReferralCodeLength).InclusiveBetween(6, 16);
        RuleFor(m => m.PurgeExpiredCouponsAfterDays).InclusiveBetween(0, 3650);
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,15}$")]
    private static partial Regex PrefixPattern();
}
