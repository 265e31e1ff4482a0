namespace Flock.Engine.Common;

/// <summary>One thing wrong with an input, located by a path such as <c>conditions[2].value</c>.</summary>
public sealed record Problem(string Path, string Message)
{
    public override string ToString() => string.IsNullOrEmpty(Path) ? Message : $"{Path}: {Message}";
}

/// <summary>Every problem found in one input; empty means valid.</summary>
public sealed class ValidationResult
{
    public static readonly ValidationResult Valid = new([]);

    public ValidationResult(IReadOnlyList<Problem> problems) => Problems = problems;

    public IReadOnlyList<Problem> Problems { get; }
    public bool IsValid => Problems.Count == 0;

    /// <summary>Throws <see cref="FlockValidationException"/> listing every problem when the input is invalid.</summary>
    public void ThrowIfInvalid(string what)
    {
        if (!IsValid) throw new FlockValidationException(what, Problems);
    }

    public override string ToString() => IsValid ? "valid" : string.Join("; ", Problems);
}

/// <summary>Collects problems while walking an input; paths compose as <c>parent.child</c> and <c>list[i]</c>.</summary>
public sealed class ProblemCollector
{
    private readonly List<Problem> _problems = [];

    public void Add(string path, string message) => _problems.Add(new Problem(path, message));

    public bool HasProblems => _problems.Count > 0;

    public ValidationResult ToResult() => _problems.Count == 0 ? ValidationResult.Valid : new ValidationResult(_problems.ToArray());

    public static string Join(string parent, string child) => string.IsNullOrEmpty(parent) ? child : $"{parent}.{child}";

    public static string Index(string parent, int index) => $"{parent}[{index}]";
}

/// <summary>Raised by an entry point given bad input; nothing was applied.</summary>
public sealed class FlockValidationException : ArgumentException
{
    public FlockValidationException(string what, IReadOnlyList<Problem> problems)
        : base($"Invalid {what}: {string.Join("; ", problems)}")
    {
        Problems = problems;
    }

    public FlockValidationException(string what, string path, string message)
        : this(what, [new Problem(path, message)])
    {
    }

    public IReadOnlyList<Problem> Problems { get; }
}
