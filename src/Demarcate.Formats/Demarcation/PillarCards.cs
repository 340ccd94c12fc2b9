using System.Globalization;
using Demarcate.Core.Boundaries;
using Demarcate.Core.Delimitation.Protocol;
using Demarcate.Core.Demarcation;
using Demarcate.Core.Geodesy;
using Demarcate.Formats.Delimitation;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace Demarcate.Formats.Demarcation;

/// <summary>
/// What a sector's pillar documents draw around their pillars: the agreed line the caller may see (WGS 84, in the
/// section's direction; empty when none is visible), the sector's pillars the caller may see, the parties on each side
/// of travel along the line, and the UTM zone the maps are drawn on.
/// </summary>
/// <remarks>Immutable.</remarks>
public sealed record PillarSurroundings(IReadOnlyList<GeoPoint> Line, IReadOnlyList<Pillar> Pillars, (string? Left, string? Right) Parties, int UtmZone);

/// <summary>
/// One pillar card's content: the pillar, its planned (and surveyed) position in every CRS of the commission's registry
/// covering it, its inspections (with photos), and its surroundings for the sketch map.
/// </summary>
/// <remarks>Immutable.</remarks>
public sealed record PillarCard(
    Pillar Pillar,
    IReadOnlyList<PillarCoordinate> Planned,
    IReadOnlyList<PillarCoordinate> Surveyed,
    IReadOnlyList<PillarInspection> Inspections,
    PillarSurroundings Surroundings)
{
    /// <summary>The pillar's witness marks, in number order: a table on the card and marks on the sketch map.</summary>
    public IReadOnlyList<WitnessMark> WitnessMarks { get; init; } = [];
}

/// <summary>
/// Pillar cards as PDF, one A4 portrait page per pillar: number, type, status, sector, why it was planned and its
/// chainage; coordinates in every CRS of the registry, planned and surveyed (frame, epoch, method, accuracy, height
/// system) with the offset from the plan; a sketch map at a local scale (the pillar, its witness marks, the agreed line
/// near it, both parties on their sides, neighbours in the frame drawn and those beyond it as arrows at the frame's edge
/// with their number, distance and bearing, north arrow, scale bar); the witness-mark table; the latest photos; and the
/// inspection history.
/// </summary>
public static class PillarCards
{
    private const double Mm = SheetCartography.Mm;
    private const double PageWidth = 210;
    private const double PageHeight = 297;
    private const double Margin = 15;
    private const double MapWidth = 100;
    private const double MapHeight = 85;

    /// <summary>Scales the sketch map is drawn at: the largest at which the pillar's witness marks fit.</summary>
    public static IReadOnlyList<int> SketchScales { get; } = [1_000, 2_000, 5_000, 10_000, 25_000];

    /// <summary>The least ground shown on each side of the pillar, metres: enough of the line to see its course there.</summary>
    public const double SketchMinimumReach = 40;

    /// <summary>Writes a page per card of <paramref name="cards"/> to <paramref name="output"/>.</summary>
    public static async Task WriteAsync(IReadOnlyList<PillarCard> cards, ProtocolCatalogue catalogue, Stream output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cards);
        ArgumentNullException.ThrowIfNull(catalogue);
        ArgumentNullException.ThrowIfNull(output);
        if (cards.Count == 0)
        {
            throw new ArgumentException("A series of pillar cards needs at least one pillar.", nameof(cards));
        }

