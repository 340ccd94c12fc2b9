using System.Text.RegularExpressions;
using Demarcate.Testing;

namespace Demarcate.Core.Tests.Formats.Delimitation;

/// <summary>Reads our PDFs back with poppler's pdftotext and pdfinfo, programs that share no code with PDFsharp.</summary>
internal static partial class PdfOracle
{
    /// <summary>The text of every page, whitespace (line ends included) collapsed to single spaces so wrapped sentences read whole.</summary>
    public static async Task<string> TextAsync(byte[] pdf)
    {
        using var scratch = new ScratchFolder();
        var file = scratch.File("document.pdf");
        await File.WriteAllBytesAsync(file, pdf);
        var result = await ExternalTool.RunAsync("pdftotext", ["-enc", "UTF-8", file, "-"]);
        Assert.True(result.ExitCode == 0, result.StandardError);
        return Spaces().Replace(result.StandardOutput, " ");
    }

    /// <summary>The page count pdfinfo reports.</summary>
    public static async Task<int> PagesAsync(byte[] pdf)
    {
        using var scratch = new ScratchFolder();
        var file = scratch.File("document.pdf");
        await File.WriteAllBytesAsync(file, pdf);
        var result = await ExternalTool.RunAsync("pdfinfo", [file]);
        Assert.True(result.ExitCode == 0, result.StandardError);
        return int.Parse(PagesLine().Match(result.StandardOutput).Groups["pages"].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>One sentence of ours with its whitespace collapsed the same way.</summary>
    public static string Collapse(string text) => Spaces().Replace(text, " ");

    [GeneratedRegex(@"\s+", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex Spaces();

    [GeneratedRegex(@"^Pages:\s+(?<pages>\d+)", RegexOptions.Multiline | RegexOptions.ExplicitCapture | RegexOptions.CultureInvariant, 1000)]
    private static partial Regex PagesLine();
}
