namespace Demarcate.Formats.GeoJson.Internal;

/// <summary>
/// A structural error found while materialising one feature, at a byte offset into the text
/// being parsed; the stream parser turns the offset into a line and column.
/// </summary>
#pragma warning disable CA1064 // Never leaves the assembly: the stream parser converts it to GeoJsonFormatException.
internal sealed class StructureError(long offset, string message) : Exception(message)
#pragma warning restore CA1064
{
    public long Offset { get; } = offset;
}
