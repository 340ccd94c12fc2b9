using System.Buffers.Binary;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;

namespace Demarcate.Formats.GeoPackage;

/// <summary>
/// The GeoPackage binary geometry encoding (OGC 12-128r17 §2.1.3): a "GP" header with the SRS id and
/// an envelope, followed by standard little-endian WKB in longitude/latitude (x/y) order.
/// </summary>
/// <remarks>Stateless and thread-safe.</remarks>
public static class GeoPackageGeometry
{
    private const byte LittleEndianFlag = 0b0000_0001;
    private const byte EmptyFlag = 0b0001_0000;
    private const byte ExtendedTypeFlag = 0b0010_0000;

    /// <summary>The envelope of a geometry blob, read from its header (or its WKB when the header has none).</summary>
    public readonly record struct Extent(double MinX, double MaxX, double MinY, double MaxY, bool IsEmpty);

    public static byte[] Encode(Geometry geometry, int srsId)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        var hasZ = !geometry.IsEmpty && !double.IsNaN(geometry.Coordinate.Z);
        var writer = new WKBWriter(ByteOrder.LittleEndian, handleSRID: false, emitZ: hasZ, emitM: false) { HandleOrdinates = hasZ ? Ordinates.XYZ : Ordinates.XY };
        var wkb = writer.Write(geometry);
        var envelopeLength = geometry.IsEmpty ? 0 : 32;
        var blob = new byte[8 + envelopeLength + wkb.Length];
        blob[0] = (byte)'G';
        blob[1] = (byte)'P';
        blob[2] = 0; // version 1
        blob[3] = (byte)(LittleEndianFlag | (geometry.IsEmpty ? EmptyFlag : (1 << 1)));
        BinaryPrimitives.WriteInt32LittleEndian(blob.AsSpan(4), srsId);
        if (!geometry.IsEmpty)
        {
            var envelope = geometry.EnvelopeInternal;
            BinaryPrimitives.WriteDoubleLittleEndian(blob.AsSpan(8), envelope.MinX);
            BinaryPrimitives.WriteDoubleLittleEndian(blob.AsSpan(16), envelope.MaxX);
            BinaryPrimitives.WriteDoubleLittleEndian(blob.AsSpan(24), envelope.MinY);
            BinaryPrimitives.WriteDoubleLittleEndian(blob.AsSpan(32), envelope.MaxY);
        }

        wkb.CopyTo(blob, 8 + envelopeLength);
        return blob;
    }

    /// <summary>Decodes a blob; the geometry's SRID is the header's SRS id.</summary>
    public static Geometry Decode(ReadOnlySpan<byte> blob, GeometryFactory factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        var (srsId, wkbStart, _) = ReadHeader(blob);
        var reader = new WKBReader(factory.GeometryServices);
        var geometry = reader.Read(blob[wkbStart..].ToArray());
        geometry.SRID = srsId;
        return geometry;
    }

    /// <summary>The extent of a blob, cheap when the header carries an envelope (as every blob we write does).</summary>
    public static Extent ReadExtent(ReadOnlySpan<byte> blob)
    {
        var (_, wkbStart, header) = ReadHeader(blob);
        if ((header & EmptyFlag) != 0)
        {
            return new Extent(double.NaN, double.NaN, double.NaN, double.NaN, IsEmpty: true);
        }

        if (wkbStart >= 40)
        {
            var little = (header & LittleEndianFlag) != 0;
            return new Extent(Read(blob, 8, little), Read(blob, 16, little), Read(blob, 24, little), Read(blob, 32, little), IsEmpty: false);
        }

        var envelope = new WKBReader().Read(blob[wkbStart..].ToArray()).EnvelopeInternal;
        return envelope.IsNull
            ? new Extent(double.NaN, double.NaN, double.NaN, double.NaN, IsEmpty: true)
            : new Extent(envelope.MinX, envelope.MaxX, envelope.MinY, envelope.MaxY, IsEmpty: false);
    }

    private static (int SrsId, int WkbStart, byte Flags) ReadHeader(ReadOnlySpan<byte> blob)
    {
        if (blob.Length < 8 || blob[0] != (byte)'G' || blob[1] != (byte)'P')
        {
            throw new FormatException("Not a GeoPackage geometry: the blob does not start with the 'GP' magic.");
        }

        var flags = blob[3];
        if ((flags & ExtendedTypeFlag) != 0)
        {
            throw new FormatException("GeoPackage extended geometry types are not supported.");
        }

        var little = (flags & LittleEndianFlag) != 0;
        var srsId = little ? BinaryPrimitives.ReadInt32LittleEndian(blob[4..]) : BinaryPrimitives.ReadInt32BigEndian(blob[4..]);
        var envelopeLength = ((flags >> 1) & 0b111) switch
        {
            0 => 0,
            1 => 32,
            2 or 3 => 48,
            4 => 64,
            var indicator => throw new FormatException($"Invalid GeoPackage envelope indicator {indicator}."),
        };
        if (blob.Length < 8 + envelopeLength)
        {
            throw new FormatException("GeoPackage geometry blob is shorter than its header says.");
        }

        return (srsId, 8 + envelopeLength, flags);
    }

    private static double Read(ReadOnlySpan<byte> blob, int offset, bool little) =>
        little ? BinaryPrimitives.ReadDoubleLittleEndian(blob[offset..]) : BinaryPrimitives.ReadDoubleBigEndian(blob[offset..]);
}
