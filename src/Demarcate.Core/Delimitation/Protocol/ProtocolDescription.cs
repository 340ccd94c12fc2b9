using Demarcate.Core.Boundaries;
using Demarcate.Core.Geodesy;

namespace Demarcate.Core.Delimitation.Protocol;

/// <summary>One of the eight compass points, the words a protocol gives a direction in.</summary>
public enum CompassPoint
{
    North,
    NorthEast,
    East,
    SouthEast,
    South,
    SouthWest,
    West,
    NorthWest,
}

/// <summary>A gazetteer place the protocol names beside a leg: how far it is from the line, in which direction, on which side.</summary>
/// <param name="Feature">The place.</param>
/// <param name="Distance">Geodesic distance from the place to the nearest point of the leg, metres.</param>
/// <param name="Direction">Direction from that nearest point to the place.</param>
/// <param name="Side">The side of the line, looking along it in the description's direction.</param>
/// <param name="Along">Where along the leg its nearest point lies (segment index plus fraction), to list places in the order the line passes them.</param>
/// <remarks>Immutable.</remarks>
public sealed record NearbyFeature(NamedFeature Feature, double Distance, CompassPoint Direction, Side Side, double Along);

/// <summary>One leg as the protocol describes it: the resolved leg, its general heading and the places it passes.</summary>
/// <param name="Number">1-based number of the leg in the description.</param>
/// <remarks>Immutable.</remarks>
public sealed record ProtocolLeg(int Number, ResolvedLeg Resolved, CompassPoint Heading, IReadOnlyList<NearbyFeature> Nearby)
{
    /// <summary>The leg's azimuth from its first turning point to its second, 0–360° clockwise from north.</summary>
    public double Azimuth => (Resolved.Azimuth % 360 + 360) % 360;
}

/// <summary>How far from the line places are named, and how many per leg.</summary>
/// <param name="NearbyRadius">Places within this distance of the line, in metres, are named.</param>
/// <param name="MostPerLeg">At most this many places per leg (the nearest ones), so that the text stays readable.</param>
public sealed record ProtocolOptions(double NearbyRadius = 3_000, int MostPerLeg = 3)
{
    public static ProtocolOptions Default { get; } = new();
}

/// <summary>
/// The content of a protocol-description, before any language: the resolved description leg by leg with headings,
/// lengths and the gazetteer places beside each leg, and which party lies on each side. Rendered into words by
/// <see cref="ProtocolText"/>; never parsed back (the canonical text is the description).
/// </summary>
/// <remarks>Immutable.</remarks>
public sealed record ProtocolDescription(ResolvedDescription Resolved, IReadOnlyList<ProtocolLeg> Legs, string? PartyOnLeft, string? PartyOnRight)
{
    /// <summary>Geodesic length of the whole line, metres.</summary>
    public double Length => Legs.Sum(l => l.Resolved.Length);

    /// <summary>
    /// Composes the protocol of <paramref name="resolved"/>: each gazetteer place within the radius of the line is named
    /// once, beside the leg it is nearest to. The parties' names are optional (null leaves the sides unstated).
    /// </summary>
    public static ProtocolDescription Compose(
        ResolvedDescription resolved,
        IReadOnlyList<NamedFeature> gazetteer,
        string? partyOnLeft = null,
        string? partyOnRight = null,
        ProtocolOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(resolved);
        ArgumentNullException.ThrowIfNull(gazetteer);
        options ??= ProtocolOptions.Default;
        var legs = resolved.Legs;
        var nearby = legs.Select(_ => new List<NearbyFeature>()).ToArray();
        foreach (var (leg, place, _) in Locate(legs, gazetteer, options.NearbyRadius))
        {
            nearby[leg].Add(place);
        }

        var protocolLegs = legs
            .Select((leg, i) => new ProtocolLeg(
                i + 1,
                leg,
                Compass(leg.Azimuth),
                nearby[i].OrderBy(n => n.Distance).Take(options.MostPerLeg).OrderBy(n => n.Along).ToList()))
            .ToList();
        return new ProtocolDescription(resolved, protocolLegs, partyOnLeft, partyOnRight);
    }

