using System.Globalization;
using Demarcate.Core.Boundaries;
using Demarcate.Core.Delimitation.Protocol;
using Demarcate.Core.Geodesy;
using PdfSharp.Drawing;

namespace Demarcate.Formats.Delimitation;

/// <summary>
/// Where a map frame sits on a PDF page and how ground maps into it: a sheet's rectangle of UTM metres drawn at
/// 1:<see cref="Scale"/> into <see cref="Frame"/> (points). Shared by the map annex, the pillar cards' sketch maps and
/// the strip maps.
/// </summary>
internal sealed record SheetPlacement(AnnexSheet Sheet, XRect Frame, int Scale)
{
    public const double Mm = 72 / 25.4;

    /// <summary>The page point of a UTM easting and northing.</summary>
    public XPoint Page(double easting, double northing) => new(
        Frame.Left + (easting - Sheet.MinEasting) * 1000 / Scale * Mm,
        Frame.Bottom - (northing - Sheet.MinNorthing) * 1000 / Scale * Mm);

    public bool Inside(XPoint p) => Frame.Contains(p);
}

/// <summary>
/// The cartography every Demarcate map sheet draws the same way: the UTM grid and its kilometre labels, the boundary
/// line's pen, both parties' names set off the line on their sides, the north arrow with the meridian convergence, the
/// scale bar, and wrapped text.
/// </summary>
internal static class SheetCartography
{
    public const double Mm = SheetPlacement.Mm;

    public static readonly XColor BoundaryColour = XColor.FromArgb(200, 20, 20);
    public static readonly XColor GridColour = XColor.FromArgb(120, 150, 200);
    public static readonly XColor PartyColour = XColor.FromArgb(110, 110, 110);

    private static readonly int[] NiceSteps = [5, 2, 1];

    public static XPen BoundaryPen(double width = 1.6) => new(BoundaryColour, width) { DashStyle = XDashStyle.DashDot };

    /// <summary>A spacing for grid lines or a scale bar: 1, 2 or 5 times a power of ten, at most <paramref name="limit"/>.</summary>
    public static double Nice(double limit)
    {
        var power = Math.Pow(10, Math.Floor(Math.Log10(limit)));
        return NiceSteps.Select(m => m * power).First(v => v <= limit);
    }

    /// <summary>The grid spacing of a sheet at 1:<paramref name="scale"/>: lines 2–4 cm apart on paper, in whole kilometres from 1:25 000.</summary>
    public static double GridSpacing(int scale) =>
        scale <= 10_000 ? 500 : scale <= 50_000 ? 1000 : scale <= 100_000 ? 2000 : 5000;

    public static void DrawGrid(XGraphics g, SheetPlacement at, double spacing)
    {
        var pen = new XPen(GridColour, 0.4);
        var sheet = at.Sheet;
        for (var e = Math.Ceiling(sheet.MinEasting / spacing) * spacing; e <= sheet.MaxEasting; e += spacing)
        {
            g.DrawLine(pen, at.Page(e, sheet.MinNorthing), at.Page(e, sheet.MaxNorthing));
        }

        for (var n = Math.Ceiling(sheet.MinNorthing / spacing) * spacing; n <= sheet.MaxNorthing; n += spacing)
        {
            g.DrawLine(pen, at.Page(sheet.MinEasting, n), at.Page(sheet.MaxEasting, n));
        }
    }

    /// <summary>Kilometres of easting below the frame and of northing to its left, as on topographic sheets.</summary>
    public static void DrawGridLabels(XGraphics g, SheetPlacement at, double spacing)
    {
        var font = PdfText.Font(6.5);
        var sheet = at.Sheet;
        for (var e = Math.Ceiling(sheet.MinEasting / spacing) * spacing; e <= sheet.MaxEasting; e += spacing)
        {
            var p = at.Page(e, sheet.MinNorthing);
            g.DrawString(Km(e), font, XBrushes.Black, new XPoint(p.X, p.Y + 2), XStringFormats.TopCenter);
        }

        for (var n = Math.Ceiling(sheet.MinNorthing / spacing) * spacing; n <= sheet.MaxNorthing; n += spacing)
        {
            var p = at.Page(sheet.MinEasting, n);
            g.DrawString(Km(n), font, XBrushes.Black, new XPoint(p.X - 2, p.Y), XStringFormats.CenterRight);
        }
    }

