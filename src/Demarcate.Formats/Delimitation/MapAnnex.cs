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
    internal static double Nice(double limit) => SheetCartography.Nice(limit);

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
        private readonly (double X, double Y)[][] _legs = resolved.Legs.Select(l => l.Points.Select(frame.ToPlane).ToArray()).ToArray();
        private readonly double _gridSpacing = scale <= 50_000 ? 1000 : scale <= 100_000 ? 2000 : 5000;

        public void Draw(XGraphics g, AnnexSheet sheet)
        {
            var at = new SheetPlacement(sheet, new XRect(FrameLeft * Mm, FrameTop * Mm, FrameWidth * Mm, FrameHeight * Mm), scale);
            var state = g.Save();
            g.IntersectClip(at.Frame);
            SheetCartography.DrawGrid(g, at, _gridSpacing);
            var placeFont = PdfText.Font(7);
            foreach (var place in gazetteer)
            {
                var plane = frame.ToPlane(place.Position);
                var p = at.Page(plane.X, plane.Y);
                if (!at.Inside(p))
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

            SheetCartography.DrawParties(g, at, _legs, parties, t.Culture);
            var boundary = SheetCartography.BoundaryPen();
            foreach (var leg in _legs)
            {
                g.DrawLines(boundary, leg.Select(p => at.Page(p.X, p.Y)).ToArray());
            }

            var labelFont = PdfText.Font(7.5, bold: true);
            foreach (var point in resolved.Description.TurningPoints)
            {
                if (!resolved.TurningPoints.TryGetValue(point.Id, out var position))
                {
                    continue;
                }

                var plane = frame.ToPlane(position);
                var p = at.Page(plane.X, plane.Y);
                g.DrawEllipse(new XPen(XColors.Black, 0.8), XBrushes.White, p.X - 2.5, p.Y - 2.5, 5, 5);
                g.DrawString(point.Id, labelFont, XBrushes.Black, new XPoint(p.X + 3.5, p.Y + 3), XStringFormats.TopLeft);
            }

            g.Restore(state);
            g.DrawRectangle(new XPen(XColors.Black, 1), at.Frame);
            SheetCartography.DrawGridLabels(g, at, _gridSpacing);
            DrawPanel(g, sheet);
        }

        private void DrawPanel(XGraphics g, AnnexSheet sheet)
        {
            var x = PanelLeft * Mm;
            var width = (PageWidth - PanelLeft - 8) * Mm;
            var y = FrameTop * Mm;
            var bold = PdfText.Font(10, bold: true);
            var small = PdfText.Font(7.5);
            y = SheetCartography.Text(g, title, bold, x, y, width) + 4;
            y = SheetCartography.Text(g, t.Text("map.sheet", ("number", sheet.Number.ToString(t.Culture)), ("count", sheetCount.ToString(t.Culture))), small, x, y, width);
            y = SheetCartography.Text(g, t.Text("map.scale", ("scale", scale.ToString("N0", t.Culture))), PdfText.Font(9, bold: true), x, y, width) + 2;
            var grid = string.Create(CultureInfo.InvariantCulture, $"UTM {zone}N (EPSG:{32600 + zone}), WGS 84");
            y = SheetCartography.Text(g, t.Text("map.grid", ("grid", grid), ("spacing", t.Text("unit.km", ("value", t.Number(_gridSpacing / 1000, 0))))), small, x, y, width);
            y = SheetCartography.Text(g, t.Text("map.length", ("length", ProtocolText.Length(t, resolved.Legs.Sum(l => l.Length)))), small, x, y, width);
            var sources = resolved.Description.Legs.Select(l => l.Source).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
            if (sources.Count > 0)
            {
                y = SheetCartography.Text(g, t.Text("map.sources", ("sources", string.Join(", ", sources))), small, x, y, width);
            }

            y += 16;
            y = SheetCartography.DrawNorthArrow(g, t, frame, sheet, x, y, width) + 6;
            y = SheetCartography.DrawScaleBar(g, t, scale, x, y) + 8;
            DrawLegend(g, x, y, width);
        }

        private void DrawLegend(XGraphics g, double x, double y, double width)
        {
            var font = PdfText.Font(7.5);
            y = SheetCartography.Text(g, t.Text("map.legend"), PdfText.Font(9, bold: true), x, y, width) + 2;
            var symbol = 10 * Mm;
            var rows = new (string Key, Action<double> Draw)[]
            {
                ("map.legend.boundary", cy => g.DrawLine(SheetCartography.BoundaryPen(), x, cy, x + symbol, cy)),
                ("map.legend.turningPoint", cy => g.DrawEllipse(new XPen(XColors.Black, 0.8), XBrushes.White, x + symbol / 2 - 2.5, cy - 2.5, 5, 5)),
                ("map.legend.town", cy => g.DrawRectangle(XPens.Black, XBrushes.White, x + symbol / 2 - 2.2, cy - 2.2, 4.4, 4.4)),
                ("map.legend.village", cy => g.DrawEllipse(XBrushes.Black, x + symbol / 2 - 1.6, cy - 1.6, 3.2, 3.2)),
                ("map.legend.grid", cy => g.DrawLine(new XPen(SheetCartography.GridColour, 0.4), x, cy, x + symbol, cy)),
            };
            foreach (var (key, draw) in rows)
            {
                draw(y + 2 * Mm);
                g.DrawString(t.Text(key), font, XBrushes.Black, new XPoint(x + symbol + 3 * Mm, y + 2 * Mm), XStringFormats.CenterLeft);
                y += 5 * Mm;
            }
        }
    }
}
