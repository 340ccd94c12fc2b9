using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;
using Demarcate.Core;
using Demarcate.Core.Demarcation;

namespace Demarcate.Formats.Elevation;

/// <summary>
/// Reads a single-band GeoTIFF terrain model: classic TIFF (either byte order), strips or tiles, uncompressed or
/// Deflate (with or without the horizontal predictor), 8/16/32-bit integers or 32/64-bit floats; georeferenced by
/// ModelPixelScale + ModelTiepoint (or an unrotated ModelTransformation), CRS from the GeoKeys (EPSG code),
/// no-data from GDAL's tag. Anything else is reported as a problem naming the file, never guessed.
/// </summary>
public static class GeoTiffReader
{
    private const int ImageWidth = 256;
    private const int ImageLength = 257;
    private const int BitsPerSample = 258;
    private const int Compression = 259;
    private const int StripOffsets = 273;
    private const int SamplesPerPixel = 277;
    private const int RowsPerStrip = 278;
    private const int StripByteCounts = 279;
    private const int PlanarConfiguration = 284;
    private const int Predictor = 317;
    private const int TileWidth = 322;
    private const int TileLength = 323;
    private const int TileOffsets = 324;
    private const int TileByteCounts = 325;
    private const int SampleFormat = 339;
    private const int ModelPixelScale = 33550;
    private const int ModelTiepoint = 33922;
    private const int ModelTransformation = 34264;
    private const int GeoKeyDirectory = 34735;
    private const int GdalNoData = 42113;

    /// <summary>The largest file read whole into memory (a 30 m model of a 300 km square in Float32 is about 400 MB).</summary>
    public const long MaximumBytes = 2_000_000_000;

    /// <summary>Reads the whole stream as a GeoTIFF; <paramref name="epsg"/>, when given, must agree with the file's GeoKeys (or stands for them when it has none).</summary>
    public static async Task<ParseResult<ElevationGrid>> ReadAsync(Stream stream, string source, int? epsg, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var memory = new MemoryStream();
        await stream.CopyToAsync(memory, cancellationToken);
        if (memory.Length > MaximumBytes)
        {
            return Problem(source, "the file is larger than the 2 GB this reader takes");
        }

        try
        {
            return Read(memory.GetBuffer().AsSpan(0, (int)memory.Length).ToArray(), source, epsg);
        }
        catch (InvalidDataException e)
        {
            return Problem(source, "the compressed data is damaged: " + e.Message);
        }
    }