    /// <summary>
    /// The countries (gazetteer country codes) lying on each side of the line: the most frequent country among the places
    /// within <paramref name="radius"/> metres on that side; null for a side with no place, or when both sides vote alike.
    /// </summary>
    public static (string? Left, string? Right) CountriesOnSides(ResolvedDescription resolved, IReadOnlyList<NamedFeature> gazetteer, double radius = 30_000)
    {
        ArgumentNullException.ThrowIfNull(resolved);
        ArgumentNullException.ThrowIfNull(gazetteer);
        // Places beyond either end of the line have no side, only a direction; they do not vote.
        var located = Locate(resolved.Legs, gazetteer.Where(g => g.Country is not null).ToList(), radius).Where(l => !l.BeyondEnd).Select(l => l.Place).ToList();
        string? Vote(Side side) => located.Where(p => p.Side == side).GroupBy(p => p.Feature.Country!, StringComparer.Ordinal)
            .OrderByDescending(g => g.Count()).Select(g => g.Key).FirstOrDefault();
        var (left, right) = (Vote(Side.Left), Vote(Side.Right));
        return string.Equals(left, right, StringComparison.Ordinal) ? (null, null) : (left, right);
    }

    /// <summary>Each place within <paramref name="radius"/> of the line, with the leg it is nearest to.</summary>
    private static IEnumerable<(int Leg, NearbyFeature Place, bool BeyondEnd)> Locate(IReadOnlyList<ResolvedLeg> legs, IReadOnlyList<NamedFeature> gazetteer, double radius)
    {
        if (legs.Count == 0)
        {
            yield break;
        }

        // The plane only finds the nearest point; the distance stated is measured on the ellipsoid.
        var frame = PlanarFrame.Utm(Utm.Zone(legs[0].Points[0].Longitude));
        var planes = legs.Select(l => l.Points.Select(frame.ToPlane).ToArray()).ToArray();
        foreach (var feature in gazetteer)
        {
            var p = frame.ToPlane(feature.Position);
            var best = (Leg: -1, Segment: 0, T: 0.0, Squared: double.PositiveInfinity);
            for (var k = 0; k < planes.Length; k++)
            {
                var line = planes[k];
                for (var i = 0; i + 1 < line.Length; i++)
                {
                    var (t, squared) = Project(line[i], line[i + 1], p);
                    if (squared < best.Squared)
                    {
                        best = (k, i, t, squared);
                    }
                }
            }

            // A generous planar pre-filter (UTM scale differs from 1 by well under 1 % near the line) before the geodesic measure.
            if (best.Leg < 0 || Math.Sqrt(best.Squared) > radius * 1.01)
            {
                continue;
            }

            var a = planes[best.Leg][best.Segment];
            var b = planes[best.Leg][best.Segment + 1];
            var foot = frame.FromPlane(a.X + (b.X - a.X) * best.T, a.Y + (b.Y - a.Y) * best.T);
            var inverse = Geodesic.Wgs84.Inverse(foot.Latitude, foot.Longitude, feature.Position.Latitude, feature.Position.Longitude);
            if (inverse.Distance > radius)
            {
                continue;
            }

            var cross = (b.X - a.X) * (p.Y - a.Y) - (b.Y - a.Y) * (p.X - a.X);
            var beyondEnd = (best.Leg == 0 && best.Segment == 0 && best.T == 0)
                || (best.Leg == planes.Length - 1 && best.Segment == planes[^1].Length - 2 && best.T >= 1);
            yield return (best.Leg, new NearbyFeature(feature, inverse.Distance, Compass(inverse.InitialAzimuth), cross >= 0 ? Side.Left : Side.Right, best.Segment + best.T), beyondEnd);
        }
    }

    /// <summary>The compass point nearest to an azimuth in degrees.</summary>
    public static CompassPoint Compass(double azimuth)
    {
        var normal = (azimuth % 360 + 360) % 360;
        return (CompassPoint)((int)Math.Round(normal / 45, MidpointRounding.AwayFromZero) % 8);
    }

    private static (double T, double Squared) Project((double X, double Y) a, (double X, double Y) b, (double X, double Y) p)
    {
        var dx = b.X - a.X;
        var dy = b.Y - a.Y;
        var lengthSquared = dx * dx + dy * dy;
        var t = lengthSquared == 0 ? 0 : Math.Clamp(((p.X - a.X) * dx + (p.Y - a.Y) * dy) / lengthSquared, 0, 1);
        var x = a.X + t * dx - p.X;
        var y = a.Y + t * dy - p.Y;
        return (t, x * x + y * y);
    }
}