        BundledFonts.Install();
        using var document = new PdfDocument();
        document.Info.Title = cards.Count == 1
            ? catalogue.Text("card.title", ("number", cards[0].Pillar.Number.ToString()))
            : catalogue.Text("card.series", ("count", cards.Count.ToString(catalogue.Culture)));
        document.Info.Creator = "Demarcate";
        document.Language = catalogue.Language;
        foreach (var card in cards)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var page = document.AddPage();
            page.Width = XUnit.FromMillimeter(PageWidth);
            page.Height = XUnit.FromMillimeter(PageHeight);
            using var graphics = XGraphics.FromPdfPage(page);
            new CardDrawing(card, catalogue).Draw(graphics);
        }

        await PdfText.SaveAsync(document, output, cancellationToken);
    }

    /// <summary>
    /// The sketch map's scale for a pillar: the largest of <see cref="SketchScales"/> at which its witness marks, where
    /// the survey found it, and at least <see cref="SketchMinimumReach"/> metres about it fit, so the marks and the line
    /// near the pillar are legible; neighbours farther away are shown as arrows at the frame's edge.
    /// </summary>
    public static int SketchScale(Pillar pillar, IReadOnlyList<WitnessMark> marks)
    {
        ArgumentNullException.ThrowIfNull(pillar);
        ArgumentNullException.ThrowIfNull(marks);
        var from = pillar.Surveyed?.Position ?? pillar.Planned;
        var points = marks.Select(m => m.PositionFrom(from)).Append(from);
        var reach = points.Select(p => PillarOffset.Between(pillar.Planned, p))
            .Select(o => Math.Max(Math.Abs(o.East), Math.Abs(o.North) * MapWidth / MapHeight))
            .Append(SketchMinimumReach).Max();
        // Each point must stand inside 90% of half the frame's width (and height).
        var needed = reach / (0.45 * MapWidth / 1000);
        return SketchScales.FirstOrDefault(s => s >= needed, SketchScales[^1]);
    }

    /// <summary>The symbol of a pillar type: a square for primary, a circle for secondary, a triangle for intermediate, a diamond for reference.</summary>
    internal static void DrawSymbol(XGraphics g, PillarType type, XPoint at, double size, XBrush fill, XPen outline)
    {
        var h = size / 2;
        switch (type)
        {
            case PillarType.Primary:
                g.DrawRectangle(outline, fill, at.X - h, at.Y - h, size, size);
                break;
            case PillarType.Secondary:
                g.DrawEllipse(outline, fill, at.X - h, at.Y - h, size, size);
                break;
            case PillarType.Intermediate:
                g.DrawPolygon(outline, fill, [new XPoint(at.X, at.Y - h * 1.2), new XPoint(at.X + h * 1.1, at.Y + h * 0.8), new XPoint(at.X - h * 1.1, at.Y + h * 0.8)], XFillMode.Winding);
                break;
            default:
                g.DrawPolygon(outline, fill, [new XPoint(at.X, at.Y - h * 1.3), new XPoint(at.X + h * 1.3, at.Y), new XPoint(at.X, at.Y + h * 1.3), new XPoint(at.X - h * 1.3, at.Y)], XFillMode.Winding);
                break;
        }
    }

    private sealed class CardDrawing(PillarCard card, ProtocolCatalogue t)
    {
        private static readonly double[] ColumnFractions = [0, 0.3, 0.475, 0.65, 0.825];

        private readonly XFont _small = PdfText.Font(7.5);
        private readonly XFont _smallBold = PdfText.Font(7.5, bold: true);
        private readonly double _width = (PageWidth - 2 * Margin) * Mm;
        private readonly double _left = Margin * Mm;

        public void Draw(XGraphics g)
        {
            var pillar = card.Pillar;
            var y = Margin * Mm;
            y = SheetCartography.Text(g, t.Text("card.title", ("number", pillar.Number.ToString())), PdfText.Font(16, bold: true), _left, y, _width) + 2;
            var feature = pillar.Feature is null ? "" : " (" + pillar.Feature + ")";
            y = SheetCartography.Text(g, t.Text(
                "card.summary",
                ("type", t.Text("pillar.type." + pillar.Type)),
                ("status", t.Text("pillar.status." + pillar.Status)),
                ("sector", pillar.SectorId),
                ("publication", t.Text("pillar.publication." + pillar.Publication))), PdfText.Font(9), _left, y, _width);
            y = SheetCartography.Text(g, t.Text(
                "card.reason",
                ("reason", t.Text("pillar.reason." + pillar.Reason) + feature),
                ("chainage", t.Number(pillar.Chainage, 3))), PdfText.Font(9), _left, y, _width) + 4;

            y = Heading(g, t.Text("card.coordinates"), y);
            y = CoordinateTable(g, y) + 1;
            var shifts = card.Planned.Select(c => c.FromWgs84.DatumTransformation).OfType<DatumTransformation>().Select(d => d.ToString()).Distinct(StringComparer.Ordinal).ToList();
            if (shifts.Count > 0)
            {
                y = SheetCartography.Text(g, t.Text("card.operations", ("operations", string.Join("; ", shifts))), _small, _left, y, _width);
            }

            if (pillar.PlannedHeight is { } h)
            {
                y = SheetCartography.Text(g, t.Text("card.planned") + ": " + t.Text("card.groundHeight", ("height", t.Number(h, 1))), _small, _left, y, _width);
            }

            if (pillar.Surveyed is { } surveyed)
            {
                var observed = surveyed.ObservedOn is { } on ? on.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "—";
                y = SheetCartography.Text(g, t.Text("card.surveyed") + ": " + t.Text(
                    "card.survey",
                    ("frame", surveyed.Frame),
                    ("epoch", surveyed.Epoch.ToString("0.###", CultureInfo.InvariantCulture)),
                    ("method", surveyed.Method),
                    ("accuracy", t.Number(surveyed.AccuracyMetres, 3)),
                    ("date", observed)), _small, _left, y, _width);
                if (surveyed.Height is { } height)
                {
                    y = SheetCartography.Text(g, t.Text("card.height", ("height", t.Number(height, 3)), ("system", surveyed.HeightSystem.Length == 0 ? "—" : surveyed.HeightSystem)), _small, _left, y, _width);
                }

                if (pillar.Offset() is { } offset)
                {
                    y = SheetCartography.Text(g, t.Text("card.offset", ("east", t.Number(offset.East, 3)), ("north", t.Number(offset.North, 3)), ("distance", t.Number(offset.Distance, 3))), _smallBold, _left, y, _width);
                }
            }
            else
            {
                y = SheetCartography.Text(g, t.Text("card.notSurveyed"), _small, _left, y, _width);
            }

            y += 4;
            y = Heading(g, t.Text("card.sketch"), y);
            var mapTop = y;
            var bottom = DrawSketch(g, mapTop);
            DrawPhotos(g, mapTop);
            y = Math.Max(bottom, mapTop + MapHeight * Mm) + 7 * Mm;
            y = Heading(g, t.Text("card.witnessMarks"), y);
            y = DrawWitnessMarkTable(g, y) + 4;
            y = Heading(g, t.Text("card.inspections"), y);
            DrawInspections(g, y);
        }

        private double Heading(XGraphics g, string text, double y)
        {
            y = SheetCartography.Text(g, text, PdfText.Font(10, bold: true), _left, y, _width);
            g.DrawLine(new XPen(XColors.Gray, 0.5), _left, y, _left + _width, y);
            return y + 2;
        }

        /// <summary>A row per CRS: code and name, then the planned and the surveyed position, each coordinate with its axis and unit.</summary>
        private double CoordinateTable(XGraphics g, double y)
        {
            var columns = ColumnFractions.Select(f => _left + f * _width).ToArray();
            var font = PdfText.Font(7);
            var bold = PdfText.Font(7, bold: true);
            double Row(IReadOnlyList<string> cells, XFont cellFont, double top)
            {
                var height = 0.0;
                for (var i = 0; i < cells.Count; i++)
                {
                    var cellWidth = (i + 1 < columns.Length ? columns[i + 1] : _left + _width) - columns[i] - 3;
                    height = Math.Max(height, SheetCartography.Text(g, cells[i], i == 0 ? font : cellFont, columns[i], top, cellWidth) - top);
                }

                return top + height + 0.8;
            }

            y = Row([t.Text("card.column.crs"), t.Text("card.column.planned"), "", t.Text("card.column.surveyed"), ""], bold, y);
            for (var i = 0; i < card.Planned.Count; i++)
            {
                var planned = card.Planned[i];
                var surveyed = i < card.Surveyed.Count ? card.Surveyed[i] : null;
                var (first, second) = Axes(planned.Crs);
                y = Row(
                [
                    planned.Crs.Code + " " + planned.Crs.Name,
                    first + " " + planned.FirstText + " " + planned.Unit,
                    second + " " + planned.SecondText + " " + planned.Unit,
                    surveyed is null ? "" : first + " " + surveyed.FirstText + " " + surveyed.Unit,
                    surveyed is null ? "" : second + " " + surveyed.SecondText + " " + surveyed.Unit,
                ], font, y);
            }

            return y;
        }

        private static (string First, string Second) Axes(CoordinateReferenceSystem crs) => crs.AxisOrder switch
        {
            AxisOrder.LatitudeLongitude => ("φ", "λ"),
            AxisOrder.LongitudeLatitude => ("λ", "φ"),
            AxisOrder.EastingNorthing => ("E", "N"),
            _ => ("N", "E"),
        };

        /// <summary>The sketch map: the pillar in the middle, its neighbours, the agreed line, the parties, the grid, north arrow and scale bar.</summary>
        private double DrawSketch(XGraphics g, double top)
        {
            var s = card.Surroundings;
            var frame = PlanarFrame.Utm(s.UtmZone);
            var scale = SketchScale(card.Pillar, card.WitnessMarks);
            var centre = frame.ToPlane(card.Pillar.Planned);
            var (halfWidth, halfHeight) = (MapWidth / 2 / 1000 * scale, MapHeight / 2 / 1000 * scale);
            var sheet = new AnnexSheet(1, centre.X - halfWidth, centre.Y - halfHeight, centre.X + halfWidth, centre.Y + halfHeight);
            var at = new SheetPlacement(sheet, new XRect(_left, top, MapWidth * Mm, MapHeight * Mm), scale);
            var spacing = SheetCartography.Nice(25.0 * scale / 1000);
            var line = SheetCartography.Densify([.. s.Line.Select(frame.ToPlane)], halfWidth / 5).ToArray();

            var state = g.Save();
            g.IntersectClip(at.Frame);
            SheetCartography.DrawGrid(g, at, spacing);
            if (line.Length >= 2)
            {
                SheetCartography.DrawParties(g, at, [line], s.Parties, t.Culture, offsetMm: 12, fontSize: 9);
                g.DrawLines(SheetCartography.BoundaryPen(1.2), line.Select(p => at.Page(p.X, p.Y)).ToArray());
            }

            var label = PdfText.Font(6.5);
            var here = at.Page(centre.X, centre.Y);
            foreach (var other in Neighbours(card.Pillar, s.Pillars))
            {
                var plane = frame.ToPlane(other.Planned);
                var p = at.Page(plane.X, plane.Y);
                if (at.Inside(p))
                {
                    DrawSymbol(g, other.Type, p, 4, XBrushes.White, new XPen(XColors.Black, 0.7));
                    g.DrawString(other.Number.ToString(), label, XBrushes.Black, new XPoint(p.X + 3.5, p.Y + 2), XStringFormats.TopLeft);
                }
                else
                {
                    DrawNeighbourArrow(g, at.Frame, here, p, other, label);
                }
            }

            DrawWitnessMarks(g, frame, at, label);
            DrawSymbol(g, card.Pillar.Type, here, 6, XBrushes.Black, new XPen(XColors.Black, 0.8));
            g.DrawString(card.Pillar.Number.ToString(), PdfText.Font(8, bold: true), XBrushes.Black, new XPoint(here.X + 4.5, here.Y - 2), XStringFormats.BottomLeft);
            if (card.Pillar.Surveyed is { } surveyed)
            {
                var found = frame.ToPlane(surveyed.Position);
                var f = at.Page(found.X, found.Y);
                var cross = new XPen(XColor.FromArgb(0, 90, 160), 0.8);
                g.DrawLine(cross, f.X - 3, f.Y, f.X + 3, f.Y);
                g.DrawLine(cross, f.X, f.Y - 3, f.X, f.Y + 3);
            }

            g.Restore(state);
            g.DrawRectangle(new XPen(XColors.Black, 0.8), at.Frame);
            SheetCartography.DrawGridLabels(g, at, spacing);

            // Beside the frame, below the photos' column: north arrow, scale and the grid named.
            var x = _left + (MapWidth + 6) * Mm;
            var width = _left + _width - x;
            var y = top + (MapHeight - 40) * Mm;
            y = SheetCartography.DrawNorthArrow(g, t, frame, sheet, x, y + 4, width) + 2;
            y = SheetCartography.Text(g, t.Text("map.scale", ("scale", scale.ToString("N0", t.Culture))), _smallBold, x, y, width);
            y = SheetCartography.DrawScaleBar(g, t, scale, x + 2, y + 1, paperMm: 30);
            return SheetCartography.Text(g, string.Create(CultureInfo.InvariantCulture, $"UTM {s.UtmZone}N (EPSG:{32600 + s.UtmZone})"), _small, x, y, width);
        }

        /// <summary>The pillars before and after this one along the sector's line (the next on each side).</summary>
        private static IEnumerable<Pillar> Neighbours(Pillar pillar, IReadOnlyList<Pillar> pillars)
        {
            var along = pillars.Where(p => p.SectorId == pillar.SectorId).OrderBy(p => p.Chainage).ToList();
            var index = along.FindIndex(p => p.Number == pillar.Number);
            return index < 0 ? [] : new[] { index - 1, index + 1 }.Where(i => i >= 0 && i < along.Count).Select(i => along[i]);
        }

        /// <summary>
        /// A neighbour beyond the frame: an arrow at the frame's edge pointing at it, labelled with its number, its
        /// distance and its true bearing from this pillar (geodesic, as a surveyor walking to it would take them).
        /// </summary>
        private void DrawNeighbourArrow(XGraphics g, XRect frame, XPoint here, XPoint there, Pillar other, XFont font)
        {
            var (dx, dy) = (there.X - here.X, there.Y - here.Y);
            var length = Math.Sqrt((dx * dx) + (dy * dy));
            if (length == 0)
            {
                return;
            }

            (dx, dy) = (dx / length, dy / length);
            var inset = 2.5 * Mm;
            var tx = dx == 0 ? double.PositiveInfinity : ((dx > 0 ? frame.Right - inset : frame.Left + inset) - here.X) / dx;
            var ty = dy == 0 ? double.PositiveInfinity : ((dy > 0 ? frame.Bottom - inset : frame.Top + inset) - here.Y) / dy;
            var reach = Math.Min(tx, ty);
            var tip = new XPoint(here.X + (dx * reach), here.Y + (dy * reach));
            var tail = new XPoint(tip.X - (dx * 9 * Mm), tip.Y - (dy * 9 * Mm));
            var pen = new XPen(XColors.Black, 0.8);
            g.DrawLine(pen, tail, tip);
            var head = 2.2 * Mm;
            g.DrawPolygon(pen, XBrushes.Black,
            [
                tip,
                new XPoint(tip.X - (dx * head) - (dy * head * 0.45), tip.Y - (dy * head) + (dx * head * 0.45)),
                new XPoint(tip.X - (dx * head) + (dy * head * 0.45), tip.Y - (dy * head) - (dx * head * 0.45)),
            ], XFillMode.Winding);
            var inverse = Geodesic.Wgs84.Inverse(card.Pillar.Planned.Latitude, card.Pillar.Planned.Longitude, other.Planned.Latitude, other.Planned.Longitude);
            var bearing = inverse.InitialAzimuth < 0 ? inverse.InitialAzimuth + 360 : inverse.InitialAzimuth;
            var text = other.Number + " " + (inverse.Distance >= 1000 ? t.Number(inverse.Distance / 1000, 2) + " km" : t.Number(inverse.Distance, 0) + " m")
                + " " + WitnessMark.Dms(bearing).Split('′')[0] + "′";
            var size = g.MeasureString(text, font);
            // The label sits beside the arrow's tail, turned away from the edge so it stays inside the frame.
            var x = Math.Clamp(tail.X - (dx > 0 ? size.Width : 0) - (dy * 2), frame.Left + 1, frame.Right - size.Width - 1);
            var y = Math.Clamp(tail.Y - (dy > 0 ? size.Height + 1 : -1) + (dx * 2), frame.Top + 1, frame.Bottom - size.Height - 1);
            g.DrawRectangle(new XSolidBrush(XColor.FromArgb(210, 255, 255, 255)), x - 0.5, y, size.Width + 1, size.Height);
            g.DrawString(text, font, XBrushes.Black, new XPoint(x, y), XStringFormats.TopLeft);
        }

        /// <summary>Each witness mark where its bearing and distance from the pillar put it: a thin ray from the pillar, a small open triangle and its number.</summary>
        private void DrawWitnessMarks(XGraphics g, PlanarFrame frame, SheetPlacement at, XFont font)
        {
            var from = card.Pillar.Surveyed?.Position ?? card.Pillar.Planned;
            var origin = frame.ToPlane(from);
            var start = at.Page(origin.X, origin.Y);
            var ray = new XPen(XColor.FromArgb(150, 60, 0), 0.5) { DashStyle = XDashStyle.Dash };
            var outline = new XPen(XColor.FromArgb(150, 60, 0), 0.8);
            foreach (var mark in card.WitnessMarks)
            {
                var plane = frame.ToPlane(mark.PositionFrom(from));
                var p = at.Page(plane.X, plane.Y);
                g.DrawLine(ray, start, p);
                var h = 1.6 * Mm;
                g.DrawPolygon(outline, XBrushes.White, [new XPoint(p.X, p.Y - h), new XPoint(p.X + h, p.Y + (h * 0.7)), new XPoint(p.X - h, p.Y + (h * 0.7))], XFillMode.Winding);
                // The label goes on the side away from the pillar, so marks close to it do not cover its number.
                var east = Math.Sin(mark.Bearing * Math.PI / 180) >= 0;
                g.DrawString(
                    t.Text("card.witnessMark.short", ("number", mark.Number.ToString(t.Culture))), font, new XSolidBrush(XColor.FromArgb(150, 60, 0)),
                    new XPoint(east ? p.X + h + 1 : p.X - h - 1, p.Y), east ? XStringFormats.CenterLeft : XStringFormats.CenterRight);
            }
        }

        /// <summary>The witness marks as a table: number, kind, true bearing (and how it was measured), horizontal distance, description.</summary>
        private double DrawWitnessMarkTable(XGraphics g, double y)
        {
            if (card.WitnessMarks.Count == 0)
            {
                return SheetCartography.Text(g, t.Text("card.noWitnessMarks"), _small, _left, y, _width);
            }

            double[] fractions = [0, 0.06, 0.26, 0.5, 0.62];
            var columns = fractions.Select(f => _left + f * _width).ToArray();
            double Row(IReadOnlyList<string> cells, XFont font, double top)
            {
                var height = 0.0;
                for (var i = 0; i < cells.Count; i++)
                {
                    var cellWidth = (i + 1 < columns.Length ? columns[i + 1] : _left + _width) - columns[i] - 3;
                    height = Math.Max(height, SheetCartography.Text(g, cells[i], font, columns[i], top, cellWidth) - top);
                }

                return top + height + 0.6;
            }

            y = Row([t.Text("card.witness.number"), t.Text("card.witness.kind"), t.Text("card.witness.bearing"), t.Text("card.witness.distance"), t.Text("card.witness.description")], _smallBold, y);
            foreach (var mark in card.WitnessMarks)
            {
                var bearing = t.Number(mark.Bearing, 4) + "° (" + WitnessMark.Dms(mark.Bearing) + ")";
                if (mark.MeasuredFrom != AzimuthKind.True)
                {
                    bearing += " " + t.Text(
                        "card.witness.measured." + mark.MeasuredFrom,
                        ("bearing", t.Number(mark.MeasuredBearing, 4)),
                        ("correction", t.Number(mark.Correction, 4)));
                }

                var distance = t.Number(mark.Distance, 3) + " m";
                if (mark.SlopeDistance is { } slope)
                {
                    distance += " " + t.Text("card.witness.slope", ("slope", t.Number(slope, 3)));
                }

                if (mark.HeightDifference is { } rise)
                {
                    distance += " " + t.Text("card.witness.rise", ("rise", t.Number(rise, 3)));
                }

                y = Row([mark.Number.ToString(t.Culture), mark.Kind, bearing, distance, mark.Description], _small, y);
            }

            return y;
        }

        /// <summary>The latest inspection photos (JPEG or PNG), up to two, fitted beside the sketch map.</summary>
        private void DrawPhotos(XGraphics g, double top)
        {
            var x = _left + (MapWidth + 6) * Mm;
            var width = _left + _width - x;
            var height = (MapHeight - 44) * Mm / 2 - 2;
            var photos = card.Inspections.OrderByDescending(i => i.InspectedOn)
                .SelectMany(i => i.Photos.Select(p => (Inspection: i, Photo: p)))
                .Where(p => p.Photo.ContentType is "image/jpeg" or "image/png")
                .Take(2).ToList();
            var y = top;
            foreach (var (inspection, photo) in photos)
            {
                using var stream = new MemoryStream(photo.Content, writable: false);
                using var image = XImage.FromStream(stream);
                var fit = Math.Min(width / image.PointWidth, (height - 9) / image.PointHeight);
                g.DrawImage(image, x, y, image.PointWidth * fit, image.PointHeight * fit);
                var caption = photo.Name + ", " + inspection.InspectedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                g.DrawString(caption, PdfText.Font(6.5), XBrushes.Black, new XPoint(x, y + image.PointHeight * fit + 1), XStringFormats.TopLeft);
                y += height + 2;
            }

            if (photos.Count == 0)
            {
                SheetCartography.Text(g, t.Text("card.noPhotos"), _small, x, y, width);
            }
        }

        /// <summary>The inspections, latest first, a line each, as many as the page holds.</summary>
        private void DrawInspections(XGraphics g, double y)
        {
            if (card.Inspections.Count == 0)
            {
                SheetCartography.Text(g, t.Text("card.noInspections"), _small, _left, y, _width);
                return;
            }

            var limit = (PageHeight - Margin) * Mm;
            var shown = 0;
            foreach (var inspection in card.Inspections.OrderByDescending(i => i.InspectedOn))
            {
                var text = inspection.InspectedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + " — "
                    + t.Text("pillar.status." + inspection.Found)
                    + (inspection.Inspector.Length > 0 ? " — " + inspection.Inspector : "")
                    + (inspection.Notes.Length > 0 ? ": " + inspection.Notes : "")
                    + (inspection.Photos.Count > 0 ? " " + t.Text("card.photoCount", ("count", inspection.Photos.Count.ToString(t.Culture))) : "");
                var lines = PdfText.Wrap(text, _small, _width).ToList();
                if (y + lines.Count * _small.Size * 1.3 > limit - _small.Size * 1.3)
                {
                    SheetCartography.Text(g, t.Text("card.moreInspections", ("count", (card.Inspections.Count - shown).ToString(t.Culture))), _small, _left, y, _width);
                    return;
                }

                y = SheetCartography.Text(g, text, _small, _left, y, _width);
                shown++;
            }
        }
    }
}
