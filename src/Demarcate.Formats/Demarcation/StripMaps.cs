using System.Globalization;
using Demarcate.Core.Boundaries;
using Demarcate.Core.Delimitation.Protocol;
using Demarcate.Core.Demarcation;
using Demarcate.Core.Geodesy;
using Demarcate.Formats.Delimitation;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace Demarcate.Formats.Demarcation;

/// <summary>The paper a strip-map series is printed on, landscape.</summary>
public enum StripPaper
{
    A4,
    A3,
}

/// <summary>
/// The strip-map series along a sector's agreed line: landscape sheets at a chosen scale that follow the line, each
/// overlapping the next, on the UTM grid with kilometre labels, with the line, the pillars by type with their numbers,
/// both parties named on their sides, north arrow, scale bar and legend; the first page is the sheet index.
/// </summary>
public static class StripMaps
{
    private const double Mm = SheetCartography.Mm;

    /// <summary>The least and greatest scale denominators offered.</summary>
    public const int LargestScale = 5_000;

    public const int SmallestScale = 100_000;

    // Of the frame's ground size, how much one sheet's stretch of line may span: the rest is overlap with its neighbours.
    private const double Usable = 0.85;

    private sealed record Layout(double PageWidth, double PageHeight, XRect FrameMm, double PanelLeft);

    private static Layout For(StripPaper paper) => paper == StripPaper.A3
        ? new Layout(420, 297, new XRect(20, 14, 300, 265), 330)
        : new Layout(297, 210, new XRect(18, 12, 200, 180), 228);

    /// <summary>
    /// The sheets that follow <paramref name="line"/> at 1:<paramref name="scale"/> on <paramref name="paper"/>: the line is
    /// cut into consecutive stretches each spanning at most 85% of a frame's ground size, and each sheet is centred on its
    /// stretch, so consecutive sheets share the vertex between them and overlap.
    /// </summary>
    public static IReadOnlyList<AnnexSheet> Sheets(IReadOnlyList<GeoPoint> line, int utmZone, int scale, StripPaper paper = StripPaper.A4)
    {
        ArgumentNullException.ThrowIfNull(line);
        var layout = For(paper);
        var (width, height) = (layout.FrameMm.Width / 1000 * scale, layout.FrameMm.Height / 1000 * scale);
        var frame = PlanarFrame.Utm(utmZone);
        var plane = SheetCartography.Densify([.. line.Select(frame.ToPlane)], Math.Min(width, height) / 8);
        if (plane.Count == 0)
        {
            return [];
        }

        var sheets = new List<AnnexSheet>();
        var start = 0;
        while (true)
        {
            var (minX, maxX, minY, maxY) = (plane[start].X, plane[start].X, plane[start].Y, plane[start].Y);
            var end = start;
            while (end + 1 < plane.Count)
            {
                var next = plane[end + 1];
                var (nx0, nx1, ny0, ny1) = (Math.Min(minX, next.X), Math.Max(maxX, next.X), Math.Min(minY, next.Y), Math.Max(maxY, next.Y));
                if (nx1 - nx0 > width * Usable || ny1 - ny0 > height * Usable)
                {
                    break;
                }

                (minX, maxX, minY, maxY, end) = (nx0, nx1, ny0, ny1, end + 1);
            }

            var (cx, cy) = ((minX + maxX) / 2, (minY + maxY) / 2);
            sheets.Add(new AnnexSheet(sheets.Count + 1, cx - width / 2, cy - height / 2, cx + width / 2, cy + height / 2));
            if (end >= plane.Count - 1)
            {
                return sheets;
            }

            start = Math.Max(end, start + 1);
        }
    }

    /// <summary>Writes the series: the sheet index, then a page per sheet.</summary>
    public static async Task WriteAsync(string sectorId, PillarSurroundings surroundings, int scale, StripPaper paper, ProtocolCatalogue catalogue, Stream output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(surroundings);
        ArgumentNullException.ThrowIfNull(catalogue);
        ArgumentNullException.ThrowIfNull(output);
        if (surroundings.Line.Count < 2)
        {
            throw new ArgumentException("The sector has no agreed line to follow.", nameof(surroundings));
        }

        if (scale is < LargestScale or > SmallestScale)
        {
            throw new ArgumentOutOfRangeException(nameof(scale), scale, "Strip maps are drawn from 1:5 000 to 1:100 000.");
        }

        BundledFonts.Install();
        var layout = For(paper);
        var sheets = Sheets(surroundings.Line, surroundings.UtmZone, scale, paper);
        var title = catalogue.Text("strip.title", ("sector", sectorId));
        using var document = new PdfDocument();
        document.Info.Title = title;
        document.Info.Creator = "Demarcate";
        document.Language = catalogue.Language;
        var drawing = new StripDrawing(surroundings, catalogue, scale, layout, title, sheets);
        drawing.DrawIndex(NewPage(document, layout));
        foreach (var sheet in sheets)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var graphics = NewPage(document, layout);
            drawing.DrawSheet(graphics, sheet);
        }

