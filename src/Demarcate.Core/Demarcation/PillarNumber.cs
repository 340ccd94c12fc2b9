using System.Globalization;
using System.Text;

namespace Demarcate.Core.Demarcation;

/// <summary>
/// A pillar's number in the commission's scheme: the sector it stands in, a sequence along the line, and for a
/// pair on the two banks of a river (or sides of a road) the suffix A (first along the line) or B. A pillar added
/// later between 12 and 13 becomes 12.1 (then 12.2, or 12.0.1 between 12 and 12.1): numbers already given are
/// never changed, because they are cast into the pillars and written into protocols.
/// Written "M-04/12", "M-04/12.1", "M-04/7A".
/// </summary>
/// <remarks>Immutable. Ordered along the line by <see cref="CompareTo"/> (within one prefix).</remarks>
public readonly record struct PillarNumber : IComparable<PillarNumber>
{
    private readonly int[]? _sequence;

    private PillarNumber(string prefix, int[] sequence, char? bank)
    {
        Prefix = prefix;
        _sequence = sequence;
        Bank = bank;
    }

    /// <summary>The sector (or section) prefix, e.g. "M-04".</summary>
    public string Prefix { get; }

    /// <summary>The sequence, e.g. [12] or [12, 1] for 12.1.</summary>
    public IReadOnlyList<int> Sequence => _sequence ?? [];

    /// <summary>'A' or 'B' for the two pillars of a bank pair; null otherwise.</summary>
    public char? Bank { get; }

    /// <summary>A plain number: prefix and one sequence number.</summary>
    public static PillarNumber Of(string prefix, int sequence, char? bank = null) => Create(prefix, [sequence], bank);

    public static PillarNumber Create(string prefix, IReadOnlyList<int> sequence, char? bank = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(prefix);
        ArgumentNullException.ThrowIfNull(sequence);
        if (prefix.Contains('/', StringComparison.Ordinal))
        {
            throw new ArgumentException("A pillar prefix cannot contain '/'.", nameof(prefix));
        }

        if (sequence.Count == 0 || sequence.Any(n => n < 0))
        {
            throw new ArgumentException("A pillar sequence is one or more numbers, none negative.", nameof(sequence));
        }

        if (bank is not null and not 'A' and not 'B')
        {
            throw new ArgumentException("A bank suffix is A or B.", nameof(bank));
        }

        return new PillarNumber(prefix, [.. sequence], bank);
    }

    /// <summary>The same number with a bank suffix.</summary>
    public PillarNumber WithBank(char? bank) => Create(Prefix, Sequence, bank);

    /// <summary>
    /// The shortest new number strictly between <paramref name="before"/> and <paramref name="after"/> (either may be
    /// absent: before the first or after the last pillar), so a pillar can be inserted without renumbering.
    /// </summary>
    public static PillarNumber Between(string prefix, PillarNumber? before, PillarNumber? after)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(prefix);
        if (before is null && after is null)
        {
            return Of(prefix, 1);
        }

        if (before is null)
        {
            // Before the first pillar only 0 is left (numbers start at 1); a second insertion there has no room.
            return Search(prefix, [0], after!.Value.Sequence, allowEqualStart: true);
        }

        var a = before.Value.Sequence;
        if (after is null)
        {
            return Of(prefix, a[0] + 1);
        }

        return Search(prefix, [.. a], after.Value.Sequence, allowEqualStart: false);
    }

    private static PillarNumber Search(string prefix, int[] low, IReadOnlyList<int> high, bool allowEqualStart)
    {
        if (allowEqualStart && Compare(low, high) < 0)
        {
            return Create(prefix, low);
        }

        // Try depth 1, 2, …: take the lower number cut or padded with zeros to that depth and step its last part.
        for (var depth = 1; depth <= low.Length + high.Count + 1; depth++)
        {
            var candidate = new int[depth];
            for (var i = 0; i < depth; i++)
            {
                candidate[i] = i < low.Length ? low[i] : 0;
            }

            candidate[depth - 1]++;
            if (Compare(low, candidate) < 0 && Compare(candidate, high) < 0)
            {
                return Create(prefix, candidate);
            }
        }

        throw new InvalidOperationException("no number lies between " + string.Join('.', low) + " and " + string.Join('.', high));
    }

    public int CompareTo(PillarNumber other)
    {
        var byPrefix = string.CompareOrdinal(Prefix, other.Prefix);
        if (byPrefix != 0)
        {
            return byPrefix;
        }

        var bySequence = Compare(Sequence, other.Sequence);
        return bySequence != 0 ? bySequence : Nullable.Compare(Bank, other.Bank);
    }

    public bool Equals(PillarNumber other) => CompareTo(other) == 0;

    public override int GetHashCode() => ToString().GetHashCode(StringComparison.Ordinal);

    public static bool operator <(PillarNumber left, PillarNumber right) => left.CompareTo(right) < 0;

    public static bool operator >(PillarNumber left, PillarNumber right) => left.CompareTo(right) > 0;

    public static bool operator <=(PillarNumber left, PillarNumber right) => left.CompareTo(right) <= 0;

    public static bool operator >=(PillarNumber left, PillarNumber right) => left.CompareTo(right) >= 0;

    private static int Compare(IReadOnlyList<int> a, IReadOnlyList<int> b)
    {
        for (var i = 0; i < Math.Min(a.Count, b.Count); i++)
        {
            if (a[i] != b[i])
            {
                return a[i].CompareTo(b[i]);
            }
        }

        return a.Count.CompareTo(b.Count);
    }

    /// <summary>The number as written on the pillar and in the register, e.g. "M-04/12.1" or "M-04/7A".</summary>
    public override string ToString()
    {
        var text = new StringBuilder(Prefix).Append('/').AppendJoin('.', Sequence);
        if (Bank is { } bank)
        {
            text.Append(bank);
        }

        return text.ToString();
    }

    /// <summary>Reads a number as <see cref="ToString"/> writes it; null when the text is not one.</summary>
    public static PillarNumber? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        text = text.Trim();
        var slash = text.LastIndexOf('/');
        if (slash <= 0 || slash == text.Length - 1)
        {
            return null;
        }

        var prefix = text[..slash];
        var rest = text[(slash + 1)..];
        char? bank = rest[^1] is 'A' or 'B' or 'a' or 'b' ? char.ToUpperInvariant(rest[^1]) : null;
        if (bank is not null)
        {
            rest = rest[..^1];
        }

        var parts = rest.Split('.');
        var sequence = new int[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (!int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out sequence[i]))
            {
                return null;
            }
        }

        return new PillarNumber(prefix, sequence, bank);
    }
}
