namespace Demarcate.Core.Boundaries;

/// <summary>
/// One continuous stretch of the boundary between the two states (e.g. the main Armenia–Azerbaijan
/// section, or the Armenia–Nakhchivan section), walked in a fixed direction.
/// </summary>
/// <remarks>
/// The direction and the party on the left when walking it define "whose side" for every analysis:
/// land to the left of a line belongs, under that line, to <see cref="PartyOnLeft"/>.
/// </remarks>
public sealed record Section
{
    public Section(string id, string name, string direction, PartyCode partyOnLeft, PartyCode partyOnRight, string sectorPrefix, int utmZone)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(sectorPrefix);
        if (partyOnLeft == partyOnRight)
        {
            throw new ArgumentException("A section separates two different parties.", nameof(partyOnRight));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(utmZone, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(utmZone, 60);
        Id = id;
        Name = name;
        Direction = direction;
        PartyOnLeft = partyOnLeft;
        PartyOnRight = partyOnRight;
        SectorPrefix = sectorPrefix;
        UtmZone = utmZone;
    }

    /// <summary>Stable identifier, e.g. "main" or "nakhchivan".</summary>
    public string Id { get; }

    public string Name { get; }

    /// <summary>The walking direction in words, e.g. "north to south, from the Georgian tripoint to the Iranian tripoint".</summary>
    public string Direction { get; }

    /// <summary>The party whose territory lies on the left when walking the section in its direction.</summary>
    public PartyCode PartyOnLeft { get; }

    public PartyCode PartyOnRight { get; }

    /// <summary>The prefix of this section's sector ids, e.g. "M" gives M-01, M-02 ….</summary>
    public string SectorPrefix { get; }

    /// <summary>The UTM zone (northern hemisphere) in which planar analyses of this section are computed.</summary>
    public int UtmZone { get; }

    /// <summary>The line the commission designated as the line in force where no sector is yet delimited.</summary>
    public string? DesignatedLineId { get; init; }

    /// <summary>Order in listings.</summary>
    public int Order { get; init; }

    /// <summary>The party on the given side of the section's direction of travel.</summary>
    public PartyCode PartyOn(Side side) => side == Side.Left ? PartyOnLeft : PartyOnRight;

    /// <summary>The sector id for a number in this section, e.g. M-07.</summary>
    public string SectorId(int number) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{SectorPrefix}-{number:00}");
}

/// <summary>A side of a directed line.</summary>
public enum Side
{
    Left,
    Right,
}
