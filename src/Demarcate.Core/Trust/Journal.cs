namespace Demarcate.Core.Trust;

/// <summary>
/// Appends to the commission's hash-chained journal: every change to a commission record gets the next entry.
/// </summary>
/// <remarks>Pure functions; thread-safe. The store persists the entries and serialises appends.</remarks>
public static class Journal
{
    /// <summary>The actor recorded for changes the system makes on its own (migrations, seeding, scheduled jobs).</summary>
    public const string SystemActor = "system";

    /// <summary>
    /// The entry that follows <paramref name="head"/> (or the first entry, when the journal is empty).
    /// </summary>
    /// <param name="head">The journal's last entry, or null for an empty journal.</param>
    /// <param name="at">When the change was made; stored in UTC, truncated to the millisecond.</param>
    /// <param name="actor">The account id that made the change, or <see cref="SystemActor"/>.</param>
    /// <param name="action">What was done, e.g. "sector.status".</param>
    /// <param name="recordType">The kind of record changed, e.g. "sector".</param>
    /// <param name="recordId">The id of the record changed.</param>
    /// <param name="before">The record before the change as canonical JSON (<see cref="CanonicalJson"/>); null when created.</param>
    /// <param name="after">The record after the change as canonical JSON; null when deleted.</param>
    /// <exception cref="ArgumentException">An empty name, text that is not Unicode, or a snapshot that is not canonical JSON.</exception>
    public static JournalEntry Next(JournalEntry? head, DateTimeOffset at, string actor, string action, string recordType, string recordId, string? before, string? after)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        ArgumentException.ThrowIfNullOrWhiteSpace(action);
        ArgumentException.ThrowIfNullOrWhiteSpace(recordType);
        ArgumentException.ThrowIfNullOrWhiteSpace(recordId);
        RequireCanonical(before, nameof(before));
        RequireCanonical(after, nameof(after));
        if (head is not null && head.Sequence == long.MaxValue)
        {
            throw new InvalidOperationException("The journal is full.");
        }

        var sequence = head is null ? 1 : head.Sequence + 1;
        var previous = head?.Hash ?? JournalHash.Zero;
        var unsigned = new JournalEntry(sequence, at, actor, action, recordType, recordId, before, after, previous, JournalHash.Zero);
        var hash = unsigned.ComputeHash();
        return new JournalEntry(sequence, unsigned.At, actor, action, recordType, recordId, before, after, previous, hash);
    }

    /// <summary>
    /// A time as the journal holds it: UTC, truncated to the millisecond, so that a store round trip is exact
    /// and the hashed value (milliseconds since the Unix epoch) is the whole value.
    /// </summary>
    public static DateTimeOffset ToJournalTime(DateTimeOffset time)
    {
        var utc = time.ToUniversalTime();
        return new DateTimeOffset(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);
    }

    private static void RequireCanonical(string? json, string parameter)
    {
        if (json is not null && !CanonicalJson.IsCanonical(json))
        {
            throw new ArgumentException("A journal snapshot must be canonical JSON (CanonicalJson.Serialize).", parameter);
        }
    }
}
