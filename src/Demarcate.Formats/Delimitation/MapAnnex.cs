using System.Globalization;
using Demarcate.Core.Boundaries;
using Demarcate.Core.Delimitation;
using Demarcate.Core.Delimitation.Protocol;
using Demarcate.Core.Geodesy;
using NetTopologySuite.Geometries;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace Demarcate.Formats.Delimitation;

/// <summary>One sheet of the map annex: the rectangle of ground it shows, in metres on its UTM zone.</summary>
/// <param name="Number">1-based sheet number, in the order the line reaches the sheets.</param>
/// <remarks>Immutable.</remarks>
public sealed record AnnexSheet(int Number, double MinEasting, double MinNorthing, double MaxEasting, double MaxNorthing);

/// <summary>
/// The delimitation map annex: A4 landscape PDF sheets of the resolved line at a chosen scale, on the UTM grid of the
/// line's zone (labelled in kilometres), with the turning points, the gazetteer's places, both parties' names on their
/// sides, a scale bar, a north arrow and a legend. A line that does not fit one sheet is laid over several.
/// </summary>
public static class MapAnnex
{
    private const double Mm = 72 / 25.4;

    // The page (A4 landscape) and the map frame on it, millimetres from the top left corner.
    private const double PageWidth = 297;
    private const double PageHeight = 210;
    private const double FrameLeft = 18;
    private const double FrameTop = 12;
    private const double FrameWidth = 200;
    private const double FrameHeight = 180;
    private const double PanelLeft = 228;

    private static readonly int[] NiceSteps = [5, 2, 1];

    /// <summary>The scales the annex is drawn at; larger scales would show only a few hundred metres per sheet.</summary>
    public static IReadOnlyList<int> Scales { get; } = [10_000, 25_000, 50_000, 100_000, 200_000];

    /// <summary>
    /// The sheets needed to show <paramref name="line"/> at 1:<paramref name="scale"/>: the line's extent tiled by the
    /// map frame's ground size (centred on the extent), keeping the tiles the line passes through, in the order it reaches them.
    /// </summary>
    public static IReadOnlyList<AnnexSheet> Sheets(IReadOnlyList<GeoPoint> line, int scale)
    {
        ArgumentNullException.ThrowIfNull(line);
        if (line.Count == 0)
        {
            return [];
        }

        var frame = PlanarFrame.Utm(Utm.Zone(line[0].Longitude));
        var plane = line.Select(frame.ToPlane).ToArray();
        var (width, height) = (FrameWidth / 1000 * scale, FrameHeight / 1000 * scale);
        var (minX, maxX, minY, maxY) = (plane.Min(p => p.X), plane.Max(p => p.X), plane.Min(p => p.Y), plane.Max(p => p.Y));
        var columns = Math.Max(1, (int)Math.Ceiling((maxX - minX) / width));
        var rows = Math.Max(1, (int)Math.Ceiling((maxY - minY) / height));
        var left = (minX + maxX) / 2 - columns * width / 2;
        var bottom = (minY + maxY) / 2 - rows * height / 2;
        var geometry = new GeometryFactory();
        var path = plane.Length == 1
            ? (Geometry)geometry.CreatePoint(new Coordinate(plane[0].X, plane[0].Y))
            : geometry.CreateLineString(plane.Select(p => new Coordinate(p.X, p.Y)).ToArray());
        var tiles = new List<(double Order, double X, double Y)>();
        for (var c = 0; c < columns; c++)
        {
            for (var r = 0; r < rows; r++)
            {
                var (x, y) = (left + c * width, bottom + r * height);
                var box = geometry.ToGeometry(new Envelope(x, x + width, y, y + height));
                if (!box.Intersects(path))
                {
                    continue;
                }

                // Ordered by the first vertex (or segment) of the line that falls in the tile.
                var first = Enumerable.Range(0, Math.Max(1, plane.Length - 1)).First(i =>
                    plane.Length == 1 || box.Intersects(geometry.CreateLineString([new Coordinate(plane[i].X, plane[i].Y), new Coordinate(plane[i + 1].X, plane[i + 1].Y)])));
                tiles.Add((first, x, y));
            }
        }

        return [.. tiles.OrderBy(t => t.Order).Select((t, i) => new AnnexSheet(i + 1, t.X, t.Y, t.X + width, t.Y + height))];
    }

