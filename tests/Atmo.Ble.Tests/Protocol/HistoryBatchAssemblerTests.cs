using Atmo.Ble.Protocol;
using static Atmo.Ble.Tests.Protocol.Support.HistoryWire;

namespace Atmo.Ble.Tests.Protocol;

public sealed class HistoryBatchAssemblerTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(0x6AC3C645);

    private static HistoryBatchAssembler Start(byte[] header)
    {
        string? problem = HistoryBatchAssembler.TryStart(HistoryPacket.Parse(header), 0, out HistoryBatchAssembler? assembler);
        Assert.Null(problem);
        return assembler!;
    }

    [Fact]
    public void H10_two_packets_with_the_same_running_total_do_not_match()
    {
        HistoryBatchAssembler batch = Start(Header(0x6AC3BD99, 2));
        Assert.Null(batch.TryAdd(HistoryPacket.Parse(Data(1, SampleRecord(0)))));
        Assert.Contains("does not match", batch.TryAdd(HistoryPacket.Parse(Data(1, SampleRecord(1)))), StringComparison.Ordinal);
        Assert.False(batch.IsComplete);
        Assert.Throws<InvalidOperationException>(() => batch.ToBatch(Now));
    }

    [Theory]
    [InlineData(0x00000001u)] // 1970
    [InlineData(0x5A4EE3B0u)] // 2018: before 2016 would be too, the collector decides
    [InlineData(0xFFFFFFF0u)] // 2106
    public void Any_record_time_starts_a_batch_the_persisting_side_judges_times(uint first)
    {
        HistoryBatchAssembler batch = Start(Header(first, 1));
        Assert.Null(batch.TryAdd(HistoryPacket.Parse(Data(1, SampleRecord(0)))));
        HistoryBatch done = batch.ToBatch(Now);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(first), done.LastRecordTime);
        Assert.Equal(Now, done.RequestTime);
    }

    [Fact]
    public void Random_batches_round_trip_through_any_packet_split_and_record_size()
    {
        const int seed = 4711;
        var random = new Random(seed);
        for (int round = 0; round < 300; round++)
        {
            int count = random.Next(1, 256);
            int size = random.Next(HistoryRecordDecoder.KnownLength, 33);
            DateTimeOffset first = Now.AddMinutes(-count);
            HistoryRecord[] expected = Enumerable.Range(0, count)
                .Select(i => HistoryRecordDecoderTests.RandomRecord(random, first.AddMinutes(i)))
                .ToArray();
            byte[][] wire = expected.Select(r => Record(r, size, (byte)random.Next(256))).ToArray();

            HistoryBatchAssembler batch = Start(Header((uint)first.ToUnixTimeSeconds(), count, size));
            for (int sent = 0; sent < count;)
            {
                int k = Math.Min(random.Next(1, 16), count - sent);
                Assert.Null(batch.TryAdd(HistoryPacket.Parse(Data(sent + k, wire[sent..(sent + k)]))));
                sent += k;
            }

            Assert.True(batch.IsComplete, $"seed {seed}, round {round}");
            Assert.Equal(expected, batch.ToBatch(Now).Records);
        }
    }
}
