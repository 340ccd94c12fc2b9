using System.Buffers;
using System.Text.Json;
using Demarcate.Core;
using NetTopologySuite;
using NetTopologySuite.Geometries;

namespace Demarcate.Formats.GeoJson.Internal;

/// <summary>
/// Reads a GeoJSON stream a buffer at a time and hands out one feature at a time.
/// </summary>
/// <remarks>
/// A resumable <see cref="Utf8JsonReader"/> walks the top level (the FeatureCollection's members)
/// over a refillable pooled buffer. When it meets a feature it keeps the feature's bytes in the
/// buffer until the closing brace, then gives exactly those bytes to <see cref="FeatureParser"/>.
/// Memory is therefore bounded by the largest single feature, not by the file.
/// Positions are counted once over the bytes as they leave the buffer, so every error can say
/// its absolute line and column. Not thread-safe.
/// </remarks>
internal sealed class GeoJsonStreamParser : IDisposable
{
    private const int InitialBufferSize = 64 * 1024;

    private static readonly GeometryFactory Factory = NtsGeometryServices.Instance.CreateGeometryFactory(4326);

    private readonly Stream _stream;
    private readonly string _source;
    private readonly FeatureParser _parser = new(Factory);

    private byte[] _buffer;
    private int _position; // where the next reader starts
    private int _end; // end of the bytes read so far
    private bool _finalBlock;
    private bool _byteOrderMarkChecked;
    private JsonReaderState _readerState = new(FeatureParser.ReaderOptions);

    // The cursor at buffer offset _markOffset; it only moves forward, never past a byte still needed.
    private TextCursor _mark = TextCursor.Start;
    private int _markOffset;

    private Phase _phase = Phase.Start;
    private int _rootStart = -1; // kept while the top-level object may yet turn out to be one Feature or geometry
    private int _valueStart = -1; // kept while a feature (or a top-level "crs") is being scanned
    private int _valueDepth;
    private GeoJsonType _rootType;
    private TextCursor _rootCursor;
    private TextCursor _rootTypeCursor;
    private bool _sawFeatures;
    private long _featureIndex;
    private long _featureLine;

    public GeoJsonStreamParser(Stream stream, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(sourceName);
        _stream = stream;
        _source = sourceName;
        _buffer = ArrayPool<byte>.Shared.Rent(InitialBufferSize);
    }

    public enum Step
    {
        /// <summary>Call <see cref="FillAsync"/>, then <see cref="Advance"/> again.</summary>
        NeedData,

        /// <summary><see cref="Current"/> holds the next feature.</summary>
        Feature,

        /// <summary><see cref="Problem"/> says what is wrong with the feature just passed; reading may go on.</summary>
        Problem,

        /// <summary>The whole file has been read.</summary>
        Done,
    }

    private enum Phase
    {
        Start,
        RootMember,
        RootType,
        RootFeatures,
        RootCrs,
        RootSkip,
        SkipValue,
        CaptureCrs,
        FeatureElement,
        InFeature,
        AfterRoot,
    }

    public GeoJsonFeature? Current { get; private set; }

    public InputProblem? Problem { get; private set; }

    /// <summary>Moves on as far as the buffered bytes allow; throws <see cref="GeoJsonFormatException"/> on an error that ends reading.</summary>
    public Step Advance()
    {
        Current = null;
        Problem = null;
        if (!_byteOrderMarkChecked)
        {
            if (_end - _position < 3 && !_finalBlock)
            {
                return Step.NeedData;
            }

            if (_buffer.AsSpan(_position, _end - _position).StartsWith("\uFEFF"u8))
            {
                _position += 3;
                _markOffset = _position;
            }

            _byteOrderMarkChecked = true;
        }

        if (_phase == Phase.Start && _finalBlock && _buffer.AsSpan(_position, _end - _position).Trim(" \t\r\n"u8).IsEmpty)
        {
            throw Fatal(_end, "the file is empty: expected a GeoJSON FeatureCollection, Feature or geometry", feature: null);
        }

        var reader = new Utf8JsonReader(_buffer.AsSpan(_position, _end - _position), _finalBlock, _readerState);
        try
        {
            return Pump(ref reader);
        }
        catch (JsonException exception)
        {
            throw SyntaxError(exception);
        }
    }