    /// <summary>Writes the annex of <paramref name="resolved"/> at 1:<paramref name="scale"/>, a page per sheet.</summary>
    public static async Task WriteAsync(
        ResolvedDescription resolved,
        IReadOnlyList<NamedFeature> gazetteer,
        ProtocolCatalogue catalogue,
        int scale,
        (string? Left, string? Right) parties,
        Stream output,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(resolved);
        ArgumentNullException.ThrowIfNull(gazetteer);
        ArgumentNullException.ThrowIfNull(catalogue);
        ArgumentNullException.ThrowIfNull(output);
        var line = resolved.Line();
        if (line.Count < 2)
        {
            throw new ArgumentException("The description has no resolved leg to draw.", nameof(resolved));
        }

        BundledFonts.Install();
        var zone = Utm.Zone(line[0].Longitude);
        var frame = PlanarFrame.Utm(zone);
        var sheets = Sheets(line, scale);
        var title = resolved.Description.Title is { } named ? catalogue.Text("map.title", ("title", named)) : catalogue.Text("map.untitled");
        using var document = new PdfDocument();
        document.Info.Title = title;
        document.Info.Creator = "Demarcate";
        document.Language = catalogue.Language;
        var drawing = new SheetDrawing(resolved, gazetteer, catalogue, scale, parties, frame, zone, title, sheets.Count);
        foreach (var sheet in sheets)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var page = document.AddPage();
            page.Width = XUnit.FromMillimeter(PageWidth);
            page.Height = XUnit.FromMillimeter(PageHeight);
            using var graphics = XGraphics.FromPdfPage(page);
            drawing.Draw(graphics, sheet);
        }

