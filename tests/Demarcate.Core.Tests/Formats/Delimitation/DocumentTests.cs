using System.Buffers.Binary;
using Demarcate.Core.Delimitation;
using Demarcate.Core.Delimitation.Protocol;
using Demarcate.Core.Geodesy;
using Demarcate.Core.Tests.Delimitation;
using Demarcate.Core.Tests.Delimitation.Protocol;
using Demarcate.Formats.Delimitation;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using X = DocumentFormat.OpenXml.Spreadsheet;

namespace Demarcate.Core.Tests.Formats.Delimitation;

/// <summary>The protocol and the turning-point table as .docx, .xlsx and PDF: valid packages, the expected words and numbers.</summary>
public sealed class DocumentTests
{
    private static (RenderedProtocol English, RenderedProtocol Russian, RenderedProtocol Armenian, TurningPointTable Table) Sample()
    {
        var (resolved, gazetteer) = ProtocolSamples.EveryLegKind();
        var protocol = ProtocolDescription.Compose(resolved, gazetteer, "Republic of Armenia", "Republic of Azerbaijan");
        var table = TurningPointTable.Build(resolved, TableColumn.Standard(CrsRegistry.Standard, resolved.TurningPoints["TP1"]));
        return (ProtocolText.Render(protocol, ProtocolCatalogue.English), ProtocolText.Render(protocol, ProtocolCatalogue.For("ru")!),
            ProtocolText.Render(protocol, ProtocolCatalogue.For("hy")!), table);
    }

    [Fact]
    public async Task The_protocol_docx_is_a_valid_package_with_every_paragraph()
    {
        var (_, russian, _, _) = Sample();
        using var stream = new MemoryStream();

        await OfficeDocuments.WriteProtocolDocxAsync(russian, stream, default);

        stream.Position = 0;
        using var document = WordprocessingDocument.Open(stream, false);
        Assert.Empty(new OpenXmlValidator().Validate(document).Select(e => e.Description));
        var paragraphs = document.MainDocumentPart!.Document.Body!.Elements<DocumentFormat.OpenXml.Wordprocessing.Paragraph>().Select(p => p.InnerText).ToList();
        Assert.Equal(russian.Title, paragraphs[0]);
        Assert.Equal(russian.Paragraphs, paragraphs.Skip(1));
    }