        await PdfText.SaveAsync(document, output, cancellationToken);
    }

    private static XGraphics NewPage(PdfDocument document, Layout layout)
    {
        var page = document.AddPage();
        page.Width = XUnit.FromMillimeter(layout.PageWidth);
        page.Height = XUnit.FromMillimeter(layout.PageHeight);
        return XGraphics.FromPdfPage(page);
    }

    private sealed class StripDrawing(PillarSurroundings s, ProtocolCatalogue t, int scale, Layout layout, string title, IReadOnlyList<AnnexSheet> sheets)
    {
        private readonly PlanarFrame _frame = PlanarFrame.Utm(s.UtmZone);
        private readonly XRect _box = new(layout.FrameMm.X * Mm, layout.FrameMm.Y * Mm, layout.FrameMm.Width * Mm, layout.FrameMm.Height * Mm);

        private readonly (double X, double Y)[] _line = [.. SheetCartography.Densify([.. s.Line.Select(PlanarFrame.Utm(s.UtmZone).ToPlane)], scale / 50.0)];

        private (double X, double Y)[] Line => _line;

        public void DrawIndex(XGraphics g)
        {
            using (g)
            {
                // The whole series on one frame: the smallest whole-thousand scale at which every sheet fits.
                var (minX, maxX) = (sheets.Min(x => x.MinEasting), sheets.Max(x => x.MaxEasting));
                var (minY, maxY) = (sheets.Min(x => x.MinNorthing), sheets.Max(x => x.MaxNorthing));
                var indexScale = (int)(Math.Ceiling(Math.Max((maxX - minX) / layout.FrameMm.Width, (maxY - minY) / layout.FrameMm.Height) * 1.05) * 1000);
                var (cx, cy) = ((minX + maxX) / 2, (minY + maxY) / 2);
                var (hw, hh) = (layout.FrameMm.Width / 2 / 1000 * indexScale, layout.FrameMm.Height / 2 / 1000 * indexScale);
                var sheet = new AnnexSheet(0, cx - hw, cy - hh, cx + hw, cy + hh);
                var at = new SheetPlacement(sheet, _box, indexScale);
                var spacing = SheetCartography.Nice(30.0 * indexScale / 1000);
                var state = g.Save();
                g.IntersectClip(_box);
                SheetCartography.DrawGrid(g, at, spacing);
                var line = Line;
                SheetCartography.DrawParties(g, at, [line], s.Parties, t.Culture);
                g.DrawLines(SheetCartography.BoundaryPen(), line.Select(p => at.Page(p.X, p.Y)).ToArray());
                var outline = new XPen(XColor.FromArgb(30, 60, 140), 0.9);
                var numberFont = PdfText.Font(9, bold: true);
                foreach (var drawn in sheets)
                {
                    var topLeft = at.Page(drawn.MinEasting, drawn.MaxNorthing);
                    var bottomRight = at.Page(drawn.MaxEasting, drawn.MinNorthing);
                    g.DrawRectangle(outline, new XRect(topLeft, bottomRight));
                    g.DrawString(drawn.Number.ToString(t.Culture), numberFont, new XSolidBrush(outline.Color), new XPoint(topLeft.X + 2, topLeft.Y + 2), XStringFormats.TopLeft);
                }

                g.Restore(state);
                g.DrawRectangle(new XPen(XColors.Black, 1), _box);
                SheetCartography.DrawGridLabels(g, at, spacing);
                var (x, width) = (layout.PanelLeft * Mm, (layout.PageWidth - layout.PanelLeft - 8) * Mm);
                var y = SheetCartography.Text(g, title, PdfText.Font(11, bold: true), x, layout.FrameMm.Y * Mm, width) + 4;
                y = SheetCartography.Text(g, t.Text("strip.index"), PdfText.Font(10, bold: true), x, y, width);
                y = SheetCartography.Text(g, t.Text("strip.indexNote", ("count", sheets.Count.ToString(t.Culture)), ("scale", scale.ToString("N0", t.Culture))), PdfText.Font(7.5), x, y, width);
                y = SheetCartography.Text(g, t.Text("map.scale", ("scale", indexScale.ToString("N0", t.Culture))), PdfText.Font(7.5), x, y, width) + 16;
                y = SheetCartography.DrawNorthArrow(g, t, _frame, sheet, x, y, width) + 6;
                SheetCartography.DrawScaleBar(g, t, indexScale, x, y);
            }
        }

        public void DrawSheet(XGraphics g, AnnexSheet sheet)
        {
            var at = new SheetPlacement(sheet, _box, scale);
            var spacing = SheetCartography.GridSpacing(scale);
            var line = Line;
            var state = g.Save();
            g.IntersectClip(_box);
            SheetCartography.DrawGrid(g, at, spacing);
            SheetCartography.DrawParties(g, at, [line], s.Parties, t.Culture);
            g.DrawLines(SheetCartography.BoundaryPen(), line.Select(p => at.Page(p.X, p.Y)).ToArray());
            var label = PdfText.Font(7, bold: true);
            foreach (var pillar in s.Pillars)
            {
                var plane = _frame.ToPlane(pillar.Planned);
                var p = at.Page(plane.X, plane.Y);
                if (!at.Inside(p))
                {
                    continue;
                }

                PillarCards.DrawSymbol(g, pillar.Type, p, pillar.Type == PillarType.Primary ? 5 : 4, XBrushes.White, new XPen(XColors.Black, 0.8));
                g.DrawString(pillar.Number.ToString(), label, XBrushes.Black, new XPoint(p.X + 3.5, p.Y + 2.5), XStringFormats.TopLeft);
            }

            g.Restore(state);
            g.DrawRectangle(new XPen(XColors.Black, 1), _box);
            SheetCartography.DrawGridLabels(g, at, spacing);

            var (x, width) = (layout.PanelLeft * Mm, (layout.PageWidth - layout.PanelLeft - 8) * Mm);
            var small = PdfText.Font(7.5);
            var y = SheetCartography.Text(g, title, PdfText.Font(10, bold: true), x, layout.FrameMm.Y * Mm, width) + 4;
            y = SheetCartography.Text(g, t.Text("map.sheet", ("number", sheet.Number.ToString(t.Culture)), ("count", sheets.Count.ToString(t.Culture))), small, x, y, width);
            y = SheetCartography.Text(g, t.Text("map.scale", ("scale", scale.ToString("N0", t.Culture))), PdfText.Font(9, bold: true), x, y, width) + 2;
            var grid = string.Create(CultureInfo.InvariantCulture, $"UTM {s.UtmZone}N (EPSG:{32600 + s.UtmZone}), WGS 84");
            y = SheetCartography.Text(g, t.Text("map.grid", ("grid", grid), ("spacing", ProtocolText.Length(t, spacing))), small, x, y, width) + 16;
            y = SheetCartography.DrawNorthArrow(g, t, _frame, sheet, x, y, width) + 6;
            y = SheetCartography.DrawScaleBar(g, t, scale, x, y) + 8;
            DrawLegend(g, x, y, width);
        }

        private void DrawLegend(XGraphics g, double x, double y, double width)
        {
            var font = PdfText.Font(7.5);
            y = SheetCartography.Text(g, t.Text("map.legend"), PdfText.Font(9, bold: true), x, y, width) + 2;
            var symbol = 10 * Mm;
            var outline = new XPen(XColors.Black, 0.8);
            var rows = new (string Key, Action<double> Draw)[]
            {
                ("map.legend.boundary", cy => g.DrawLine(SheetCartography.BoundaryPen(), x, cy, x + symbol, cy)),
                ("strip.legend.primary", cy => PillarCards.DrawSymbol(g, PillarType.Primary, new XPoint(x + symbol / 2, cy), 5, XBrushes.White, outline)),
                ("strip.legend.secondary", cy => PillarCards.DrawSymbol(g, PillarType.Secondary, new XPoint(x + symbol / 2, cy), 4, XBrushes.White, outline)),
                ("strip.legend.intermediate", cy => PillarCards.DrawSymbol(g, PillarType.Intermediate, new XPoint(x + symbol / 2, cy), 4, XBrushes.White, outline)),
                ("strip.legend.reference", cy => PillarCards.DrawSymbol(g, PillarType.Reference, new XPoint(x + symbol / 2, cy), 4, XBrushes.White, outline)),
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
