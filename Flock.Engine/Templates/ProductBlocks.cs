namespace Flock.Engine.Templates;

/// <summary>
/// The product lists a message can carry as ready HTML (nopCommerce message-template tokens such as
/// <c>%Flock.CartItems%</c>): Liquid templates over the same model as every other template, so each value is escaped and
/// the result is sanitized. Email-safe markup: one table, inline styles, images with explicit sizes.
/// </summary>
public static class ProductBlocks
{
    private const string Line =
        "<tr><td style=\"padding:6px 8px 6px 0;width:72px\">{% if item.image_url %}<a href=\"{{ item.url }}\"><img src=\"{{ item.image_url }}\" alt=\"{{ item.name }}\" width=\"64\" height=\"64\" style=\"display:block;border:0\"></a>{% endif %}</td>"
        + "<td style=\"padding:6px 8px\"><a href=\"{{ item.url }}\">{{ item.name }}</a></td>"
        + "<td style=\"padding:6px 0 6px 8px;text-align:right;white-space:nowrap\">{% if item.old_price_formatted %}<s>{{ item.old_price_formatted }}</s> {% endif %}{{ item.price_formatted }}";

    public const string CartSource =
        "{% if cart.items.size > 0 %}<table role=\"presentation\" class=\"flock-products flock-cart\" style=\"border-collapse:collapse\">"
        + "{% for item in cart.items %}" + Line + "{% if item.quantity > 1 %} × {{ item.quantity }}{% endif %}</td></tr>{% endfor %}"
        + "{% if cart.more > 0 %}<tr><td></td><td colspan=\"2\" style=\"padding:6px 8px\">+ {{ cart.more }}</td></tr>{% endif %}"
        + "{% if cart.total_formatted %}<tr><td></td><td style=\"padding:6px 8px\"><strong>{{ cart.count }}</strong></td><td style=\"padding:6px 0 6px 8px;text-align:right\"><strong>{{ cart.total_formatted }}</strong></td></tr>{% endif %}"
        + "</table>{% endif %}";

    public const string ViewedSource =
        "{% if viewed.items.size > 0 %}<table role=\"presentation\" class=\"flock-products flock-viewed\" style=\"border-collapse:collapse\">"
        + "{% for item in viewed.items %}" + Line + "</td></tr>{% endfor %}</table>{% endif %}";

    private const string RecommendedLine =
        "<tr><td style=\"padding:6px 8px 6px 0;width:72px\">{% if item.image_url %}<a href=\"{{ item.url }}\"><img src=\"{{ item.image_url }}\" alt=\"{{ item.name }}\" width=\"64\" height=\"64\" style=\"display:block;border:0\"></a>{% endif %}</td>"
        + "<td style=\"padding:6px 8px\"><a href=\"{{ item.url }}\">{{ item.name }}</a>{% if item.reason %}<br><span style=\"font-size:12px;color:#777\">{{ item.reason }}</span>{% endif %}</td>"
        + "<td style=\"padding:6px 0 6px 8px;text-align:right;white-space:nowrap\">{% if item.old_price_formatted %}<s>{{ item.old_price_formatted }}</s> {% endif %}{{ item.price_formatted }}</td></tr>";

    /// <summary>A recommendation list of the model (recommended, accessories, newer_models) as a table with each reason.</summary>
    public static string RecommendationSource(string list) =>
        "{% if " + list + ".items.size > 0 %}<table role=\"presentation\" class=\"flock-products flock-" + list.Replace('_', '-') + "\" style=\"border-collapse:collapse\">"
        + "{% for item in " + list + ".items %}" + RecommendedLine + "{% endfor %}</table>{% endif %}";

    private static readonly CompiledTemplate RecommendedTemplate = Compile(RecommendationSource("recommended"));
    private static readonly CompiledTemplate AccessoriesTemplate = Compile(RecommendationSource("accessories"));
    private static readonly CompiledTemplate NewerModelsTemplate = Compile(RecommendationSource("newer_models"));

    /// <summary>Personal recommendations with their reasons as HTML; empty when there are none.</summary>
    public static RenderResult Recommended(TemplateModel model, TemplateCulture? culture = null) => RecommendedTemplate.Render(model, culture);

    /// <summary>What goes with the latest order, with reasons, as HTML; empty when there is nothing.</summary>
    public static RenderResult Accessories(TemplateModel model, TemplateCulture? culture = null) => AccessoriesTemplate.Render(model, culture);

    /// <summary>Newer models of what the customer bought, with reasons, as HTML; empty when there are none.</summary>
    public static RenderResult NewerModels(TemplateModel model, TemplateCulture? culture = null) => NewerModelsTemplate.Render(model, culture);

    private static readonly CompiledTemplate CartTemplate = Compile(CartSource);
    private static readonly CompiledTemplate ViewedTemplate = Compile(ViewedSource);

    /// <summary>The cart's lines as HTML; empty when the cart is empty.</summary>
    public static RenderResult Cart(TemplateModel model, TemplateCulture? culture = null) => CartTemplate.Render(model, culture);

    /// <summary>The viewed products as HTML; empty when there are none.</summary>
    public static RenderResult Viewed(TemplateModel model, TemplateCulture? culture = null) => ViewedTemplate.Render(model, culture);

    private static CompiledTemplate Compile(string source) =>
        TemplateCompiler.CompileUncached(source).Template
            ?? throw new InvalidOperationException("internal: a product block template does not compile: " + string.Join("; ", TemplateCompiler.CompileUncached(source).Diagnostics));
}
