using System.Buffers.Binary;
using System.Globalization;

namespace Demarcate.Core.Georeferencing;

/// <summary>
/// A scanned sheet's image as the commission keeps it: PNG or JPEG, of which only the pixel size is read here. The browser
/// decodes and warps the image itself, so no image library is needed on the server.
/// </summary>
public readonly record struct ScanImage(string ContentType, int Width, int Height)
{
    private static readonly byte[] PngSignature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>The image's type and size from its header; a problem naming <paramref name="source"/> when it is neither PNG nor JPEG or is cut short.</summary>
    public static ParseResult<ScanImage> Read(ReadOnlySpan<byte> bytes, string source = "scan")
    {
        if (bytes.Length >= 24 && bytes[..8].SequenceEqual(PngSignature))
        {
            // The IHDR chunk always comes first: length, "IHDR", width, height (big-endian).
            if (!bytes.Slice(12, 4).SequenceEqual("IHDR"u8))
            {
                return Bad(source, "a PNG file must begin with its IHDR chunk");
            }

            return Sized(source, "image/png", BinaryPrimitives.ReadInt32BigEndian(bytes.Slice(16, 4)), BinaryPrimitives.ReadInt32BigEndian(bytes.Slice(20, 4)));
        }

        if (bytes.Length >= 4 && bytes[0] == 0xFF && bytes[1] == 0xD8)
        {
            return ReadJpeg(bytes, source);
        }

        return Bad(source, "a scan must be a PNG or JPEG image (browsers draw those; convert a TIFF first, e.g. with gdal_translate -of PNG)");
    }

    // Walks the JPEG markers to the first start-of-frame (SOF0–SOF15 except DHT, JPG and DAC), which holds the size.
    private static ParseResult<ScanImage> ReadJpeg(ReadOnlySpan<byte> bytes, string source)
    {
        var at = 2;
        while (at + 4 <= bytes.Length)
        {
            if (bytes[at] != 0xFF)
            {
                return Bad(source, string.Create(CultureInfo.InvariantCulture, $"JPEG marker expected at byte {at}"));
            }

            var marker = bytes[at + 1];
            if (marker == 0xFF)
            {
                at++; // fill byte
                continue;
            }

            var length = BinaryPrimitives.ReadUInt16BigEndian(bytes.Slice(at + 2, 2));
            if (marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC)
            {
                if (at + 9 > bytes.Length)
                {
                    break;
                }

                return Sized(source, "image/jpeg", BinaryPrimitives.ReadUInt16BigEndian(bytes.Slice(at + 7, 2)), BinaryPrimitives.ReadUInt16BigEndian(bytes.Slice(at + 5, 2)));
            }

            if (marker == 0xDA)
            {
                break; // image data before any frame header
            }

            at += 2 + length;
        }

        return Bad(source, "the JPEG file ends before its frame header, so its size is unknown");
    }

    private static ParseResult<ScanImage> Sized(string source, string type, int width, int height) =>
        width > 0 && height > 0
            ? ParseResult<ScanImage>.Ok(new ScanImage(type, width, height))
            : Bad(source, string.Create(CultureInfo.InvariantCulture, $"the image says it is {width} × {height} pixels"));

    private static ParseResult<ScanImage> Bad(string source, string message) =>
        ParseResult<ScanImage>.Failed(new InputProblem(source, message));
}