    [Fact]
    public async Task The_table_docx_is_a_valid_package_with_every_cell()
    {
        var (english, _, _, table) = Sample();
        using var stream = new MemoryStream();

        await OfficeDocuments.WriteTableDocxAsync(table, english.Catalogue, "Sector M-07 (sample)", stream, default);

        stream.Position = 0;
        using var document = WordprocessingDocument.Open(stream, false);
        Assert.Empty(new OpenXmlValidator().Validate(document).Select(e => e.Description));
        var rows = document.MainDocumentPart!.Document.Body!.Descendants<DocumentFormat.OpenXml.Wordprocessing.TableRow>()
            .Select(r => r.Elements<DocumentFormat.OpenXml.Wordprocessing.TableCell>().Select(c => c.InnerText).ToList()).ToList();
        Assert.Equal(table.Rows.Count + 1, rows.Count);
        Assert.Equal(["Turning point", "Fixed by", .. table.Headers.Skip(2)], rows[0]);
        Assert.Equal(table.Rows.Select(r => r.ToList()), rows.Skip(1));
        Assert.Contains(rows[0], h => h.Contains("EPSG:15865", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_table_xlsx_is_a_valid_workbook_naming_each_transformation_with_numbers_as_numbers()
    {
        var (_, russian, _, table) = Sample();
        using var stream = new MemoryStream();

        await OfficeDocuments.WriteTableXlsxAsync(table, russian.Catalogue, null, stream, default);

        stream.Position = 0;
        using var document = SpreadsheetDocument.Open(stream, false);
        Assert.Empty(new OpenXmlValidator().Validate(document).Select(e => e.Description));
        var rows = document.WorkbookPart!.WorksheetParts.Single().Worksheet.Descendants<X.Row>().ToList();
        Assert.Equal("Таблица поворотных точек", rows[0].Elements<X.Cell>().Single().InnerText);
        var header = rows[2].Elements<X.Cell>().Select(c => c.InnerText).ToList();
        Assert.Equal(["Поворотная точка", "Способ определения", .. table.Headers.Skip(2)], header);
        Assert.Contains(header, h => h.Contains("EPSG:28408", StringComparison.Ordinal) && h.Contains("EPSG:15865", StringComparison.Ordinal));
        for (var i = 0; i < table.Rows.Count; i++)
        {
            var cells = rows[i + 3].Elements<X.Cell>().ToList();
            Assert.Equal(table.Rows[i], cells.Select(c => c.InnerText));
            var easting = cells[header.FindIndex(h => h.StartsWith("EPSG:326", StringComparison.Ordinal))];
            Assert.Equal(X.CellValues.Number, easting.DataType!.Value);
            Assert.Equal(X.CellValues.InlineString, cells[2].DataType!.Value); // DMS stays text
        }
    }

    [Fact]
    public async Task The_protocol_pdf_carries_its_sentences_in_English_Russian_and_Armenian()
    {
        var (english, russian, armenian, _) = Sample();
        foreach (var protocol in new[] { english, russian, armenian })
        {
            using var stream = new MemoryStream();
            await ProtocolPdf.WriteAsync(protocol, stream, default);

            var text = await PdfOracle.TextAsync(stream.ToArray());

            Assert.Contains(PdfOracle.Collapse(protocol.Title), text, StringComparison.Ordinal);
            Assert.All(protocol.Paragraphs, p => Assert.Contains(PdfOracle.Collapse(p), text, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void The_bundled_font_has_glyphs_for_Latin_Cyrillic_and_Armenian()
    {
        var mapped = CharacterMap(BundledFonts.Face("DejaVuSans"));
        var bold = CharacterMap(BundledFonts.Face("DejaVuSans-Bold"));

        foreach (var text in new[] { "Azərbaycan Şərur", "Протокол-описание линии границы: поворотная точка, ёЁ", "Սահմանագծի արձանագրություն Հայաստան ԱԲԳ", "°′″–—«»“”" })
        {
            Assert.All(text.Where(c => c != ' '), c => Assert.True(mapped.Contains(c) && bold.Contains(c), $"no glyph for U+{(int)c:X4} {c}"));
        }
    }

    /// <summary>The characters a TrueType font's Unicode BMP cmap (format 4) maps to a glyph other than .notdef.</summary>
    private static HashSet<char> CharacterMap(byte[] font)
    {
        int U16(int at) => BinaryPrimitives.ReadUInt16BigEndian(font.AsSpan(at));
        int S16(int at) => BinaryPrimitives.ReadInt16BigEndian(font.AsSpan(at));
        int U32(int at) => (int)BinaryPrimitives.ReadUInt32BigEndian(font.AsSpan(at));
        var cmap = Enumerable.Range(0, U16(4)).Select(i => 12 + 16 * i)
            .Where(at => font.AsSpan(at, 4).SequenceEqual("cmap"u8))
            .Select(at => U32(at + 8)).Single();
        var subtable = Enumerable.Range(0, U16(cmap + 2)).Select(i => cmap + 4 + 8 * i)
            .Where(at => U16(at) == 3 && U16(at + 2) == 1) // Windows, Unicode BMP
            .Select(at => cmap + U32(at + 4)).Single();
        Assert.Equal(4, U16(subtable));
        var segments = U16(subtable + 6) / 2;
        var ends = subtable + 14;
        var starts = ends + 2 * segments + 2;
        var deltas = starts + 2 * segments;
        var offsets = deltas + 2 * segments;
        var characters = new HashSet<char>();
        for (var s = 0; s < segments; s++)
        {
            var (end, start, delta, offset) = (U16(ends + 2 * s), U16(starts + 2 * s), S16(deltas + 2 * s), U16(offsets + 2 * s));
            for (var c = start; c <= end && c != 0xFFFF; c++)
            {
                var glyph = offset == 0 ? (c + delta) & 0xFFFF : U16(offsets + 2 * s + offset + 2 * (c - start));
                if (glyph != 0)
                {
                    characters.Add((char)c);
                }
            }
        }

        return characters;
    }
}