    private static ParseResult<ElevationGrid> Read(byte[] file, string source, int? statedEpsg)
    {
        if (file.Length < 8)
        {
            return Problem(source, "too short to be a TIFF file");
        }

        bool little;
        if (file[0] == 'I' && file[1] == 'I')
        {
            little = true;
        }
        else if (file[0] == 'M' && file[1] == 'M')
        {
            little = false;
        }
        else
        {
            return Problem(source, "not a TIFF file (it does not start with II or MM)");
        }

        var tiff = new Bytes(file, little);
        var magic = tiff.U16(2);
        if (magic == 43)
        {
            return Problem(source, "BigTIFF files are not read; write a classic GeoTIFF (gdal_translate -co BIGTIFF=NO)");
        }

        if (magic != 42)
        {
            return Problem(source, "not a TIFF file (wrong magic number)");
        }

        var tags = new Dictionary<int, double[]>();
        string? noDataText = null;
        var ifd = tiff.U32(4);
        if (ifd + 2 > file.Length)
        {
            return Problem(source, "the first image directory lies outside the file");
        }

        var count = tiff.U16(ifd);
        for (var e = 0; e < count; e++)
        {
            var at = ifd + 2 + (12L * e);
            if (at + 12 > file.Length)
            {
                return Problem(source, "the image directory runs past the end of the file");
            }

            var tag = tiff.U16(at);
            var type = tiff.U16(at + 2);
            var n = tiff.U32(at + 4);
            var size = type switch
            {
                1 or 2 or 6 or 7 => 1,
                3 or 8 => 2,
                4 or 9 or 11 => 4,
                5 or 10 or 12 => 8,
                _ => 0,
            };
            if (size == 0)
            {
                continue;
            }

            var valueAt = size * n <= 4 ? at + 8 : tiff.U32(at + 8);
            if (valueAt + (size * n) > file.Length)
            {
                return Problem(source, string.Create(CultureInfo.InvariantCulture, $"tag {tag} points outside the file"));
            }

            if (tag == GdalNoData && type == 2)
            {
                noDataText = System.Text.Encoding.ASCII.GetString(file, (int)valueAt, (int)n).TrimEnd('\0', ' ');
                continue;
            }

            var values = new double[n];
            for (var i = 0L; i < n; i++)
            {
                var p = valueAt + (i * size);
                values[i] = type switch
                {
                    1 or 7 or 2 => file[p],
                    6 => (sbyte)file[p],
                    3 => tiff.U16(p),
                    8 => (short)tiff.U16(p),
                    4 => tiff.U32(p),
                    9 => (int)tiff.U32(p),
                    5 => (double)tiff.U32(p) / tiff.U32(p + 4),
                    10 => (double)(int)tiff.U32(p) / (int)tiff.U32(p + 4),
                    11 => BitConverter.Int32BitsToSingle((int)tiff.U32(p)),
                    12 => BitConverter.Int64BitsToDouble((long)tiff.U64(p)),
                    _ => 0,
                };
            }

            tags[tag] = values;
        }

        double One(int tag, double fallback) => tags.TryGetValue(tag, out var v) && v.Length > 0 ? v[0] : fallback;

        var width = (int)One(ImageWidth, 0);
        var height = (int)One(ImageLength, 0);
        if (width < 2 || height < 2)
        {
            return Problem(source, "the image is smaller than 2 × 2 cells");
        }

        if (One(SamplesPerPixel, 1) != 1)
        {
            return Problem(source, "more than one band: a terrain model has one height per cell");
        }

        var bits = (int)One(BitsPerSample, 1);
        var format = (int)One(SampleFormat, 1);
        var sample = (format, bits) switch
        {
            (1, 8) => SampleKind.Byte,
            (1, 16) => SampleKind.UInt16,
            (2, 16) => SampleKind.Int16,
            (1, 32) => SampleKind.UInt32,
            (2, 32) => SampleKind.Int32,
            (3, 32) => SampleKind.Float32,
            (3, 64) => SampleKind.Float64,
            _ => (SampleKind?)null,
        };
        if (sample is null)
        {
            return Problem(source, string.Create(CultureInfo.InvariantCulture, $"samples of {bits} bits in format {format} are not read (Int16, UInt16, Int32, Float32, Float64 and Byte are)"));
        }

        var compression = (int)One(Compression, 1);
        if (compression is not (1 or 8 or 32946))
        {
            return Problem(source, string.Create(CultureInfo.InvariantCulture, $"compression {compression} is not read (none and Deflate are)"));
        }

        var predictor = (int)One(Predictor, 1);
        if (predictor is not (1 or 2) || (predictor == 2 && sample is SampleKind.Float32 or SampleKind.Float64))
        {
            return Problem(source, string.Create(CultureInfo.InvariantCulture, $"predictor {predictor} on {sample} samples is not read (none, or horizontal on integers)"));
        }

        var georeference = Georeference(tags, width, height);
        if (georeference.Problem is { } where)
        {
            return Problem(source, where);
        }

        var (fileEpsg, pointCentred) = GeoKeys(tags);
        var epsg = statedEpsg ?? fileEpsg;
        if (epsg is null)
        {
            return Problem(source, "the file names no EPSG CRS in its GeoKeys; state it");
        }

        if (statedEpsg is not null && fileEpsg is not null && statedEpsg != fileEpsg)
        {
            return Problem(source, string.Create(CultureInfo.InvariantCulture, $"the file says EPSG:{fileEpsg}, not the stated EPSG:{statedEpsg}"));
        }

        var bytesPerSample = bits / 8;
        var heights = new float[(long)width * height];
        var tiled = tags.ContainsKey(TileOffsets);
        var blockWidth = tiled ? (int)One(TileWidth, 0) : width;
        var blockHeight = tiled ? (int)One(TileLength, 0) : (int)Math.Min(One(RowsPerStrip, height), height);
        if (blockWidth < 1 || blockHeight < 1)
        {
            return Problem(source, "tiles or strips have no size");
        }

        var offsets = tags.GetValueOrDefault(tiled ? TileOffsets : StripOffsets);
        var lengths = tags.GetValueOrDefault(tiled ? TileByteCounts : StripByteCounts);
        var across = (width + blockWidth - 1) / blockWidth;
        var down = (height + blockHeight - 1) / blockHeight;
        if (offsets is null || lengths is null || offsets.Length < across * down || lengths.Length < offsets.Length)
        {
            return Problem(source, string.Create(CultureInfo.InvariantCulture, $"the file lists fewer {(tiled ? "tiles" : "strips")} than its {width} × {height} cells need"));
        }

        if (One(PlanarConfiguration, 1) != 1 && One(SamplesPerPixel, 1) != 1)
        {
            return Problem(source, "separate sample planes are not read");
        }

        var rowBytes = blockWidth * bytesPerSample;
        for (var b = 0; b < across * down; b++)
        {
            var offset = (long)offsets[b];
            var length = (long)lengths[b];
            if (offset < 0 || length < 0 || offset + length > file.Length)
            {
                return Problem(source, string.Create(CultureInfo.InvariantCulture, $"{(tiled ? "tile" : "strip")} {b} lies outside the file"));
            }

            var rowsInBlock = tiled ? blockHeight : Math.Min(blockHeight, height - ((b / across) * blockHeight));
            var expected = (long)rowBytes * rowsInBlock;
            byte[] block;
            if (compression == 1)
            {
                block = file.AsSpan((int)offset, (int)Math.Min(length, expected)).ToArray();
            }
            else
            {
                using var zlib = new ZLibStream(new MemoryStream(file, (int)offset, (int)length), CompressionMode.Decompress);
                block = new byte[expected];
                var read = 0;
                int got;
                while (read < block.Length && (got = zlib.Read(block, read, block.Length - read)) > 0)
                {
                    read += got;
                }

                if (read < block.Length)
                {
                    return Problem(source, string.Create(CultureInfo.InvariantCulture, $"{(tiled ? "tile" : "strip")} {b} holds {read} bytes where {block.Length} are needed"));
                }
            }

            if (block.Length < expected)
            {
                return Problem(source, string.Create(CultureInfo.InvariantCulture, $"{(tiled ? "tile" : "strip")} {b} is shorter than its cells"));
            }

            var column0 = (b % across) * blockWidth;
            var row0 = (b / across) * blockHeight;
            for (var r = 0; r < rowsInBlock && row0 + r < height; r++)
            {
                var row = block.AsSpan(r * rowBytes, rowBytes);
                if (predictor == 2)
                {
                    UndoHorizontalDifferencing(row, sample.Value, little);
                }

                var columns = Math.Min(blockWidth, width - column0);
                var target = ((long)(row0 + r) * width) + column0;
                for (var c = 0; c < columns; c++)
                {
                    heights[target + c] = Decode(row.Slice(c * bytesPerSample, bytesPerSample), sample.Value, little);
                }
            }
        }

        double? noData = noDataText is not null && double.TryParse(noDataText, NumberStyles.Float, CultureInfo.InvariantCulture, out var nd) ? nd : null;
        var (originX, originY, cellWidth, cellHeight) = georeference.Value;
        if (pointCentred)
        {
            // PixelIsPoint: the tie point is the centre of the first cell, so its corner lies half a cell up and left.
            originX -= cellWidth / 2;
            originY += cellHeight / 2;
        }

        try
        {
            return ParseResult<ElevationGrid>.Ok(new ElevationGrid(epsg.Value, width, height, originX, originY, cellWidth, cellHeight, heights, noData));
        }
        catch (ArgumentOutOfRangeException e)
        {
            return Problem(source, e.Message.Split(Environment.NewLine)[0]);
        }
    }