        await PdfText.SaveAsync(document, output, cancellationToken);
    }

    /// <summary>A spacing for grid lines or a scale bar: 1, 2 or 5 times a power of ten, at most <paramref name="limit"/>.</summary>
    internal static double Nice(double limit)
    {
        var power = Math.Pow(10, Math.Floor(Math.Log10(limit)));
        return NiceSteps.Select(m => m * power).First(v => v <= limit);
    }

    private sealed class SheetDrawing(
        ResolvedDescription resolved,
        IReadOnlyList<NamedFeature> gazetteer,
        ProtocolCatalogue t,
        int scale,
        (string? Left, string? Right) parties,
        PlanarFrame frame,
        int zone,
        string title,
        int sheetCount)
    {
        private static readonly XColor BoundaryColour = XColor.FromArgb(200, 20, 20);
        private static readonly XColor GridColour = XColor.FromArgb(120, 150, 200);
        private static readonly XColor PartyColour = XColor.FromArgb(110, 110, 110);

        private readonly (double X, double Y)[][] _legs = resolved.Legs.Select(l => l.Points.Select(frame.ToPlane).ToArray()).ToArray();
        private readonly double _gridSpacing = scale <= 50_000 ? 1000 : scale <= 100_000 ? 2000 : 5000;

        public void Draw(XGraphics g, AnnexSheet sheet)
        {
            XPoint Page(double e, double n) => new(
                (FrameLeft + (e - sheet.MinEasting) * 1000 / scale) * Mm,
                (FrameTop + FrameHeight - (n - sheet.MinNorthing) * 1000 / scale) * Mm);
            var box = new XRect(FrameLeft * Mm, FrameTop * Mm, FrameWidth * Mm, FrameHeight * Mm);
            bool Inside(XPoint p) => box.Contains(p);

            var state = g.Save();
            g.IntersectClip(box);
            DrawGrid(g, sheet, Page);
            var placeFont = PdfText.Font(7);
            foreach (var place in gazetteer)
            {
                var at = frame.ToPlane(place.Position);
                var p = Page(at.X, at.Y);
                if (!Inside(p))
                {
                    continue;
                }

                if (place.Class == FeatureClass.Town)
                {
                    g.DrawRectangle(XPens.Black, XBrushes.White, p.X - 2.2, p.Y - 2.2, 4.4, 4.4);
                }
                else
                {
                    g.DrawEllipse(XBrushes.Black, p.X - 1.6, p.Y - 1.6, 3.2, 3.2);
                }

                g.DrawString(place.Name, place.Class == FeatureClass.Town ? PdfText.Font(8, bold: true) : placeFont, XBrushes.Black, new XPoint(p.X + 3.5, p.Y - 1), XStringFormats.BottomLeft);
            }

            DrawParties(g, sheet, Page, Inside);
            var boundary = new XPen(BoundaryColour, 1.6) { DashStyle = XDashStyle.DashDot };
            foreach (var leg in _legs)
            {
                g.DrawLines(boundary, leg.Select(p => Page(p.X, p.Y)).ToArray());
            }

            var labelFont = PdfText.Font(7.5, bold: true);
            foreach (var point in resolved.Description.TurningPoints)
            {
                if (!resolved.TurningPoints.TryGetValue(point.Id, out var position))
                {
                    continue;
                }

                var plane = frame.ToPlane(position);
                var p = Page(plane.X, plane.Y);
                g.DrawEllipse(new XPen(XColors.Black, 0.8), XBrushes.White, p.X - 2.5, p.Y - 2.5, 5, 5);
                g.DrawString(point.Id, labelFont, XBrushes.Black, new XPoint(p.X + 3.5, p.Y + 3), XStringFormats.TopLeft);
            }

            g.Restore(state);
            g.DrawRectangle(new XPen(XColors.Black, 1), box);
            DrawGridLabels(g, sheet, Page);
            DrawPanel(g, sheet);
        }

        private void DrawGrid(XGraphics g, AnnexSheet sheet, Func<double, double, XPoint> page)
        {
            var pen = new XPen(GridColour, 0.4);
            for (var e = Math.Ceiling(sheet.MinEasting / _gridSpacing) * _gridSpacing; e <= sheet.MaxEasting; e += _gridSpacing)
            {
                g.DrawLine(pen, page(e, sheet.MinNorthing), page(e, sheet.MaxNorthing));
            }

            for (var n = Math.Ceiling(sheet.MinNorthing / _gridSpacing) * _gridSpacing; n <= sheet.MaxNorthing; n += _gridSpacing)
            {
                g.DrawLine(pen, page(sheet.MinEasting, n), page(sheet.MaxEasting, n));
            }
        }

        private void DrawGridLabels(XGraphics g, AnnexSheet sheet, Func<double, double, XPoint> page)
        {
            // Kilometres of easting below the frame and of northing to its left, as on topographic sheets.
            var font = PdfText.Font(6.5);
            for (var e = Math.Ceiling(sheet.MinEasting / _gridSpacing) * _gridSpacing; e <= sheet.MaxEasting; e += _gridSpacing)
            {
                var p = page(e, sheet.MinNorthing);
                g.DrawString(Km(e), font, XBrushes.Black, new XPoint(p.X, p.Y + 2), XStringFormats.TopCenter);
            }

            for (var n = Math.Ceiling(sheet.MinNorthing / _gridSpacing) * _gridSpacing; n <= sheet.MaxNorthing; n += _gridSpacing)
            {
                var p = page(sheet.MinEasting, n);
                g.DrawString(Km(n), font, XBrushes.Black, new XPoint(p.X - 2, p.Y), XStringFormats.CenterRight);
            }
        }

        private static string Km(double metres) => (metres / 1000).ToString("0.#", CultureInfo.InvariantCulture);

        /// <summary>Each party's name set off the line on its side, beside the middle of the stretch this sheet shows.</summary>
        private void DrawParties(XGraphics g, AnnexSheet sheet, Func<double, double, XPoint> page, Func<XPoint, bool> inside)
        {
            var visible = _legs.SelectMany(l => l.Zip(l.Skip(1))).Where(s => inside(page(s.First.X, s.First.Y)) && inside(page(s.Second.X, s.Second.Y))).ToList();
            if (visible.Count == 0)
            {
                return;
            }

            // Candidate places 18 mm of paper off the line on either side of a sample of its segments; each name goes where
            // its whole width stays farthest from the line, so that it never sits on the boundary it labels.
            var paperLine = visible.SelectMany(v => new[] { page(v.First.X, v.First.Y), page(v.Second.X, v.Second.Y) }).ToArray();
            var font = PdfText.Font(13, bold: true);
            var brush = new XSolidBrush(PartyColour);
            var step = Math.Max(1, visible.Count / 24);
            foreach (var (name, sign) in new[] { (parties.Left, 1.0), (parties.Right, -1.0) })
            {
                if (name is null)
                {
                    continue;
                }

                var label = name.ToUpper(t.Culture);
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

                    var offset = 18.0 * scale / 1000;
                    var p = page((a.X + b.X) / 2 - sign * dy / length * offset, (a.Y + b.Y) / 2 + sign * dx / length * offset);
                    var at = new XPoint(
                        Math.Clamp(p.X, FrameLeft * Mm + half + 4, (FrameLeft + FrameWidth) * Mm - half - 4),
                        Math.Clamp(p.Y, (FrameTop + 8) * Mm, (FrameTop + FrameHeight - 8) * Mm));
                    // The label must stay on its own side: the clamped point has to remain left (or right) of this segment.
                    var pa = page(a.X, a.Y);
                    var pb = page(b.X, b.Y);
                    var cross = (pb.X - pa.X) * (at.Y - pa.Y) - (pb.Y - pa.Y) * (at.X - pa.X);
                    if (cross * sign > 0)
                    {
                        continue; // on paper y runs downwards, so the left of travel has a negative cross product
                    }

                    var clearance = new[] { -half, -half / 2, 0, half / 2, half }.Min(dx2 => Clearance(new XPoint(at.X + dx2, at.Y), paperLine));
                    if (clearance > best.Clearance)
                    {
                        best = (at, clearance);
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

        private void DrawPanel(XGraphics g, AnnexSheet sheet)
        {
            var x = PanelLeft * Mm;
            var width = (PageWidth - PanelLeft - 8) * Mm;
            var y = FrameTop * Mm;
            var bold = PdfText.Font(10, bold: true);
            var small = PdfText.Font(7.5);
            y = Text(g, title, bold, x, y, width) + 4;
            y = Text(g, t.Text("map.sheet", ("number", sheet.Number.ToString(t.Culture)), ("count", sheetCount.ToString(t.Culture))), small, x, y, width);
            y = Text(g, t.Text("map.scale", ("scale", scale.ToString("N0", t.Culture))), PdfText.Font(9, bold: true), x, y, width) + 2;
            var grid = string.Create(CultureInfo.InvariantCulture, $"UTM {zone}N (EPSG:{32600 + zone}), WGS 84");
            y = Text(g, t.Text("map.grid", ("grid", grid), ("spacing", t.Text("unit.km", ("value", t.Number(_gridSpacing / 1000, 0))))), small, x, y, width);
            y = Text(g, t.Text("map.length", ("length", ProtocolText.Length(t, resolved.Legs.Sum(l => l.Length)))), small, x, y, width);
            var sources = resolved.Description.Legs.Select(l => l.Source).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
            if (sources.Count > 0)
            {
                y = Text(g, t.Text("map.sources", ("sources", string.Join(", ", sources))), small, x, y, width);
            }

            y += 16;
            y = DrawNorthArrow(g, sheet, x, y, width) + 6;
            y = DrawScaleBar(g, x, y, width) + 8;
            DrawLegend(g, x, y, width);
        }

        private double DrawNorthArrow(XGraphics g, AnnexSheet sheet, double x, double y, double width)
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

        private double DrawScaleBar(XGraphics g, double x, double y, double width)
        {
            // As long a round ground distance as fits 50 mm of paper, in four alternating parts.
            var ground = Nice(50.0 * scale / 1000);
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

        private void DrawLegend(XGraphics g, double x, double y, double width)
        {
            var font = PdfText.Font(7.5);
            y = Text(g, t.Text("map.legend"), PdfText.Font(9, bold: true), x, y, width) + 2;
            var symbol = 10 * Mm;
            var rows = new (string Key, Action<double> Draw)[]
            {
                ("map.legend.boundary", cy => g.DrawLine(new XPen(BoundaryColour, 1.6) { DashStyle = XDashStyle.DashDot }, x, cy, x + symbol, cy)),
                ("map.legend.turningPoint", cy => g.DrawEllipse(new XPen(XColors.Black, 0.8), XBrushes.White, x + symbol / 2 - 2.5, cy - 2.5, 5, 5)),
                ("map.legend.town", cy => g.DrawRectangle(XPens.Black, XBrushes.White, x + symbol / 2 - 2.2, cy - 2.2, 4.4, 4.4)),
                ("map.legend.village", cy => g.DrawEllipse(XBrushes.Black, x + symbol / 2 - 1.6, cy - 1.6, 3.2, 3.2)),
                ("map.legend.grid", cy => g.DrawLine(new XPen(GridColour, 0.4), x, cy, x + symbol, cy)),
            };
            foreach (var (key, draw) in rows)
            {
                draw(y + 2 * Mm);
                g.DrawString(t.Text(key), font, XBrushes.Black, new XPoint(x + symbol + 3 * Mm, y + 2 * Mm), XStringFormats.CenterLeft);
                y += 5 * Mm;
            }
        }

        private static double Text(XGraphics g, string text, XFont font, double x, double y, double width)
        {
            foreach (var line in PdfText.Wrap(text, font, width))
            {
                g.DrawString(line, font, XBrushes.Black, new XPoint(x, y), XStringFormats.TopLeft);
                y += font.Size * 1.3;
            }

            return y;
        }
    }
}
