using System.Globalization;
using Demarcate.Core.Delimitation.Protocol;
using Demarcate.Core.Demarcation;
using Demarcate.Core.Geodesy;
using Demarcate.Core.Tests.Formats.Delimitation;
using Demarcate.Core.Tests.Geodesy;
using Demarcate.Core.Trust;
using Demarcate.Formats.Delimitation;
using Demarcate.Formats.Demarcation;
using Demarcate.Testing;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using X = DocumentFormat.OpenXml.Spreadsheet;

namespace Demarcate.Core.Tests.Formats.Demarcation;

/// <summary>
/// Pillar cards, strip maps and the coordinate list read back by programs that share no code with ours: poppler's
/// pdftotext, pdfinfo and pdfimages, PROJ's cct for the coordinates, and the Open XML SDK for the workbook.
/// </summary>
public sealed class PillarDocumentTests
{
    private const string Left = "Republic of Armenia";
    private const string Right = "Republic of Azerbaijan";

    /// <summary>
    /// A sector line running north-east from near Ijevan (UTM 38N, Gauss–Krüger zone 8) for about 20 km, with a pillar
    /// every 2 km; pillar 2 is surveyed 3 cm off its plan and has an inspection with a photo.
    /// </summary>
    private static (PillarSurroundings Surroundings, IReadOnlyList<PillarInspection> Inspections) Sector()
    {
        var line = Enumerable.Range(0, 11).Select(i => Geodesic.Wgs84.Direct(40.90, 45.10, 40 + (i % 2) * 15, i * 2000)).Select(d => new GeoPoint(d.Latitude, d.Longitude)).ToList();
        var pillars = line.Select((p, i) => new Pillar(PillarNumber.Of("M-04", i + 1), "M-04", i % 2 == 0 ? PillarType.Primary : PillarType.Secondary, p)
        {
            Reason = i == 0 || i == line.Count - 1 ? PillarReason.SectorEnd : PillarReason.Spacing,
            Chainage = i * 2000,
            Publication = Publication.Published,
        }).ToList();
        var moved = Geodesic.Wgs84.Direct(pillars[1].Planned.Latitude, pillars[1].Planned.Longitude, 60, 0.03);
        pillars[1] = pillars[1] with
        {
            Status = PillarStatus.Emplaced,
            Surveyed = new SurveyedPosition(new GeoPoint(moved.Latitude, moved.Longitude), "ITRF2014", 2024.3, "GNSS RTK", 0.02) { Height = 812.345, HeightSystem = "EGM2008" },
        };
        var photo = TestScans.Png(64, 48, (c, r) => ((byte)(c * 4), (byte)(r * 5), 90));
        var inspections = new[] { new PillarInspection("M-04/2", new DateOnly(2025, 5, 14), PillarStatus.Emplaced, "Concrete sound, plate legible", [new PillarPhoto("north-face.png", "image/png", photo)]) { Inspector = "az.survey" } };
        return (new PillarSurroundings(line, pillars, (Left, Right), 38), inspections);
    }

    private static PillarCard Card(PillarSurroundings around, Pillar pillar, IReadOnlyList<PillarInspection> inspections)
    {
        var operations = PillarCoordinates.Operations(CrsRegistry.Standard, pillar.Planned, "EPSG:15865");
        return new PillarCard(pillar, PillarCoordinates.Of(pillar.Planned, operations),
            pillar.Surveyed is { } s ? PillarCoordinates.Of(s.Position, operations) : [], inspections, around);
    }

    private static async Task<byte[]> CardsAsync(IReadOnlyList<PillarCard> cards)
    {
        using var stream = new MemoryStream();
        await PillarCards.WriteAsync(cards, ProtocolCatalogue.English, stream, default);
        return stream.ToArray();
    }

    [Fact]
    public void A_card_gives_the_position_in_every_registry_system_that_covers_it()
    {
        var (around, inspections) = Sector();
        var card = Card(around, around.Pillars[1], inspections);

        var codes = card.Planned.Select(c => c.Crs.Code.ToString()).ToList();
        Assert.Equal("EPSG:4326", codes[0]);
        Assert.Equal("EPSG:32638", codes[1]);
        var covering = CrsRegistry.Standard.Defined.Where(s => s.AreaOfUse.Contains(card.Pillar.Planned.Latitude, card.Pillar.Planned.Longitude)).Select(s => s.Code.ToString());
        Assert.Equal(covering.Append("EPSG:32638").Order(StringComparer.Ordinal), codes.Order(StringComparer.Ordinal));
        Assert.Contains("EPSG:28408", codes);
        Assert.All(card.Planned.Where(c => c.Crs.Datum != Datum.Wgs84), c => Assert.Contains("EPSG:15865", c.FromWgs84.Name, StringComparison.Ordinal));
        Assert.Equal(card.Planned.Count, card.Surveyed.Count);
    }

