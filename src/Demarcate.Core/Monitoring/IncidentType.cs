namespace Demarcate.Core.Monitoring;

/// <summary>
/// What happened, in the commission's vocabulary of border incidents. Each type is an ACLED sub-event type where
/// ACLED has one; the commission's own types (sniper fire, incursion, construction of fortifications) sit under
/// the ACLED event type closest to them.
/// </summary>
public enum IncidentType
{
    /// <summary>ACLED Battles / Armed clash.</summary>
    ArmedClash,

    /// <summary>ACLED Explosions/Remote violence / Shelling/artillery/missile attack.</summary>
    ShellingArtilleryMissile,

    /// <summary>ACLED Explosions/Remote violence / Air/drone strike.</summary>
    AirDroneStrike,

    /// <summary>ACLED Explosions/Remote violence / Remote explosive/landmine/IED.</summary>
    RemoteExplosiveLandmineIed,

    /// <summary>Fire by a sniper across the line (the commission's type, under ACLED Battles).</summary>
    SniperFire,

    /// <summary>Armed personnel crossing the line (the commission's type, under ACLED Strategic developments).</summary>
    Incursion,

    /// <summary>ACLED Violence against civilians / Abduction/forced disappearance; ACLED's Arrests read as this type.</summary>
    DetentionAbduction,

    /// <summary>Trenches, posts, wire and other works near the line (the commission's type, under ACLED Strategic developments).</summary>
    ConstructionOfFortifications,

    /// <summary>ACLED Strategic developments / Looting/property destruction.</summary>
    DamageToCivilianProperty,
}

/// <summary>An incident type's names: ACLED's event type and sub-event type (or the commission's own sub-type).</summary>
/// <param name="Type">The type.</param>
/// <param name="EventType">ACLED's event_type it belongs to.</param>
/// <param name="SubEventType">ACLED's sub_event_type, or the commission's own name where ACLED has none.</param>
/// <param name="IsAcled">Whether the sub-type is ACLED's own.</param>
public sealed record IncidentTypeName(IncidentType Type, string EventType, string SubEventType, bool IsAcled);

/// <summary>The enumerated vocabulary of incident types, and reading a type from ACLED's columns.</summary>
/// <remarks>Immutable and thread-safe.</remarks>
public static class IncidentTypes
{
    public const string Battles = "Battles";
    public const string RemoteViolence = "Explosions/Remote violence";
    public const string ViolenceAgainstCivilians = "Violence against civilians";
    public const string StrategicDevelopments = "Strategic developments";

    /// <summary>Every type with its names, in the order of <see cref="IncidentType"/>.</summary>
    public static IReadOnlyList<IncidentTypeName> All { get; } =
    [
        new(IncidentType.ArmedClash, Battles, "Armed clash", true),
        new(IncidentType.ShellingArtilleryMissile, RemoteViolence, "Shelling/artillery/missile attack", true),
        new(IncidentType.AirDroneStrike, RemoteViolence, "Air/drone strike", true),
        new(IncidentType.RemoteExplosiveLandmineIed, RemoteViolence, "Remote explosive/landmine/IED", true),
        new(IncidentType.SniperFire, Battles, "Sniper fire", false),
        new(IncidentType.Incursion, StrategicDevelopments, "Incursion", false),
        new(IncidentType.DetentionAbduction, ViolenceAgainstCivilians, "Abduction/forced disappearance", true),
        new(IncidentType.ConstructionOfFortifications, StrategicDevelopments, "Construction of fortifications", false),
        new(IncidentType.DamageToCivilianProperty, StrategicDevelopments, "Looting/property destruction", true),
    ];

    /// <summary>ACLED sub-event types that read as one of the commission's types though they are not its name.</summary>
    private static readonly (string EventType, string SubEventType, IncidentType Type)[] Synonyms =
    [
        (StrategicDevelopments, "Arrests", IncidentType.DetentionAbduction),
    ];

    public static IncidentTypeName NameOf(IncidentType type) => All[(int)type];

    /// <summary>
    /// Reads a type from ACLED's event_type and sub_event_type (case and surrounding spaces ignored). The event type may be
    /// empty; when given it must be the sub-type's. Also accepts the enum's own name (<c>SniperFire</c>) as the sub-type.
    /// </summary>
    public static IncidentType? Parse(string? eventType, string? subEventType)
    {
        var sub = subEventType?.Trim() ?? "";
        var ev = eventType?.Trim() ?? "";
        foreach (var name in All)
        {
            if ((Same(name.SubEventType, sub) || Same(name.Type.ToString(), sub)) && (ev.Length == 0 || Same(ev, name.EventType)))
            {
                return name.Type;
            }
        }

        foreach (var (e, s, type) in Synonyms)
        {
            if (Same(s, sub) && (ev.Length == 0 || Same(ev, e)))
            {
                return type;
            }
        }

        return null;
    }

    private static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