    private enum SampleKind
    {
        Byte,
        UInt16,
        Int16,
        UInt32,
        Int32,
        Float32,
        Float64,
    }

    private static float Decode(ReadOnlySpan<byte> b, SampleKind kind, bool little) => kind switch
    {
        SampleKind.Byte => b[0],
        SampleKind.UInt16 => little ? BinaryPrimitives.ReadUInt16LittleEndian(b) : BinaryPrimitives.ReadUInt16BigEndian(b),
        SampleKind.Int16 => little ? BinaryPrimitives.ReadInt16LittleEndian(b) : BinaryPrimitives.ReadInt16BigEndian(b),
        SampleKind.UInt32 => little ? BinaryPrimitives.ReadUInt32LittleEndian(b) : BinaryPrimitives.ReadUInt32BigEndian(b),
        SampleKind.Int32 => little ? BinaryPrimitives.ReadInt32LittleEndian(b) : BinaryPrimitives.ReadInt32BigEndian(b),
        SampleKind.Float32 => little ? BinaryPrimitives.ReadSingleLittleEndian(b) : BinaryPrimitives.ReadSingleBigEndian(b),
        _ => (float)(little ? BinaryPrimitives.ReadDoubleLittleEndian(b) : BinaryPrimitives.ReadDoubleBigEndian(b)),
    };

