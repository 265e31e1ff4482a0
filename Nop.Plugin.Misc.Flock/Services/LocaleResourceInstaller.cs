using Nop.Core.Domain.Localization;
using Nop.Core.Events;
using Nop.Plugin.Misc.Flock.Localization;
using Nop.Services.Events;
using Nop.Services.Localization;

namespace Nop.Plugin.Misc.Flock.Services;

/// <summary>
/// English for every language, Russian for Russian ones — on install, and for a language the store adds later
/// (so a Russian language pack installed after Flock still gets Flock's Russian texts).
/// </summary>
public class LocaleResourceInstaller : IConsumer<EntityInsertedEvent<Language>>
{
    protected readonly ILanguageService _languageService;
    protected readonly ILocalizationService _localizationService;

    public LocaleResourceInstaller(ILanguageService languageService, ILocalizationService localizationService)
    {
        _languageService = languageService;
        _localizationService = localizationService;
    }

    public virtual async Task InstallAsync()
    {
        await _localizationService.AddOrUpdateLocaleResourceAsync(FlockResources.English.ToDictionary());
        await _localizationService.AddOrUpdateLocaleResourceAsync(FlockAdminResources.English.ToDictionary());
        foreach (var language in await _languageService.GetAllLanguagesAsync(showHidden: true))
            if (IsRussian(language))
            {
                await _localizationService.AddOrUpdateLocaleResourceAsync(FlockResources.Russian.ToDictionary(), language.Id);
                await _localizationService.AddOrUpdateLocaleResourceAsync(FlockAdminResources.Russian.ToDictionary(), language.Id);
            }
    }

    public virtual async Task HandleEventAsync(EntityInsertedEvent<Language> eventMessage)
    {
        var language = eventMessage.Entity;
        if (language is null)
            return;
        var texts = IsRussian(language) ? FlockResources.Russian : FlockResources.English;
        await _localizationService.AddOrUpdateLocaleResourceAsync(texts.ToDictionary(), language.Id);
        await _localizationService.AddOrUpdateLocaleResourceAsync((IsRussian(language) ? FlockAdminResources.Russian : FlockAdminResources.English).ToDictionary(), language.Id);
    }

    public static bool IsRussian(Language language) =>
        string.Equals(language.UniqueSeoCode, "ru", StringComparison.OrdinalIgnoreCase)
        || (language.LanguageCulture ?? "").StartsWith("ru", StringComparison.OrdinalIgnoreCase);
}
