namespace Atmo.Sync.Api;

/// <summary>
/// A read-only view of a response body that fails once more than <see cref="Cap"/> bytes arrive, so a parser reading
/// from it never holds more than the cap, whatever the service sends (a body without Content-Length included). It
/// remembers the first byte that is not white space, for telling an HTML page from broken JSON.
/// </summary>
internal sealed class CappedReadStream(Stream inner, long cap) : Stream
{
    private long _read;

    public long Cap { get; } = cap;

    /// <summary>The first byte of the body that is not white space or a byte-order mark; null before one arrived.</summary>
    public byte? FirstSignificantByte { get; private set; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => _read;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        Span<byte> allowed = buffer[..Allowed(buffer.Length)];
        int read = inner.Read(allowed);
        return Count(allowed[..read]);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Memory<byte> allowed = buffer[..Allowed(buffer.Length)];
        int read = await inner.ReadAsync(allowed, cancellationToken).ConfigureAwait(false);
        return Count(allowed.Span[..read]);
    }

    /// <summary>Never asks for more than one byte past the cap: what arrives beyond it is not even read.</summary>
    private int Allowed(int wanted) => (int)Math.Min(wanted, Cap - _read + 1);

    /// <summary>The error for a body over the cap, whether its Content-Length says so or its bytes do.</summary>
    public static CloudFormatException TooLarge(long cap) =>
        new($"the body is larger than {cap} bytes ({cap / (1024 * 1024)} MiB), the most one answer may hold; ask for shorter ranges");

    private int Count(ReadOnlySpan<byte> bytes)
    {
        _read += bytes.Length;
        if (_read > Cap)
            throw TooLarge(Cap);
        if (FirstSignificantByte is null)
        {
            foreach (byte b in bytes)
            {
                if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n' or 0xEF or 0xBB or 0xBF))
                {
                    FirstSignificantByte = b;
                    break;
                }
            }
        }

        return bytes.Length;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            inner.Dispose();
        base.Dispose(disposing);
    }
}
