using Flock.Engine.Common;

namespace Flock.Engine.Templates;

public enum TemplateSeverity
{
    /// <summary>The template cannot be used.</summary>
    Error,
    /// <summary>The template works but probably not as meant (e.g. a variable not in the model renders empty).</summary>
    Warning,
}

/// <summary>
/// One problem in a template, located by 1-based <paramref name="Line"/> and <paramref name="Column"/>
/// of the source. Render-time problems have no source position: Line and Column are 0.
/// </summary>
public sealed record TemplateDiagnostic(TemplateSeverity Severity, int Line, int Column, string Message)
{
    public bool HasPosition => Line > 0;

    /// <summary>The diagnostic as a shared <see cref="Problem"/> with a path like <c>template(3:14)</c>.</summary>
    public Problem ToProblem(string path = "template") =>
        new(HasPosition ? $"{path}({Line}:{Column})" : path, Message);

    public override string ToString() =>
        HasPosition ? $"{Severity} at {Line}:{Column}: {Message}" : $"{Severity}: {Message}";
}

/// <summary>Outcome of <see cref="TemplateCompiler.Compile(string)"/>: the template when it has no errors, and every diagnostic.</summary>
public sealed class TemplateCompilation
{
    internal TemplateCompilation(CompiledTemplate? template, IReadOnlyList<TemplateDiagnostic> diagnostics)
    {
        Template = template;
        Diagnostics = diagnostics;
    }

    /// <summary>The compiled template; null when there are errors.</summary>
    public CompiledTemplate? Template { get; }

    /// <summary>Errors and warnings in source order.</summary>
    public IReadOnlyList<TemplateDiagnostic> Diagnostics { get; }

    public bool Succeeded => Template is not null;

    public IEnumerable<TemplateDiagnostic> Errors => Diagnostics.Where(d => d.Severity == TemplateSeverity.Error);

    public IEnumerable<TemplateDiagnostic> Warnings => Diagnostics.Where(d => d.Severity == TemplateSeverity.Warning);

    /// <summary>Errors (not warnings) as a shared validation result, for admin forms.</summary>
    public ValidationResult ToValidationResult(string path = "template") =>
        new(Errors.Select(e => e.ToProblem(path)).ToArray());
}

/// <summary>Outcome of a render: the text to show and any problem met on the way. Never an exception.</summary>
public sealed record RenderResult(string Output, bool Succeeded, IReadOnlyList<TemplateDiagnostic> Problems)
{
    /// <summary>True when <see cref="Output"/> is a fallback rather than the requested template's output.</summary>
    public bool UsedFallback { get; init; }
}
