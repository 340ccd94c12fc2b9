using System.Diagnostics.CodeAnalysis;

namespace Demarcate.Core;

/// <summary>
/// The outcome of reading user input: a value, or the problems that kept it from being read.
/// Bad input is an expected outcome, not an exception.
/// </summary>
public sealed class ParseResult<T>
{
    private readonly T? _value;

    private ParseResult(T? value, IReadOnlyList<InputProblem> problems)
    {
        _value = value;
        Problems = problems;
    }

    public IReadOnlyList<InputProblem> Problems { get; }

    [MemberNotNullWhen(true, nameof(Value))]
    public bool Success => Problems.Count == 0;

    /// <summary>The value; throws when the input had problems (check <see cref="Success"/> first).</summary>
    public T Value => Success ? _value! : throw new InvalidOperationException("Input had problems: " + Problems[0]);

    public static ParseResult<T> Ok(T value) => new(value, []);

    public static ParseResult<T> Failed(InputProblem problem) => new(default, [problem]);

    public static ParseResult<T> Failed(IReadOnlyList<InputProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        if (problems.Count == 0)
        {
            throw new ArgumentException("A failed result needs at least one problem.", nameof(problems));
        }

        return new(default, problems);
    }
}