    /// <summary>TIFF predictor 2: each sample was stored as its difference from the one to its left, in the sample's own width and byte order.</summary>
    private static void UndoHorizontalDifferencing(Span<byte> row, SampleKind kind, bool little)
    {
        switch (kind)
        {
            case SampleKind.Byte:
                for (var i = 1; i < row.Length; i++)
                {
                    row[i] = unchecked((byte)(row[i] + row[i - 1]));
                }

                break;
            case SampleKind.UInt16 or SampleKind.Int16:
                for (var i = 2; i + 1 < row.Length; i += 2)
                {
                    var sum = unchecked((ushort)(Read16(row[(i - 2)..]) + Read16(row[i..])));
                    if (little)
                    {
                        BinaryPrimitives.WriteUInt16LittleEndian(row[i..], sum);
                    }
                    else
                    {
                        BinaryPrimitives.WriteUInt16BigEndian(row[i..], sum);
                    }
                }

                break;
            default:
                for (var i = 4; i + 3 < row.Length; i += 4)
                {
                    var sum = unchecked(Read32(row[(i - 4)..]) + Read32(row[i..]));
                    if (little)
                    {
                        BinaryPrimitives.WriteUInt32LittleEndian(row[i..], sum);
                    }
                    else
                    {
                        BinaryPrimitives.WriteUInt32BigEndian(row[i..], sum);
                    }
                }

                break;
        }

        ushort Read16(ReadOnlySpan<byte> s) => little ? BinaryPrimitives.ReadUInt16LittleEndian(s) : BinaryPrimitives.ReadUInt16BigEndian(s);
        uint Read32(ReadOnlySpan<byte> s) => little ? BinaryPrimitives.ReadUInt32LittleEndian(s) : BinaryPrimitives.ReadUInt32BigEndian(s);
    }

    private readonly record struct Placement(double OriginX, double OriginY, double CellWidth, double CellHeight);

    private sealed record Located(Placement Value, string? Problem);

    private static Located Georeference(Dictionary<int, double[]> tags, int width, int height)
    {
        _ = width;
        _ = height;
        if (tags.TryGetValue(ModelPixelScale, out var scale) && tags.TryGetValue(ModelTiepoint, out var tie) && scale.Length >= 2 && tie.Length >= 6)
        {
            if (tie.Length > 6)
            {
                return new Located(default, "several tie points (a warped image) are not read; one tie point and a pixel scale are");
            }

            return new Located(new Placement(tie[3] - (tie[0] * scale[0]), tie[4] + (tie[1] * scale[1]), scale[0], scale[1]), null);
        }

        if (tags.TryGetValue(ModelTransformation, out var m) && m.Length >= 16)
        {
            if (m[1] != 0 || m[4] != 0)
            {
                return new Located(default, "the image is rotated; only north-up grids are read");
            }

            return new Located(new Placement(m[3], m[7], m[0], -m[5]), null);
        }

        return new Located(default, "the file is not georeferenced (no ModelPixelScale and ModelTiepoint, nor ModelTransformation)");
    }

    /// <summary>The EPSG code of the file's CRS (projected before geographic) and whether cells are points (GTRasterTypeGeoKey = 2).</summary>
    private static (int? Epsg, bool PointCentred) GeoKeys(Dictionary<int, double[]> tags)
    {
        if (!tags.TryGetValue(GeoKeyDirectory, out var keys) || keys.Length < 4)
        {
            return (null, false);
        }

        int? projected = null, geographic = null;
        var point = false;
        for (var k = 0; k < (int)keys[3] && 4 + (4 * k) + 3 < keys.Length; k++)
        {
            var id = (int)keys[4 + (4 * k)];
            var location = (int)keys[4 + (4 * k) + 1];
            var value = (int)keys[4 + (4 * k) + 3];
            if (location != 0)
            {
                continue;
            }

            switch (id)
            {
                case 1025:
                    point = value == 2;
                    break;
                case 2048 when value is > 0 and < 32767:
                    geographic = value;
                    break;
                case 3072 when value is > 0 and < 32767:
                    projected = value;
                    break;
            }
        }

        return (projected ?? geographic, point);
    }

    private static ParseResult<ElevationGrid> Problem(string source, string message) =>
        ParseResult<ElevationGrid>.Failed(new InputProblem(source, message));

    private readonly struct Bytes(byte[] data, bool little)
    {
        public ushort U16(long at) => little ? BinaryPrimitives.ReadUInt16LittleEndian(data.AsSpan((int)at)) : BinaryPrimitives.ReadUInt16BigEndian(data.AsSpan((int)at));

        public uint U32(long at) => little ? BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan((int)at)) : BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan((int)at));

        public ulong U64(long at) => little ? BinaryPrimitives.ReadUInt64LittleEndian(data.AsSpan((int)at)) : BinaryPrimitives.ReadUInt64BigEndian(data.AsSpan((int)at));
    }
}
