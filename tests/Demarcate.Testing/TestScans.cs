using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Demarcate.Testing;

/// <summary>Small scanned-sheet stand-ins: PNG images written byte by byte (no image library restores here).</summary>
public static class TestScans
{
    /// <summary>An RGB PNG of the given size, each pixel coloured by <paramref name="colour"/>(column, row).</summary>
    public static byte[] Png(int width, int height, Func<int, int, (byte R, byte G, byte B)> colour)
    {
        ArgumentNullException.ThrowIfNull(colour);
        using var output = new MemoryStream();
        output.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8; // bit depth
        header[9] = 2; // truecolour
        Chunk(output, "IHDR", header);
        using (var pixels = new MemoryStream())
        {
            using (var zlib = new ZLibStream(pixels, CompressionLevel.Fastest, leaveOpen: true))
            {
                var row = new byte[1 + (3 * width)];
                for (var r = 0; r < height; r++)
                {
                    row[0] = 0; // no filter
                    for (var c = 0; c < width; c++)
                    {
                        var (red, green, blue) = colour(c, r);
                        row[1 + (3 * c)] = red;
                        row[2 + (3 * c)] = green;
                        row[3 + (3 * c)] = blue;
                    }

                    zlib.Write(row);
                }
            }

            Chunk(output, "IDAT", pixels.ToArray());
        }

        Chunk(output, "IEND", []);
        return output.ToArray();
    }

    private static void Chunk(Stream output, string type, byte[] data)
    {
        var length = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        output.Write(length);
        var typed = Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        output.Write(typed);
        var crc = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32(typed));
        output.Write(crc);
    }

    // PNG's CRC-32 (ISO 3309, reflected polynomial 0xEDB88320), computed bitwise: test images are small.
    private static uint Crc32(byte[] bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
            }
        }

        return ~crc;
    }
}
