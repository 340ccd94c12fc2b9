namespace Demarcate.Formats.Import;

/// <summary>A read-only view of a stream that stops with <see cref="LimitExceededException"/> once more than a limit has been read: an import never reads an unbounded body.</summary>
internal sealed class SizeLimitedStream(Stream inner, long limit) : Stream
{
    /// <summary>Raised inside the readers and caught by the import, which reports it as an input problem.</summary>
    internal sealed class LimitExceededException : IOException
    {
        public LimitExceededException()
            : base("The input is larger than the import limit.")
        {
        }
    }

    public long BytesRead { get; private set; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => BytesRead;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Count(await inner.ReadAsync(buffer, cancellationToken));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private int Count(int read)
    {
        BytesRead += read;
        return BytesRead > limit ? throw new LimitExceededException() : read;
    }
}
