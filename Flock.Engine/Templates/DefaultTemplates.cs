namespace Flock.Engine.Templates;

/// <summary>Texts Flock ships with (en and ru); the plugin installs them as editable defaults.</summary>
public static class DefaultTemplates
{
    /// <summary>The thank-you-page widget text (HTML mode).</summary>
    // Also used for registration and newsletter moments and the account page: the order sentence only when there is an order.
    public static IReadOnlyDictionary<string, string> ThankYouWidget { get; } = new Dictionary<string, string>
    {
        ["en"] = "{% if order.number %}{% if customer.first_name %}Dear {{ customer.first_name }}, thanks{% else %}Thanks{% endif %} for order #{{ order.number }}! "
               + "{% elsif customer.first_name %}{{ customer.first_name }}, invite your friends! {% endif %}"
               + "Give your friends {{ offer.description }}; when they buy, you get {{ reward.description }}.",
        ["ru"] = "{% if order.number %}{% if customer.first_name %}{{ customer.first_name }}, спасибо{% else %}Спасибо{% endif %} за заказ №{{ order.number }}! "
               + "{% elsif customer.first_name %}{{ customer.first_name }}, пригласите друзей! {% endif %}"
               + "Подарите друзьям {{ offer.description }} — когда они сделают покупку, вы получите {{ reward.description }}.",
    };

    /// <summary>The text a referrer sends to friends (plain text: it goes into share links and messengers).</summary>
    public static IReadOnlyDictionary<string, string> ShareMessage { get; } = new Dictionary<string, string>
    {
        ["en"] = "Here is {{ offer.description }} at {{ store.name }}: {{ links.referral_url }}",
        ["ru"] = "Дарю тебе {{ offer.description }} в магазине «{{ store.name }}»: {{ links.referral_url }}",
    };

    /// <summary>The thank-you widget as a ready template set (default language English).</summary>
    public static TemplateSet ThankYouWidgetSet(TemplateCompiler compiler, string defaultLanguage = "en") =>
        new(compiler, ThankYouWidget, defaultLanguage);

    /// <summary>The share message as a ready plain-text template set.</summary>
    public static TemplateSet ShareMessageSet(TemplateCompiler compiler, string defaultLanguage = "en") =>
        new(compiler, ShareMessage, defaultLanguage, TemplateOutputMode.PlainText);
}
