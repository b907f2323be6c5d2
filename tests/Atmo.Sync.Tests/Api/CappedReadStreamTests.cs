using Atmo.Core;
using Atmo.Sync.Api;

namespace Atmo.Sync.Tests.Api;

public class CappedReadStreamTests
{
    /// <summary>An endless well-formed items array that counts the bytes anyone pulled from it.</summary>
    private sealed class EndlessItems : Stream
    {
        private static readonly byte[] Head = """{"status":0,"data":{"items":["""u8.ToArray();
        private static readonly byte[] Item = """{"time":"2020-01-01T00:00:00.000Z","voc":0.1},"""u8.ToArray();

        public long Pulled { get; private set; }

        public override int Read(byte[] buffer, int offset, int count)
        {
            for (int i = 0; i < count; i++, Pulled++)
                buffer[offset + i] = Pulled < Head.Length ? Head[Pulled] : Item[(Pulled - Head.Length) % Item.Length];
            return count;
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => Pulled; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    [Fact]
    public async Task The_parser_stops_reading_an_endless_body_at_the_cap_with_a_clear_error()
    {
        var source = new EndlessItems();
        await using var capped = new CappedReadStream(source, CloudApiClient.MaxBodyBytes);

        CloudFormatException e = await Assert.ThrowsAsync<CloudFormatException>(
            () => CloudJsonParser.ParseAsync(capped, MacAddress.Parse("AA:BB:CC:DD:EE:FF"), null, CancellationToken.None));

        Assert.StartsWith("the body is larger than 8388608 bytes (8 MiB)", e.Message, StringComparison.Ordinal);
        // Memory stays bounded: no more than the cap plus one read buffer was ever pulled from the network.
        Assert.InRange(source.Pulled, CloudApiClient.MaxBodyBytes, CloudApiClient.MaxBodyBytes + (1024 * 1024));
    }

    [Fact]
    public async Task A_body_under_the_cap_parses_and_the_first_significant_byte_is_remembered()
    {
        byte[] body = "\n  {\"status\":0,\"data\":{\"total\":0,\"items\":[]}}"u8.ToArray();
        await using var capped = new CappedReadStream(new MemoryStream(body), CloudApiClient.MaxBodyBytes);

        CloudPage page = await CloudJsonParser.ParseAsync(capped, MacAddress.Parse("AA:BB:CC:DD:EE:FF"), null, CancellationToken.None);

        Assert.Equal(0, page.ItemCount);
        Assert.Equal((byte)'{', capped.FirstSignificantByte);
        Assert.Equal(body.Length, capped.Position);
    }
}
