using Demarcate.Core.Delimitation.Protocol;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace Demarcate.Formats.Delimitation;

/// <summary>Writes a protocol-description as a PDF: A4 pages, the title, then each paragraph wrapped to the text width.</summary>
public static class ProtocolPdf
{
    private const double Millimetre = 72 / 25.4;
    private const double Margin = 25 * Millimetre;

    /// <summary>Writes <paramref name="protocol"/> to <paramref name="output"/>.</summary>
    public static async Task WriteAsync(RenderedProtocol protocol, Stream output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(protocol);
        ArgumentNullException.ThrowIfNull(output);
        BundledFonts.Install();
        using var document = new PdfDocument();
        document.Info.Title = protocol.Title;
        document.Info.Creator = "Demarcate";
        document.Language = protocol.Catalogue.Language;
        var flow = new PageFlow(document, Margin);
        flow.Paragraph(protocol.Title, PdfText.Font(14, bold: true), spaceAfter: 10);
        foreach (var paragraph in protocol.Paragraphs)
        {
            cancellationToken.ThrowIfCancellationRequested();
            flow.Paragraph(paragraph, PdfText.Font(10.5), spaceAfter: 6);
        }

        flow.Finish();
        await PdfText.SaveAsync(document, output, cancellationToken);
    }

    /// <summary>Lays paragraphs down A4 pages, starting a new page when the next line does not fit.</summary>
    private sealed class PageFlow(PdfDocument document, double margin)
    {
        private XGraphics? _graphics;
        private PdfPage? _page;
        private double _y;

        public void Paragraph(string text, XFont font, double spaceAfter)
        {
            var lineHeight = font.Size * 1.35;
            var width = XUnit.FromMillimeter(210).Point - 2 * margin;
            foreach (var line in PdfText.Wrap(text, font, width))
            {
                if (_graphics is null || _y + lineHeight > _page!.Height.Point - margin)
                {
                    NewPage();
                }

                _graphics!.DrawString(line, font, XBrushes.Black, new XPoint(margin, _y), XStringFormats.TopLeft);
                _y += lineHeight;
            }

            _y += spaceAfter;
        }

        public void Finish() => _graphics?.Dispose();

        private void NewPage()
        {
            _graphics?.Dispose();
            _page = document.AddPage();
            _page.Width = XUnit.FromMillimeter(210);
            _page.Height = XUnit.FromMillimeter(297);
            _graphics = XGraphics.FromPdfPage(_page);
            _y = margin;
            var footer = PdfText.Font(8);
            _graphics.DrawString(
                document.PageCount.ToString(System.Globalization.CultureInfo.InvariantCulture),
                footer,
                XBrushes.Gray,
                new XPoint(_page.Width.Point / 2, _page.Height.Point - margin / 2),
                XStringFormats.Center);
        }
    }
}

/// <summary>What the delimitation PDFs share: their fonts, word wrapping and saving.</summary>
internal static class PdfText
{
    /// <summary>DejaVu Sans at <paramref name="size"/> points, with Unicode encoding so that Armenian and Cyrillic keep their code points (text can be searched and extracted).</summary>
    public static XFont Font(double size, bool bold = false) =>
        new(BundledFonts.Family, size, bold ? XFontStyleEx.Bold : XFontStyleEx.Regular, new XPdfFontOptions(PdfFontEncoding.Unicode));

    /// <summary>The lines <paramref name="text"/> breaks into at spaces to fit <paramref name="width"/> points; a word longer than the width gets a line of its own.</summary>
    public static IEnumerable<string> Wrap(string text, XFont font, double width)
    {
        var measure = XGraphics.CreateMeasureContext(new XSize(width, 1000), XGraphicsUnit.Point, XPageDirection.Downwards);
        var line = "";
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = line.Length == 0 ? word : line + " " + word;
            if (line.Length > 0 && measure.MeasureString(candidate, font).Width > width)
            {
                yield return line;
                line = word;
            }
            else
            {
                line = candidate;
            }
        }

        if (line.Length > 0)
        {
            yield return line;
        }
    }

    public static async Task SaveAsync(PdfDocument document, Stream output, CancellationToken cancellationToken)
    {
        // PDFsharp writes synchronously; the bytes go to memory first so the caller's stream is written asynchronously.
        using var buffer = new MemoryStream();
        document.Save(buffer, false);
        buffer.Position = 0;
        await buffer.CopyToAsync(output, cancellationToken);
    }
}
