using Atmo.Ble.Protocol;
using static Atmo.Ble.Tests.Protocol.Support.HistoryWire;

namespace Atmo.Ble.Tests.Protocol;

public sealed class HistoryBatchAssemblerTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(0x6AC3C645);
    private static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(10);

    private static HistoryBatchAssembler Start(byte[] header)
    {
        string? problem = HistoryBatchAssembler.TryStart(HistoryPacket.Parse(header), 0, Now, Tolerance, out HistoryBatchAssembler? assembler);
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
        Assert.Throws<InvalidOperationException>(batch.ToBatch);
    }

    [Fact]
    public void Time_exactly_at_the_tolerance_is_accepted_one_second_later_is_not()
    {
        uint edge = (uint)(Now + Tolerance).ToUnixTimeSeconds();
        Assert.Null(HistoryBatchAssembler.TryStart(HistoryPacket.Parse(Header(edge, 1)), 0, Now, Tolerance, out _));
        Assert.NotNull(HistoryBatchAssembler.TryStart(HistoryPacket.Parse(Header(edge + 1, 1)), 0, Now, Tolerance, out _));
        uint earliest = (uint)HistoryBatchAssembler.EarliestPlausibleTime.ToUnixTimeSeconds();
        Assert.Null(HistoryBatchAssembler.TryStart(HistoryPacket.Parse(Header(earliest, 1)), 0, Now, Tolerance, out _));
    }

    [Fact]
    public void A_time_wrong_in_both_byte_orders_gets_no_byte_order_hint()
    {
        string? problem = HistoryBatchAssembler.TryStart(HistoryPacket.Parse(Header(0x00000001, 1)), 0, Now, Tolerance, out _);
        Assert.NotNull(problem);
        Assert.DoesNotContain("little-endian", problem, StringComparison.Ordinal);
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
            Assert.Equal(expected, batch.ToBatch().Records);
        }
    }
}
