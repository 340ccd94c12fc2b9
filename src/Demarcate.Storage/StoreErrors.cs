namespace Demarcate.Storage;

/// <summary>
/// A write the store refused for a reason the caller can act on. Each kind maps to one HTTP status and
/// one CLI message in one place; none of them is a fault.
/// </summary>
public abstract class StoreRefusalException : Exception
{
    protected StoreRefusalException(string message)
        : base(message)
    {
    }

    protected StoreRefusalException()
    {
    }

    protected StoreRefusalException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>No such record, or none the caller may see: the two answer exactly alike.</summary>
public sealed class RecordNotFoundException : StoreRefusalException
{
    public RecordNotFoundException(string recordType, string id)
        : base($"There is no {recordType} with that id.")
    {
        RecordType = recordType;
        Id = id;
    }

    public RecordNotFoundException()
    {
        RecordType = Id = "";
    }

    public RecordNotFoundException(string message)
        : base(message)
    {
        RecordType = Id = "";
    }

    public RecordNotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
        RecordType = Id = "";
    }

    public string RecordType { get; }

    public string Id { get; }
}

/// <summary>The record changed since the caller read it: the write carried a stale version.</summary>
public sealed class VersionConflictException : StoreRefusalException
{
    public VersionConflictException(string recordType, string id, int expectedVersion, int currentVersion)
        : base($"{recordType} '{id}' is at version {currentVersion}, not {expectedVersion}: someone changed it since you read it. Reload and try again.")
    {
        CurrentVersion = currentVersion;
    }

    public VersionConflictException()
    {
    }

    public VersionConflictException(string message)
        : base(message)
    {
    }

    public VersionConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public int CurrentVersion { get; }
}

/// <summary>The caller may see the record but not make this change.</summary>
public sealed class NotPermittedException : StoreRefusalException
{
    public NotPermittedException(string message)
        : base(message)
    {
    }

    public NotPermittedException()
    {
    }

    public NotPermittedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>The change breaks one of the commission's rules (a workflow step, a duplicate name).</summary>
public sealed class RuleViolationException : StoreRefusalException
{
    public RuleViolationException(string message)
        : base(message)
    {
    }

    public RuleViolationException()
    {
    }

    public RuleViolationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>A description asked to be saved as consistent had problems: nothing was saved; the problems say where.</summary>
public sealed class DescriptionInconsistentException : StoreRefusalException
{
    public DescriptionInconsistentException(IReadOnlyList<Demarcate.Core.InputProblem> problems)
        : base($"The description is not consistent ({problems?.Count ?? 0} problem(s)); nothing was saved. Correct it, or save it as a draft with its problems listed.")
    {
        Problems = problems ?? [];
    }

    public DescriptionInconsistentException()
    {
        Problems = [];
    }

    public DescriptionInconsistentException(string message)
        : base(message)
    {
        Problems = [];
    }

    public DescriptionInconsistentException(string message, Exception innerException)
        : base(message, innerException)
    {
        Problems = [];
    }

    public IReadOnlyList<Demarcate.Core.InputProblem> Problems { get; }
}