    /// <summary>Reads more of the stream, keeping the bytes still needed and growing the buffer only for a feature that does not fit.</summary>
    public async ValueTask FillAsync(CancellationToken cancellationToken)
    {
        var keep = _position;
        if (_rootStart >= 0)
        {
            keep = Math.Min(keep, _rootStart);
        }

        if (_valueStart >= 0)
        {
            keep = Math.Min(keep, _valueStart);
        }

        if (_end == _buffer.Length || keep > _buffer.Length / 2)
        {
            if (keep > 0)
            {
                MoveMark(keep);
                _buffer.AsSpan(keep, _end - keep).CopyTo(_buffer);
                _end -= keep;
                _position -= keep;
                _markOffset -= keep;
                _rootStart = _rootStart >= 0 ? _rootStart - keep : -1;
                _valueStart = _valueStart >= 0 ? _valueStart - keep : -1;
            }

            if (_end == _buffer.Length)
            {
                var larger = ArrayPool<byte>.Shared.Rent(checked(_buffer.Length * 2));
                _buffer.AsSpan(0, _end).CopyTo(larger);
                ArrayPool<byte>.Shared.Return(_buffer);
                _buffer = larger;
            }
        }

        var read = await _stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken);
        if (read == 0)
        {
            _finalBlock = true;
        }

