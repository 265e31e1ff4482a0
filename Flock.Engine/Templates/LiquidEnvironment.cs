using System.Globalization;
using DotLiquid;
using DotLiquid.NamingConventions;

namespace Flock.Engine.Templates;

/// <summary>
/// The one place that touches DotLiquid's process-wide static configuration. The static constructor runs
/// exactly once (the runtime guarantees it is thread-safe) and sets the snake_case (Ruby) naming convention
/// our model and filter names rely on. Flock's own filters are NOT registered globally: they are added to each
/// render's context, so other DotLiquid users in the process are not affected and nothing global is mutated later.
/// </summary>
internal static class LiquidEnvironment
{
    /// <summary>Loop guard: a <c>for</c> over more items than this is a render error.</summary>
    public const int MaxIterations = 1000;

    /// <summary>Wall-clock budget of one render, a guard against pathological templates (nested loops), not a performance target.</summary>
    public static readonly TimeSpan RenderBudget = TimeSpan.FromSeconds(2);

    public const string CultureRegister = "flock_culture";
    public const string CurrencyRegister = "flock_currency";

    static LiquidEnvironment()
    {
        Template.NamingConvention = new RubyNamingConvention();
        var probe = NewContext(TemplateCulture.Default, CurrencyModel.Rub, new Hash());
        FilterNames = probe.Strainer.Methods
            .Select(m => Template.NamingConvention.GetMemberName(m.Name))
            .ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Every filter a template may use: DotLiquid's standard ones and Flock's.</summary>
    public static IReadOnlySet<string> FilterNames { get; }

    /// <summary>Parses with DotLiquid 2.2 syntax (unknown filters are errors) into a template safe to render concurrently.</summary>
    public static Template Parse(string source)
    {
        var template = Template.Parse(source, SyntaxCompatibility.DotLiquid22);
        template.MakeThreadSafe();
        return template;
    }

    /// <summary>A fresh render context: the model as the only environment, errors collected rather than printed.</summary>
    public static Context NewContext(TemplateCulture culture, CurrencyModel currency, Hash model, CancellationToken budget = default)
    {
        var registers = new Hash { [CultureRegister] = culture, [CurrencyRegister] = currency };
        var context = new Context([model], new Hash(), registers, ErrorsOutputMode.Suppress, MaxIterations,
            culture.FormatProvider, budget)
        {
            SyntaxCompatibilityLevel = SyntaxCompatibility.DotLiquid22,
        };
        context.AddFilters(typeof(FlockFilters));
        return context;
    }

    public static TemplateCulture CultureOf(Context context) =>
        context.Registers[CultureRegister] as TemplateCulture ?? TemplateCulture.Default;

    public static CurrencyModel CurrencyOf(Context context) =>
        context.Registers[CurrencyRegister] as CurrencyModel ?? CurrencyModel.Rub;

    /// <summary>Invariant-culture fallback for values that are neither strings nor numbers.</summary>
    public static IFormatProvider Invariant => CultureInfo.InvariantCulture;
}