    [Fact]
    public async Task A_card_shows_the_number_every_coordinate_both_parties_and_a_photo()
    {
        var (around, inspections) = Sector();
        var card = Card(around, around.Pillars[1], inspections);

        var pdf = await CardsAsync([card]);

        var text = await PdfOracle.TextAsync(pdf);
        Assert.Contains("Boundary pillar M-04/2", text, StringComparison.Ordinal);
        foreach (var c in card.Planned.Concat(card.Surveyed))
        {
            Assert.Contains(c.FirstText, text, StringComparison.Ordinal);
            Assert.Contains(c.SecondText, text, StringComparison.Ordinal);
            Assert.Contains(c.Crs.Code.ToString(), text, StringComparison.Ordinal);
        }

        Assert.Contains("ITRF2014", text, StringComparison.Ordinal);
        Assert.Contains("2024.3", text, StringComparison.Ordinal);
        Assert.Contains("EGM2008", text, StringComparison.Ordinal);
        Assert.Contains("REPUBLIC OF ARMENIA", text, StringComparison.Ordinal);
        Assert.Contains("REPUBLIC OF AZERBAIJAN", text, StringComparison.Ordinal);
        Assert.Contains("M-04/1", text, StringComparison.Ordinal); // a neighbour on the sketch map
        Assert.Contains("Concrete sound, plate legible", text, StringComparison.Ordinal);
        Assert.Contains("north-face.png", text, StringComparison.Ordinal);

        using var scratch = new ScratchFolder();
        var file = scratch.File("card.pdf");
        await File.WriteAllBytesAsync(file, pdf);
        var info = await ExternalTool.RunAsync("pdfinfo", [file]);
        Assert.Equal(1, await PdfOracle.PagesAsync(pdf));
        Assert.Contains("595.276 x 841.89 pts (A4)", info.StandardOutput, StringComparison.Ordinal);
        // The picture in docs/demarcation.md is this card, rendered by poppler (changed only on purpose).
        if (Environment.GetEnvironmentVariable("DEMARCATE_README_SCREENSHOTS") == "1")
        {
            var picture = Path.Combine(RepositoryPaths.Root, "docs", "screenshots", "pillar-card");
            Assert.Equal(0, (await ExternalTool.RunAsync("pdftoppm", ["-png", "-r", "90", "-singlefile", file, picture])).ExitCode);
        }

        var images = await ExternalTool.RunAsync("pdfimages", ["-list", file]);
        var rows = images.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(2).ToList();
        var image = Assert.Single(rows).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["64", "48"], image[3..5]);
    }

    [Fact]
    public async Task A_card_lists_the_witness_marks_draws_them_at_a_local_scale_and_points_to_far_neighbours()
    {
        var (around, inspections) = Sector();
        var pillar = around.Pillars[1];
        var card = Card(around, pillar, inspections) with
        {
            WitnessMarks =
            [
                new WitnessMark(1, "cross cut in rock", 47.25, 12.345) { Description = "on the boulder left of the track", SlopeDistance = 12.5, HeightDifference = -1.96 },
                WitnessMark.Measured(2, "iron pin", 300, AzimuthKind.Magnetic, 6.5, 23.4) with { Description = "beside the culvert" },
                new WitnessMark(3, "tree blaze", 181, 95.5) { Description = "old walnut" },
            ],
        };

        var pdf = await CardsAsync([card]);
        var text = await PdfOracle.TextAsync(pdf);
        // The picture in docs/demarcation.md of a card with witness marks (changed only on purpose).
        if (Environment.GetEnvironmentVariable("DEMARCATE_README_SCREENSHOTS") == "1")
        {
            using var scratch = new ScratchFolder();
            var file = scratch.File("card.pdf");
            await File.WriteAllBytesAsync(file, pdf);
            var picture = Path.Combine(RepositoryPaths.Root, "docs", "screenshots", "pillar-card-witness-marks");
            Assert.Equal(0, (await ExternalTool.RunAsync("pdftoppm", ["-png", "-r", "90", "-singlefile", file, picture])).ExitCode);
        }

        Assert.Contains("Witness marks", text, StringComparison.Ordinal);
        Assert.Contains("cross cut in rock", text, StringComparison.Ordinal);
        Assert.Contains("47.2500° (47°15′00″)", text, StringComparison.Ordinal);
        Assert.Contains("12.345 m", text, StringComparison.Ordinal);
        Assert.Contains("on the boulder left of the track", text, StringComparison.Ordinal);
        Assert.Contains("306.5000° (306°30′00″)", text, StringComparison.Ordinal);
        Assert.Contains("300.0000°", text, StringComparison.Ordinal); // as measured from magnetic north
        Assert.Contains("6.5000°", text, StringComparison.Ordinal); // the declination applied
        Assert.Contains("23.400 m", text, StringComparison.Ordinal);
        Assert.Contains("95.500 m", text, StringComparison.Ordinal);
        Assert.Contains("W3", text, StringComparison.Ordinal); // the mark on the sketch map

        // The sketch map is local: the marks (the farthest 95.5 m) fit at 1:5 000, so the neighbours 2 km away are arrows at
        // the frame's edge, each labelled with its number, distance and bearing from this pillar.
        Assert.Equal(5_000, PillarCards.SketchScale(pillar, card.WitnessMarks));
        Assert.Contains("1:5,000", text, StringComparison.Ordinal);
        foreach (var neighbour in new[] { around.Pillars[0], around.Pillars[2] })
        {
            var inverse = Geodesic.Wgs84.Inverse(pillar.Planned.Latitude, pillar.Planned.Longitude, neighbour.Planned.Latitude, neighbour.Planned.Longitude);
            var bearing = WitnessMark.Dms(inverse.InitialAzimuth < 0 ? inverse.InitialAzimuth + 360 : inverse.InitialAzimuth).Split('′')[0] + "′";
            Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"{neighbour.Number} {inverse.Distance / 1000:N2} km {bearing}"), text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_sketch_scale_is_the_largest_at_which_the_witness_marks_fit()
    {
        var (around, _) = Sector();
        var pillar = around.Pillars[4];

        Assert.Equal(1_000, PillarCards.SketchScale(pillar, []));
        Assert.Equal(2_000, PillarCards.SketchScale(pillar, [new WitnessMark(1, "iron pin", 90, 60)]));
        Assert.Equal(10_000, PillarCards.SketchScale(pillar, [new WitnessMark(1, "iron pin", 90, 60), new WitnessMark(2, "reference pillar", 90, 400)]));
    }

    [Fact]
    public async Task The_grid_coordinates_on_a_card_agree_with_cct_to_a_millimetre()
    {
        var (around, inspections) = Sector();
        var card = Card(around, around.Pillars[1], inspections);
        var p = card.Pillar.Planned;
        var area = new GeographicBounds(p.Latitude - 0.01, p.Longitude - 0.01, p.Latitude + 0.01, p.Longitude + 0.01);

        foreach (var (code, shift) in new[] { (32638, (DatumTransformation?)null), (28408, DatumTransformations.Epsg15865) })
        {
            var pipeline = await ProjOracle.PipelineAsync(4326, code, shift, area);
            var expected = (await ProjOracle.RunAsync("cct", ["-d", "6", .. pipeline.Split((char[])[' ', '\n'], StringSplitOptions.RemoveEmptyEntries)], [[p.Latitude, p.Longitude, 0, 0]]))[0];
            var ours = card.Planned.Single(c => c.Crs.Code == CrsCode.Epsg(code));
            Assert.True(Math.Abs(ours.First - expected[0]) <= 1e-3 && Math.Abs(ours.Second - expected[1]) <= 1e-3, string.Create(CultureInfo.InvariantCulture,
                $"EPSG:{code}: ours {ours.First} {ours.Second}, cct {expected[0]} {expected[1]}"));
        }
    }

    [Fact]
    public async Task A_series_has_a_page_per_pillar()
    {
        var (around, inspections) = Sector();

        var pdf = await CardsAsync([.. around.Pillars.Select(p => Card(around, p, p.Number.ToString() == "M-04/2" ? inspections : []))]);

        Assert.Equal(around.Pillars.Count, await PdfOracle.PagesAsync(pdf));
        var text = await PdfOracle.TextAsync(pdf);
        Assert.All(around.Pillars, p => Assert.Contains("Boundary pillar " + p.Number, text, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Strip_maps_follow_the_line_with_more_sheets_at_larger_scales_and_every_pillar_labelled()
    {
        var (around, _) = Sector();
        var counts = new List<int>();
        foreach (var scale in new[] { 100_000, 50_000, 25_000, 10_000 })
        {
            using var stream = new MemoryStream();
            await StripMaps.WriteAsync("M-04", around, scale, StripPaper.A4, ProtocolCatalogue.English, stream, default);
            var pdf = stream.ToArray();
            var sheets = StripMaps.Sheets(around.Line, 38, scale);
            Assert.Equal(sheets.Count + 1, await PdfOracle.PagesAsync(pdf));
            counts.Add(sheets.Count);

            // Consecutive sheets overlap, and every vertex of the line lies on some sheet.
            Assert.All(sheets.Zip(sheets.Skip(1)), pair => Assert.True(
                pair.First.MinEasting < pair.Second.MaxEasting && pair.Second.MinEasting < pair.First.MaxEasting
                && pair.First.MinNorthing < pair.Second.MaxNorthing && pair.Second.MinNorthing < pair.First.MaxNorthing));
            var frame = Demarcate.Core.Boundaries.PlanarFrame.Utm(38);
            Assert.All(around.Line.Select(frame.ToPlane), v => Assert.Contains(sheets, s => v.X >= s.MinEasting && v.X <= s.MaxEasting && v.Y >= s.MinNorthing && v.Y <= s.MaxNorthing));

            var text = await PdfOracle.TextAsync(pdf);
            Assert.Contains("Sheet index", text, StringComparison.Ordinal);
            Assert.All(around.Pillars, p => Assert.Contains(p.Number + " ", text + " ", StringComparison.Ordinal));
            Assert.Contains("REPUBLIC OF ARMENIA", text, StringComparison.Ordinal);
            Assert.Contains("REPUBLIC OF AZERBAIJAN", text, StringComparison.Ordinal);
        }

        Assert.Equal(counts.Order(), counts);
        Assert.True(counts[^1] > counts[0], string.Join(", ", counts));
    }

    [Fact]
    public async Task The_coordinate_list_reads_back_from_xlsx_and_csv_with_the_register_values()
    {
        var (around, _) = Sector();
        var list = PillarCoordinateList.Build(around.Pillars, CrsRegistry.Standard, "EPSG:15865");
        using var stream = new MemoryStream();

        await OfficeDocuments.WritePillarListXlsxAsync(list, "Pillar coordinate list: sector M-04", stream, default);

        stream.Position = 0;
        using var document = SpreadsheetDocument.Open(stream, false);
        Assert.Empty(new OpenXmlValidator().Validate(document).Select(e => e.Description));
        var rows = document.WorkbookPart!.WorksheetParts.Single().Worksheet.Descendants<X.Row>().Select(r => r.Elements<X.Cell>().ToList()).ToList();
        var header = rows[1].Select(c => c.InnerText).ToList();
        Assert.Equal(list.Headers, header);
        Assert.Equal(around.Pillars.Count, rows.Count - 2);
        for (var i = 0; i < around.Pillars.Count; i++)
        {
            var pillar = around.Pillars[i];
            var cells = rows[i + 2];
            string Cell(string name) => cells[header.IndexOf(name)].InnerText;
            Assert.Equal(pillar.Number.ToString(), Cell("number"));
            Assert.Equal(pillar.Status.ToString(), Cell("status"));
            Assert.Equal(X.CellValues.Number, cells[header.IndexOf("planned_lat")].DataType!.Value);
            Assert.Equal(pillar.Planned.Latitude, double.Parse(Cell("planned_lat"), CultureInfo.InvariantCulture), 1e-9);
            Assert.Equal(pillar.Planned.Longitude, double.Parse(Cell("planned_lon"), CultureInfo.InvariantCulture), 1e-9);
            var utm = Utm.Projection(38).Forward(pillar.Planned.Latitude, pillar.Planned.Longitude);
            Assert.Equal(utm.Easting, double.Parse(Cell("utm_easting"), CultureInfo.InvariantCulture), 1e-3);
            Assert.Equal("EPSG:28408", Cell("gk_crs"));
            Assert.Equal(pillar.Surveyed?.Frame ?? "", Cell("frame"));
            if (pillar.Offset() is { } offset)
            {
                Assert.Equal(0.03, double.Parse(Cell("offset_m"), CultureInfo.InvariantCulture), 1e-3);
                Assert.Equal(offset.Distance, double.Parse(Cell("offset_m"), CultureInfo.InvariantCulture), 1e-3);
            }
        }

        var csv = list.ToCsv().Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(',')).ToList();
        Assert.Equal(list.Headers, csv[0]);
        Assert.Equal(around.Pillars.Select(p => p.Number.ToString()), csv.Skip(1).Select(r => r[0]));
        Assert.All(csv, r => Assert.Equal(list.Headers.Count, r.Length));
    }
}
