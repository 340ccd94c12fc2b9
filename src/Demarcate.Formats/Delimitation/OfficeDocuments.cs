using System.Globalization;
using Demarcate.Core.Delimitation;
using Demarcate.Core.Delimitation.Protocol;
using Demarcate.Core.Demarcation;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using W = DocumentFormat.OpenXml.Wordprocessing;
using X = DocumentFormat.OpenXml.Spreadsheet;

namespace Demarcate.Formats.Delimitation;

/// <summary>
/// The protocol-description and the turning-point table as Office Open XML documents (.docx, .xlsx), the files the
/// commission's legal experts and cartographers work on in Word and Excel.
/// </summary>
public static class OfficeDocuments
{
    /// <summary>The protocol as a .docx: the title, then a paragraph per opening sentence, leg and closing sentence.</summary>
    public static Task WriteProtocolDocxAsync(RenderedProtocol protocol, Stream output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(protocol);
        return WriteDocxAsync(output, protocol.Catalogue, landscape: false, body =>
        {
            body.Append(Heading(protocol.Title));
            foreach (var paragraph in protocol.Paragraphs)
            {
                body.Append(Paragraph(paragraph));
            }
        }, cancellationToken);
    }

    /// <summary>The turning-point table as a .docx: a title, a note on the transformations, then the table on a landscape page.</summary>
    public static Task WriteTableDocxAsync(TurningPointTable table, ProtocolCatalogue catalogue, string? title, Stream output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(catalogue);
        return WriteDocxAsync(output, catalogue, landscape: true, body =>
        {
            body.Append(Heading(TableTitle(catalogue, title)));
            body.Append(Paragraph(catalogue.Text("table.transformation")));
            var grid = new W.Table(new TableProperties(
                new TableWidth { Width = "5000", Type = TableWidthUnitValues.Pct },
                new TableBorders(
                    new TopBorder { Val = BorderValues.Single, Size = 4 },
                    new LeftBorder { Val = BorderValues.Single, Size = 4 },
                    new BottomBorder { Val = BorderValues.Single, Size = 4 },
                    new RightBorder { Val = BorderValues.Single, Size = 4 },
                    new InsideHorizontalBorder { Val = BorderValues.Single, Size = 4 },
                    new InsideVerticalBorder { Val = BorderValues.Single, Size = 4 })));
            grid.Append(new TableGrid(Headers(table, catalogue).Select(_ => new GridColumn())));
            grid.Append(Row(Headers(table, catalogue), header: true));
            foreach (var row in table.Rows)
            {
                grid.Append(Row(row, header: false));
            }

            body.Append(grid);
            body.Append(new W.Paragraph());
        }, cancellationToken);
    }

    /// <summary>
    /// The turning-point table as an .xlsx: the title and the note on transformations above the header row, whose cells
    /// name each column's CRS and operation; metres and decimal degrees are numbers, DMS stays text.
    /// </summary>
    public static Task WriteTableXlsxAsync(TurningPointTable table, ProtocolCatalogue catalogue, string? title, Stream output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(catalogue);
        return WriteXlsxAsync("Turning points", [TableTitle(catalogue, title), catalogue.Text("table.transformation")], Headers(table, catalogue), table.Rows, output, cancellationToken);
    }

    /// <summary>
    /// The pillar coordinate list as an .xlsx: <paramref name="title"/> above the header row, a row per pillar; coordinates,
    /// epochs, accuracies and offsets are numbers, the rest text.
    /// </summary>
    public static Task WritePillarListXlsxAsync(PillarCoordinateList list, string title, Stream output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(list);
        return WriteXlsxAsync("Pillars", [title], list.Headers, list.Rows, output, cancellationToken);
    }

