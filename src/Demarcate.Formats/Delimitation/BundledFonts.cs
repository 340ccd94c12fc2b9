using System.Collections.Concurrent;
using PdfSharp;
using PdfSharp.Fonts;

namespace Demarcate.Formats.Delimitation;

/// <summary>
/// The fonts the delimitation PDFs are set in, bundled with Demarcate so that a document looks the same on every
/// machine: DejaVu Sans (Bitstream Vera licence, see Fonts/LICENSE-DejaVu.txt), which covers Latin, Cyrillic and
/// Armenian. PDFsharp asks this resolver for every font; it never looks at the system's fonts.
/// </summary>
public sealed class BundledFonts : IFontResolver
{
    /// <summary>The family name documents ask for.</summary>
    public const string Family = "DejaVu Sans";

    private const string Regular = "DejaVuSans";
    private const string Bold = "DejaVuSans-Bold";

    /// <summary>The environment variable holding a commercial PDFsharp licence key, when the commission has one.</summary>
    public const string LicenceVariable = "DEMARCATE_PDFSHARP_LICENSE";

    private static readonly Lock Gate = new();
    private static bool _licensed;
    private static readonly ConcurrentDictionary<string, byte[]> Faces = new(StringComparer.Ordinal);

    private BundledFonts()
    {
    }

    /// <summary>
    /// Prepares PDFsharp for the process: its licence and this font resolver. PDFsharp keeps one resolver per process,
    /// settable once before any font is used, so every writer calls this first; a resolver someone else installed is a
    /// fault, not something to override.
    /// </summary>
    /// <remarks>
    /// From 6.5.0 PDFsharp refuses to work until a licence is selected. A commission holding a commercial key gives it
    /// in <see cref="LicenceVariable"/>; otherwise the AGPL-3.0 licence PDFsharp is published under is selected, which
    /// binds the programs that ship it (see docs/delimitation.md).
    /// </remarks>
    public static void Install()
    {
        lock (Gate)
        {
            if (!_licensed)
            {
                if (Environment.GetEnvironmentVariable(LicenceVariable) is { Length: > 0 } key)
                {
                    PdfSharpLicense.LoadLicense(key);
                }
                else
                {
                    PdfSharpLicense.SetAgplLicense();
                }

                _licensed = true;
            }

            switch (GlobalFontSettings.FontResolver)
            {
                case null:
                    GlobalFontSettings.FontResolver = new BundledFonts();
                    break;
                case BundledFonts:
                    break;
                default:
                    throw new InvalidOperationException("Another PDFsharp font resolver is installed; Demarcate's documents need their bundled fonts.");
            }
        }
    }

    /// <summary>The bytes of a bundled TrueType face (DejaVuSans, DejaVuSans-Bold).</summary>
    public static byte[] Face(string faceName) => Faces.GetOrAdd(faceName, name =>
    {
        using var stream = typeof(BundledFonts).Assembly.GetManifestResourceStream("Demarcate.Fonts." + name + ".ttf")
            ?? throw new FileNotFoundException("Font not embedded: " + name);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    });

    /// <inheritdoc/>
    public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) =>
        // Every family maps to DejaVu Sans: a document must never fall back to a font without Armenian or Cyrillic.
        // Italic is simulated by slanting; the bundle has no oblique face.
        new(bold ? Bold : Regular, false, italic);

    /// <inheritdoc/>
    public byte[]? GetFont(string faceName) => Face(faceName);
}