    private static string Km(double metres) => (metres / 1000).ToString("0.#", CultureInfo.InvariantCulture);

    /// <summary>
    /// Each party's name set off the line on its side (left and right of travel along <paramref name="legs"/>, UTM metres),
    /// beside the stretch this sheet shows, where its whole width stays farthest from the line.
    /// </summary>
    public static void DrawParties(XGraphics g, SheetPlacement at, IReadOnlyList<(double X, double Y)[]> legs, (string? Left, string? Right) parties, CultureInfo culture, double offsetMm = 18, double fontSize = 13)
    {
        var visible = legs.SelectMany(l => l.Zip(l.Skip(1))).Where(s => at.Inside(at.Page(s.First.X, s.First.Y)) && at.Inside(at.Page(s.Second.X, s.Second.Y))).ToList();
        if (visible.Count == 0)
        {
            return;
        }

        // Candidate places offsetMm of paper off the line on either side of a sample of its segments; each name goes where
        // its whole width stays farthest from the line, so that it never sits on the boundary it labels.
        var paperLine = visible.SelectMany(v => new[] { at.Page(v.First.X, v.First.Y), at.Page(v.Second.X, v.Second.Y) }).ToArray();
        var font = PdfText.Font(fontSize, bold: true);
        var brush = new XSolidBrush(PartyColour);
        var step = Math.Max(1, visible.Count / 24);
        var box = at.Frame;
        foreach (var (name, sign) in new[] { (parties.Left, 1.0), (parties.Right, -1.0) })
        {
            if (name is null)
            {
                continue;
            }

            var label = name.ToUpper(culture);
            var half = g.MeasureString(label, font).Width / 2;
            var best = (Point: default(XPoint), Clearance: double.NegativeInfinity);
            for (var i = 0; i < visible.Count; i += step)
            {
                var (a, b) = visible[i];
                var (dx, dy) = (b.X - a.X, b.Y - a.Y);
                var length = Math.Sqrt(dx * dx + dy * dy);
                if (length == 0)
                {
                    continue;
                }

                var offset = offsetMm * at.Scale / 1000;
                var p = at.Page((a.X + b.X) / 2 - sign * dy / length * offset, (a.Y + b.Y) / 2 + sign * dx / length * offset);
                var place = new XPoint(
                    Math.Clamp(p.X, box.Left + half + 4, Math.Max(box.Left + half + 4, box.Right - half - 4)),
                    Math.Clamp(p.Y, box.Top + 8 * Mm, box.Bottom - 8 * Mm));
                // The label must stay on its own side: the clamped point has to remain left (or right) of this segment.
                var pa = at.Page(a.X, a.Y);
                var pb = at.Page(b.X, b.Y);
                var cross = (pb.X - pa.X) * (place.Y - pa.Y) - (pb.Y - pa.Y) * (place.X - pa.X);
                if (cross * sign > 0)
                {
                    continue; // on paper y runs downwards, so the left of travel has a negative cross product
                }

                var clearance = new[] { -half, -half / 2, 0, half / 2, half }.Min(dx2 => Clearance(new XPoint(place.X + dx2, place.Y), paperLine));
                if (clearance > best.Clearance)
                {
                    best = (place, clearance);
                }
            }

            if (!double.IsNegativeInfinity(best.Clearance))
            {
                g.DrawString(label, font, brush, best.Point, XStringFormats.Center);
            }
        }
    }

    /// <summary>Distance on paper from a point to the nearest segment of a drawn line (pairs of points).</summary>
    private static double Clearance(XPoint p, XPoint[] segments)
    {
        var nearest = double.PositiveInfinity;
        for (var i = 0; i + 1 < segments.Length; i += 2)
        {
            var (a, b) = (segments[i], segments[i + 1]);
            var (dx, dy) = (b.X - a.X, b.Y - a.Y);
            var lengthSquared = dx * dx + dy * dy;
            var t = lengthSquared == 0 ? 0 : Math.Clamp(((p.X - a.X) * dx + (p.Y - a.Y) * dy) / lengthSquared, 0, 1);
            nearest = Math.Min(nearest, Math.Sqrt(Math.Pow(a.X + t * dx - p.X, 2) + Math.Pow(a.Y + t * dy - p.Y, 2)));
        }

        return nearest;
    }

