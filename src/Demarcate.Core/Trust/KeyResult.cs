using System.Diagnostics.CodeAnalysis;

namespace Demarcate.Core.Trust;

/// <summary>Why a wrapped signing key could not be opened.</summary>
public enum KeyFailure
{
    /// <summary>It was opened.</summary>
    None,

    /// <summary>The password does not open it (or the stored record was altered: the two look the same).</summary>
    WrongPassword,

    /// <summary>The key was retired: its private half is gone, only its public key remains to verify old signatures.</summary>
    Retired,

    /// <summary>The stored record is not a wrapped P-256 key (wrong lengths, or a key that does not match its public key).</summary>
    Damaged,
}

/// <summary>The outcome of opening a wrapped signing key: the value, or why not. A wrong password is an outcome, not an exception.</summary>
/// <remarks>Immutable.</remarks>
public sealed class KeyResult<T>
    where T : class
{
    private KeyResult(T? value, KeyFailure failure)
    {
        Value = value;
        Failure = failure;
    }

    /// <summary>The key (or re-wrapped record) when <see cref="Success"/>.</summary>
    public T? Value { get; }

    public KeyFailure Failure { get; }

    [MemberNotNullWhen(true, nameof(Value))]
    public bool Success => Failure == KeyFailure.None;

    internal static KeyResult<T> Ok(T value) => new(value, KeyFailure.None);

    internal static KeyResult<T> Failed(KeyFailure failure) => new(null, failure);
}
