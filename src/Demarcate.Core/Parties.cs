namespace Demarcate.Core;

/// <summary>What a party is to the commission: one of the two states whose boundary it is, or the mediator.</summary>
public enum PartyRole
{
    State,
    Mediator,
}

/// <summary>
/// A short, stable code for a party (e.g. "AM", "AZ", "RU"), as the commission configures it.
/// </summary>
public readonly record struct PartyCode
{
    public PartyCode(string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        Value = value.Trim().ToUpperInvariant();
    }

    public string Value { get; }

    public override string ToString() => Value;
}

/// <summary>A party to the commission: a state or the mediator, with the name the commission uses for it.</summary>
public sealed record Party(PartyCode Code, string Name, PartyRole Role);

/// <summary>
/// The joint commission itself: its name and its three parties (two states and a mediator).
/// Nothing about any one commission is built in; this is configuration.
/// </summary>
public sealed record Commission
{
    public Commission(string name, Party firstState, Party secondState, Party mediator)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(firstState);
        ArgumentNullException.ThrowIfNull(secondState);
        ArgumentNullException.ThrowIfNull(mediator);
        if (firstState.Role != PartyRole.State || secondState.Role != PartyRole.State)
        {
            throw new ArgumentException("Both states of a commission must have the role State.", firstState.Role != PartyRole.State ? nameof(firstState) : nameof(secondState));
        }

        if (mediator.Role != PartyRole.Mediator)
        {
            throw new ArgumentException("The mediator must have the role Mediator.", nameof(mediator));
        }

        if (firstState.Code == secondState.Code || firstState.Code == mediator.Code || secondState.Code == mediator.Code)
        {
            throw new ArgumentException("The three parties of a commission need distinct codes.", nameof(secondState));
        }

        Name = name;
        FirstState = firstState;
        SecondState = secondState;
        Mediator = mediator;
    }

    public string Name { get; }

    public Party FirstState { get; }

    public Party SecondState { get; }

    public Party Mediator { get; }

    /// <summary>
    /// The one datum transformation the commission uses between its old map datum and WGS 84 (e.g.
    /// "EPSG:15865" for Pulkovo 1942), never chosen point by point; null where the commission uses none.
    /// </summary>
    public string? DatumTransformation { get; init; }

    public IReadOnlyList<Party> Parties => [FirstState, SecondState, Mediator];

    /// <summary>The other state: given one state's code, the state across the boundary from it.</summary>
    public Party OtherState(PartyCode state) =>
        state == FirstState.Code ? SecondState
        : state == SecondState.Code ? FirstState
        : throw new ArgumentException($"{state} is not one of the commission's two states.", nameof(state));

    public Party? Find(PartyCode code) => Parties.FirstOrDefault(p => p.Code == code);
}