    /// <summary>A north arrow at (x, y) with the note on grid north and the meridian convergence at the sheet's centre; returns the y below it.</summary>
    public static double DrawNorthArrow(XGraphics g, ProtocolCatalogue t, PlanarFrame frame, AnnexSheet sheet, double x, double y, double width)
    {
        var centre = x + 8 * Mm;
        var arrow = new XGraphicsPath();
        arrow.AddPolygon([new XPoint(centre, y + 4), new XPoint(centre + 3.5 * Mm, y + 16 * Mm), new XPoint(centre, y + 12 * Mm), new XPoint(centre - 3.5 * Mm, y + 16 * Mm)]);
        g.DrawPath(XPens.Black, XBrushes.Black, arrow);
        g.DrawString(t.Text("map.north"), PdfText.Font(10, bold: true), XBrushes.Black, new XPoint(centre, y), XStringFormats.BottomCenter);

        // Grid north differs from true north by the meridian convergence at the sheet's centre.
        var (ce, cn) = ((sheet.MinEasting + sheet.MaxEasting) / 2, (sheet.MinNorthing + sheet.MaxNorthing) / 2);
        var here = frame.FromPlane(ce, cn);
        var north = frame.FromPlane(ce, cn + 1000);
        var azimuth = Geodesic.Wgs84.Inverse(here.Latitude, here.Longitude, north.Latitude, north.Longitude).InitialAzimuth;
        var convergence = (azimuth > 180 ? azimuth - 360 : azimuth) * -1;
        var sign = convergence < 0 ? "−" : "+";
        Text(g, t.Text("map.northNote", ("convergence", sign + ProtocolText.Azimuth(Math.Abs(convergence)))), PdfText.Font(7), x + 18 * Mm, y + 4 * Mm, width - 18 * Mm);
        return y + 17 * Mm;
    }

    /// <summary>A scale bar as long a round ground distance as fits <paramref name="paperMm"/> of paper, in four alternating parts; returns the y below it.</summary>
    public static double DrawScaleBar(XGraphics g, ProtocolCatalogue t, int scale, double x, double y, double paperMm = 50)
    {
        var ground = Nice(paperMm * scale / 1000);
        var paper = ground * 1000 / scale * Mm;
        var part = paper / 4;
        for (var i = 0; i < 4; i++)
        {
            g.DrawRectangle(XPens.Black, i % 2 == 0 ? XBrushes.Black : XBrushes.White, x + i * part, y, part, 2 * Mm);
        }

        var font = PdfText.Font(7);
        g.DrawString("0", font, XBrushes.Black, new XPoint(x, y + 2.5 * Mm), XStringFormats.TopCenter);
        g.DrawString(ProtocolText.Length(t, ground), font, XBrushes.Black, new XPoint(x + paper, y + 2.5 * Mm), XStringFormats.TopCenter);
        return y + 6 * Mm;
    }

    /// <summary>
    /// <paramref name="points"/> (plane metres) with points added so that no segment is longer than <paramref name="step"/>:
    /// a line whose vertices lie beyond a small frame still has segments inside it to set the parties' names against.
    /// </summary>
    public static List<(double X, double Y)> Densify(IReadOnlyList<(double X, double Y)> points, double step)
    {
        var dense = new List<(double X, double Y)>();
        for (var i = 0; i < points.Count; i++)
        {
            if (i > 0)
            {
                var (a, b) = (points[i - 1], points[i]);
                var parts = (int)Math.Ceiling(Math.Sqrt(Math.Pow(b.X - a.X, 2) + Math.Pow(b.Y - a.Y, 2)) / step);
                for (var k = 1; k < parts; k++)
                {
                    dense.Add((a.X + (b.X - a.X) * k / parts, a.Y + (b.Y - a.Y) * k / parts));
                }
            }

            dense.Add(points[i]);
        }

        return dense;
    }

    /// <summary>Draws <paramref name="text"/> wrapped to <paramref name="width"/>; returns the y below it.</summary>
    public static double Text(XGraphics g, string text, XFont font, double x, double y, double width)
    {
        foreach (var line in PdfText.Wrap(text, font, width))
        {
            g.DrawString(line, font, XBrushes.Black, new XPoint(x, y), XStringFormats.TopLeft);
            y += font.Size * 1.3;
        }

        return y;
    }
}