    /// <summary>One worksheet: lines of text, then the header row and the data rows (cells that read as invariant numbers become numbers).</summary>
    private static async Task WriteXlsxAsync(string sheetName, IReadOnlyList<string> preamble, IEnumerable<string> headers, IEnumerable<IReadOnlyList<string>> rows, Stream output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        using var buffer = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(buffer, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new X.Workbook();
            var worksheet = workbook.AddNewPart<WorksheetPart>();
            var data = new X.SheetData();
            worksheet.Worksheet = new X.Worksheet(data);
            uint number = 1;
            foreach (var line in preamble)
            {
                data.Append(XlsxRow(number++, [line], numeric: false));
            }

            data.Append(XlsxRow(number++, headers, numeric: false));
            foreach (var row in rows)
            {
                data.Append(XlsxRow(number++, row, numeric: true));
            }

            workbook.Workbook.AppendChild(new X.Sheets(new X.Sheet { Id = workbook.GetIdOfPart(worksheet), SheetId = 1, Name = sheetName }));
            workbook.Workbook.Save();
        }

        buffer.Position = 0;
        await buffer.CopyToAsync(output, cancellationToken);
    }

    private static string TableTitle(ProtocolCatalogue catalogue, string? title) =>
        title is null ? catalogue.Text("table.title") : catalogue.Text("table.title") + ": " + title;

    private static List<string> Headers(TurningPointTable table, ProtocolCatalogue catalogue) =>
        [catalogue.Text("table.point"), catalogue.Text("table.fixed"), .. table.Headers.Skip(2)];

    private static async Task WriteDocxAsync(Stream output, ProtocolCatalogue catalogue, bool landscape, Action<Body> fill, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        using var buffer = new MemoryStream();
        using (var document = WordprocessingDocument.Create(buffer, WordprocessingDocumentType.Document))
        {
            var main = document.AddMainDocumentPart();
            var body = new Body();
            fill(body);
            // A4, portrait for prose and landscape for the wide table; the section properties end the body.
            body.Append(new SectionProperties(
                landscape
                    ? new W.PageSize { Width = 16838, Height = 11906, Orient = PageOrientationValues.Landscape }
                    : new W.PageSize { Width = 11906, Height = 16838 },
                new PageMargin { Top = 1134, Bottom = 1134, Left = 1134U, Right = 1134U, Header = 567U, Footer = 567U, Gutter = 0U }));
            main.Document = new Document(body);
            var styles = main.AddNewPart<StyleDefinitionsPart>();
            styles.Styles = new Styles(new DocDefaults(new RunPropertiesDefault(new StyleRunProperties(
                new RunFonts { Ascii = "DejaVu Sans", HighAnsi = "DejaVu Sans", ComplexScript = "DejaVu Sans", EastAsia = "DejaVu Sans" },
                new FontSize { Val = "21" },
                new Languages { Val = catalogue.Culture.Name }))));
            main.Document.Save();
        }

        buffer.Position = 0;
        await buffer.CopyToAsync(output, cancellationToken);
    }

    private static W.Paragraph Heading(string text) =>
        new(new W.Run(new W.RunProperties(new Bold(), new FontSize { Val = "28" }), new W.Text(text) { Space = SpaceProcessingModeValues.Preserve }));

    private static W.Paragraph Paragraph(string text) =>
        new(new ParagraphProperties(new SpacingBetweenLines { After = "120" }), new W.Run(new W.Text(text) { Space = SpaceProcessingModeValues.Preserve }));

    private static TableRow Row(IEnumerable<string> cells, bool header)
    {
        var row = new TableRow();
        if (header)
        {
            row.Append(new TableRowProperties(new TableHeader()));
        }

        foreach (var cell in cells)
        {
            var run = header ? new W.Run(new W.RunProperties(new Bold()), new W.Text(cell)) : new W.Run(new W.Text(cell));
            row.Append(new TableCell(new W.Paragraph(run)));
        }

        return row;
    }

    private static X.Row XlsxRow(uint number, IEnumerable<string> values, bool numeric)
    {
        var row = new X.Row { RowIndex = number };
        var column = 0;
        foreach (var value in values)
        {
            var reference = ColumnName(column++) + number.ToString(CultureInfo.InvariantCulture);
            // The table's metres and decimal degrees are written invariantly; Excel gets them as numbers to compute with.
            row.Append(numeric && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _)
                ? new X.Cell { CellReference = reference, DataType = X.CellValues.Number, CellValue = new X.CellValue(value) }
                : new X.Cell { CellReference = reference, DataType = X.CellValues.InlineString, InlineString = new X.InlineString(new X.Text(value)) });
        }

        return row;
    }

    private static string ColumnName(int index) =>
        index < 26 ? ((char)('A' + index)).ToString() : ColumnName(index / 26 - 1) + (char)('A' + index % 26);
}