        _end += read;
    }

    public void Dispose()
    {
        var buffer = Interlocked.Exchange(ref _buffer, []);
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private Step Pump(ref Utf8JsonReader reader)
    {
        while (true)
        {
            if (!reader.Read())
            {
                if (!_finalBlock)
                {
                    return Suspend(ref reader, Step.NeedData);
                }

                // With the final block the reader only stops cleanly after a complete top-level value.
                return Suspend(ref reader, Step.Done);
            }

            var token = _position + (int)reader.TokenStartIndex;
            switch (_phase)
            {
                case Phase.Start:
                    if (reader.TokenType != JsonTokenType.StartObject)
                    {
                        throw Fatal(token, $"expected a GeoJSON object (FeatureCollection, Feature or geometry), found {GeoJsonTypes.Describe(reader.TokenType)}", feature: null);
                    }

                    MoveMark(token);
                    _rootCursor = _mark;
                    _rootStart = token;
                    _phase = Phase.RootMember;
                    break;

                case Phase.RootMember:
                    if (reader.TokenType == JsonTokenType.EndObject)
                    {
                        var step = EndRoot(token + 1);
                        _phase = Phase.AfterRoot;
                        return Suspend(ref reader, step);
                    }

                    _phase = reader.ValueTextEquals("type"u8) ? Phase.RootType
                        : reader.ValueTextEquals("features"u8) ? Phase.RootFeatures
                        : reader.ValueTextEquals("crs"u8) ? Phase.RootCrs
                        : Phase.RootSkip;
                    break;

                case Phase.RootType:
                    ReadRootType(ref reader, token);
                    _phase = Phase.RootMember;
                    break;

                case Phase.RootFeatures:
                    if (reader.TokenType == JsonTokenType.StartArray && _rootType is GeoJsonType.None or GeoJsonType.FeatureCollection)
                    {
                        // From here on the top level is a FeatureCollection: stop keeping its bytes.
                        _sawFeatures = true;
                        _rootStart = -1;
                        _phase = Phase.FeatureElement;
                    }
                    else if (_rootType == GeoJsonType.FeatureCollection)
                    {
                        throw Fatal(token, $"\"features\" must be an array of Feature objects, found {GeoJsonTypes.Describe(reader.TokenType)}", feature: null);
                    }
                    else
                    {
                        StartSkip(ref reader);
                    }

                    break;

                case Phase.RootCrs:
                    if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                    {
                        _valueStart = token;
                        _valueDepth = reader.CurrentDepth;
                        _phase = Phase.CaptureCrs;
                    }
                    else
                    {
                        CheckRootCrs(token, _position + (int)reader.BytesConsumed);
                        _phase = Phase.RootMember;
                    }

                    break;

                case Phase.CaptureCrs:
                    if (reader.TokenType is JsonTokenType.EndObject or JsonTokenType.EndArray && reader.CurrentDepth == _valueDepth)
                    {
                        CheckRootCrs(_valueStart, token + 1);
                        _valueStart = -1;
                        _phase = Phase.RootMember;
                    }

                    break;

                case Phase.RootSkip:
                    StartSkip(ref reader);
                    break;

                case Phase.SkipValue:
                    if (reader.TokenType is JsonTokenType.EndObject or JsonTokenType.EndArray && reader.CurrentDepth == _valueDepth)
                    {
                        _phase = Phase.RootMember;
                    }

                    break;

                case Phase.FeatureElement:
                    if (reader.TokenType == JsonTokenType.EndArray)
                    {
                        _phase = Phase.RootMember;
                        break;
                    }

                    if (reader.TokenType != JsonTokenType.StartObject)
                    {
                        throw Fatal(token, $"each element of \"features\" must be a Feature object, found {GeoJsonTypes.Describe(reader.TokenType)}", _featureIndex);
                    }

                    MoveMark(token);
                    _featureLine = _mark.Line;
                    _valueStart = token;
                    _valueDepth = reader.CurrentDepth;

                    // Usually the whole feature is already buffered: skip it in one tight loop.
                    if (reader.TrySkip())
                    {
                        var step = EndFeature(_position + (int)reader.BytesConsumed);
                        return Suspend(ref reader, step);
                    }

                    _phase = Phase.InFeature;
                    break;

                case Phase.InFeature:
                    if (reader.TokenType == JsonTokenType.EndObject && reader.CurrentDepth == _valueDepth)
                    {
                        var step = EndFeature(token + 1);
                        _phase = Phase.FeatureElement;
                        return Suspend(ref reader, step);
                    }

                    break;

                default:
                    throw new InvalidOperationException("Unexpected token after the end of the document.");
            }
        }
    }

    private Step Suspend(ref Utf8JsonReader reader, Step step)
    {
        _position += (int)reader.BytesConsumed;
        _readerState = reader.CurrentState;
        return step;
    }

    private void StartSkip(ref Utf8JsonReader reader)
    {
        if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
        {
            _valueDepth = reader.CurrentDepth;
            _phase = Phase.SkipValue;
        }
        else
        {
            _phase = Phase.RootMember;
        }
    }

    private void ReadRootType(ref Utf8JsonReader reader, int token)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw Fatal(token, $"\"type\" must be a string, found {GeoJsonTypes.Describe(reader.TokenType)}", feature: null);
        }

        var type = GeoJsonTypes.Recognise(ref reader);
        if (type == GeoJsonType.None)
        {
            throw Fatal(token, GeoJsonTypes.ExplainUnknown(reader.GetString()!), feature: null);
        }

        if (type != GeoJsonType.FeatureCollection && _sawFeatures)
        {
            throw Fatal(token, $"a {type} cannot have a \"features\" member; did you mean \"type\": \"FeatureCollection\"?", feature: null);
        }

        // Not MoveMark: the bytes before it may still be parsed as a single Feature and report errors.
        _rootTypeCursor = CursorAt(token);
        _rootType = type;
        if (type == GeoJsonType.FeatureCollection)
        {
            _rootStart = -1;
        }
    }

    private Step EndRoot(int end)
    {
        if (_sawFeatures)
        {
            if (_rootType == GeoJsonType.None)
            {
                throw Fatal(_rootCursor, "the top-level object has \"features\" but no \"type\": \"FeatureCollection\"", feature: null);
            }

            return Step.Done;
        }

        switch (_rootType)
        {
            case GeoJsonType.None:
                throw Fatal(_rootCursor, "the top-level object has no \"type\" member", feature: null);
            case GeoJsonType.FeatureCollection:
                throw Fatal(_rootTypeCursor, "the FeatureCollection has no \"features\" array", feature: null);
        }

        var json = _buffer.AsSpan(_rootStart, end - _rootStart);
        var start = _rootStart;
        _rootStart = -1;
        try
        {
            Current = _rootType == GeoJsonType.Feature
                ? _parser.ParseFeature(json, 0, _rootCursor.Line, "the feature")
                : new GeoJsonFeature(0, null, _parser.ParseGeometryDocument(json), System.Collections.ObjectModel.ReadOnlyDictionary<string, JsonElement>.Empty) { Line = _rootCursor.Line };
            return Step.Feature;
        }
        catch (StructureError error)
        {
            throw Fatal(start + (int)error.Offset, error.Message, feature: 0);
        }
    }

    private Step EndFeature(int end)
    {
        var start = _valueStart;
        _valueStart = -1;
        var index = _featureIndex++;
        try
        {
            Current = _parser.ParseFeature(_buffer.AsSpan(start, end - start), index, _featureLine, "an element of \"features\"");
            return Step.Feature;
        }
        catch (StructureError error)
        {
            Problem = ProblemAt(start + (int)error.Offset, error.Message, index);
            return Step.Problem;
        }
    }

    private void CheckRootCrs(int start, int end)
    {
        try
        {
            _parser.CheckCrsDocument(_buffer.AsSpan(start, end - start));
        }
        catch (StructureError error)
        {
            throw Fatal(start + (int)error.Offset, error.Message, feature: null);
        }
    }

    private GeoJsonFormatException SyntaxError(JsonException exception)
    {
        // The reader state carries its line count from the start of the file (after the BOM), as our mark does.
        var line = (exception.LineNumber ?? 0) + 1;
        var byteInLine = exception.BytePositionInLine ?? 0;
        long offset;
        if (line == _mark.Line)
        {
            offset = _markOffset + (byteInLine - _mark.ByteInLine);
        }
        else
        {
            var lineStart = _markOffset;
            for (var l = _mark.Line; l < line && lineStart < _end; l++)
            {
                var newline = _buffer.AsSpan(lineStart, _end - lineStart).IndexOf((byte)'\n');
                lineStart = newline < 0 ? _end : lineStart + newline + 1;
            }

            offset = lineStart + byteInLine;
        }

        offset = Math.Clamp(offset, _markOffset, _end);
        var message = exception.Message;
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        if (cut > 0)
        {
            message = message[..cut];
        }

        var truncated = _finalBlock && _buffer.AsSpan((int)offset, _end - (int)offset).Trim(" \t\r\n"u8).IsEmpty;
        message = truncated
            ? "the file ends before the GeoJSON is complete (is it truncated?)"
            : "invalid JSON: " + message;
        long? feature = _phase is Phase.InFeature or Phase.FeatureElement ? _featureIndex : null;
        return new GeoJsonFormatException(ProblemAt((int)offset, message, feature), exception);
    }

    private GeoJsonFormatException Fatal(int offset, string message, long? feature) => new(ProblemAt(offset, message, feature));

    private GeoJsonFormatException Fatal(TextCursor cursor, string message, long? feature) =>
        new(new InputProblem(_source, message) { Line = cursor.Line, Column = cursor.Column, Feature = feature });

    private TextCursor CursorAt(int offset) => _mark.Advance(_buffer.AsSpan(_markOffset, offset - _markOffset));

    private InputProblem ProblemAt(int offset, string message, long? feature)
    {
        var cursor = CursorAt(offset);
        return new InputProblem(_source, message) { Line = cursor.Line, Column = cursor.Column, Feature = feature };
    }

    private void MoveMark(int offset)
    {
        if (offset > _markOffset)
        {
            _mark = _mark.Advance(_buffer.AsSpan(_markOffset, offset - _markOffset));
            _markOffset = offset;
        }
    }
}
