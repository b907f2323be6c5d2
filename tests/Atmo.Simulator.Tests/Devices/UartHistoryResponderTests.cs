using System.Buffers.Binary;
using System.Collections.Concurrent;
using Atmo.Core;
using Atmo.Simulator.Devices;
using Microsoft.Extensions.Time.Testing;

namespace Atmo.Simulator.Tests.Devices;

// The unit's protocol side in-process (no D-Bus): what it sends for HST, HOK and silence.
public class UartHistoryResponderTests
{
    private sealed class Harness : IDisposable
    {
        private readonly ConcurrentDictionary<byte[], long> _sentAt = new(ReferenceEqualityComparer.Instance);

        public BlockingCollection<byte[]> Sent { get; } = new();

        public int Drops { get; private set; }

        public EmulatedAtmotube Unit { get; }

        public UartHistoryResponder Responder { get; }

        public Harness(int mtu, int records, SimulatorOptions? options = null)
        {
            options ??= new SimulatorOptions(); // the real 5 s ack window: a slow test never sees an accidental resend
            options.InitialRecords = records;
            // A still device clock: no minute boundary can add a record in the middle of a test.
            options.DeviceClock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 12, 0, 30, TimeSpan.Zero));
            Unit = new EmulatedAtmotube(0, 1, options);
            TimeProvider timers = options.Timers;
            Responder = new UartHistoryResponder(Unit, options, mtu, p =>
            {
                _sentAt[p] = timers.GetTimestamp();
                Sent.Add(p);
                return true;
            }, () => Drops++);
        }

        /// <summary>When the unit sent <paramref name="packet"/>, on its timer clock (not when the test took it).</summary>
        public long SentAt(byte[] packet) => _sentAt[packet];

        public byte[] Next(double seconds = 2) =>
            Sent.TryTake(out byte[]? p, TimeSpan.FromSeconds(seconds)) ? p : throw new TimeoutException("no packet");

        public bool Silent(double seconds) => !Sent.TryTake(out _, TimeSpan.FromSeconds(seconds));

        public void Dispose() => Responder.Dispose();
    }

    private static byte[] Command(string tag, uint time)
    {
        var b = new byte[7];
        System.Text.Encoding.ASCII.GetBytes(tag).CopyTo(b, 0);
        BinaryPrimitives.WriteUInt32BigEndian(b.AsSpan(3), time);
        return b;
    }

    [Fact]
    public void A_full_memory_comes_in_batches_of_255_back_dated_from_HST()
    {
        using var h = new Harness(mtu: 247, records: 600);
        const uint hst = 1_791_215_173;

        h.Responder.OnWrite(Command("HST", hst));

        Assert.Equal("HOK"u8.ToArray(), h.Next());
        var counts = new List<int>();
        uint expectedFirst = hst - 600 * 60;
        for (int batch = 0; batch < 3; batch++)
        {
            byte[] ht = h.Next();
            Assert.Equal((byte)'T', ht[1]);
            Assert.Equal(expectedFirst, BinaryPrimitives.ReadUInt32BigEndian(ht.AsSpan(3)));
            int count = ht[7];
            counts.Add(count);
            int total = 0;
            while (total < count)
            {
                byte[] hd = h.Next();
                Assert.Equal((byte)'D', hd[1]);
                total += (hd.Length - 4) / 16;
                Assert.Equal(total, hd[3]);
                Assert.True(hd.Length <= 244);
            }

            h.Responder.OnWrite(Command("HOK", hst + 1));
            expectedFirst += (uint)(count * 60);
        }

        Assert.Equal([255, 255, 90], counts);
        Assert.True(h.Silent(0.5)); // no end marker: silence
        Assert.All(h.Unit.Memory.Records, r => Assert.True(r.Synced));
    }

    [Fact]
    public void Without_HOK_the_same_batch_is_sent_again_and_stays_unsynced()
    {
        using var h = new Harness(mtu: 23, records: 2, new SimulatorOptions { AckTimeout = TimeSpan.FromMilliseconds(300) });
        h.Responder.OnWrite(Command("HST", 1_800_000_000));

        var first = new[] { h.Next(), h.Next(), h.Next(), h.Next() };
        var again = new[] { h.Next(), h.Next(), h.Next() };

        Assert.Equal(first[1], again[0]);
        Assert.Equal(first[2], again[1]);
        Assert.Equal(20, first[2].Length); // MTU 23: one record per HD
        Assert.Equal(1, h.Unit.Resends);
        Assert.All(h.Unit.Memory.Records, r => Assert.False(r.Synced));
    }

    [Fact]
    public void Nothing_unsynced_means_HOK_then_silence()
    {
        using var h = new Harness(mtu: 247, records: 0);
        h.Responder.OnWrite(Command("HST", 1_800_000_000));

        Assert.Equal("HOK"u8.ToArray(), h.Next());
        Assert.True(h.Silent(0.5));
    }

    [Fact]
    public void A_unit_that_ignores_HST_says_nothing()
    {
        using var h = new Harness(mtu: 247, records: 5);
        h.Unit.IgnoreHistoryRequests = true;
        h.Responder.OnWrite(Command("HST", 1_800_000_000));

        Assert.True(h.Silent(0.5));
    }

    [Fact]
    public void Corrupt_batch_has_a_short_HD_packet()
    {
        using var h = new Harness(mtu: 247, records: 40);
        h.Unit.CorruptNextBatch = true;
        h.Responder.OnWrite(Command("HST", 1_800_000_000));

        h.Next();
        h.Next();
        byte[] first = h.Next();
        byte[] second = h.Next();

        Assert.Equal(0, (first.Length - 4) % 16);
        Assert.NotEqual(0, (second.Length - 4) % 16);
    }

    [Fact]
    public void Drop_fault_fires_after_the_given_packet_count()
    {
        using var h = new Harness(mtu: 23, records: 10);
        h.Unit.DropLinkAfterPackets = 3;
        h.Responder.OnWrite(Command("HST", 1_800_000_000));

        h.Next(); // HOK
        h.Next(); // HT
        h.Next(); // HD 1
        h.Next(); // HD 2 → drop
        Assert.True(h.Silent(0.3));
        Assert.Equal(1, h.Drops);
    }

    [Fact]
    public void A_record_completed_while_HST_was_in_transit_waits_for_the_next_session()
    {
        using var h = new Harness(mtu: 247, records: 10); // minutes 11:50 … 11:59; the unit's clock says 12:00:30
        uint hst = (uint)new DateTimeOffset(2026, 11, 26, 11, 59, 50, TimeSpan.Zero).ToUnixTimeSeconds(); // 40 s in transit

        h.Responder.OnWrite(Command("HST", hst));
        h.Next(); // HOK
        byte[] ht = h.Next();

        Assert.Equal(9, ht[7]); // 11:59 ended after the HST time: not in this session
        Assert.Equal(hst - (9 * 60), BinaryPrimitives.ReadUInt32BigEndian(ht.AsSpan(3))); // so 11:58 is stamped HST − 60 s
    }

    [Fact]
    public void A_time_base_offset_shifts_every_batch_off_the_HST_time()
    {
        using var h = new Harness(mtu: 247, records: 10);
        h.Unit.TimeBaseOffset = TimeSpan.FromMinutes(-5);
        const uint hst = 1_800_000_000;
        h.Responder.OnWrite(Command("HST", hst));

        h.Next(); // HOK
        byte[] ht = h.Next();

        Assert.Equal(hst - (10 * 60) - (5 * 60), BinaryPrimitives.ReadUInt32BigEndian(ht.AsSpan(3)));
    }

    [Theory]
    [InlineData("+3h", 3 * 3600L)]
    [InlineData("-2d", -2 * 86_400L)]
    [InlineData("+1d", 86_400L)]
    [InlineData("+1y", 365 * 86_400L)]
    public void The_named_time_base_faults_stamp_the_history_off_by_their_offset(string fault, long seconds)
    {
        using var h = new Harness(mtu: 247, records: 10);
        const uint hst = 1_800_000_000;
        h.Unit.TimeBaseOffset = TimeBaseFaults.Offset(fault, DateTimeOffset.FromUnixTimeSeconds(hst));
        h.Responder.OnWrite(Command("HST", hst));

        h.Next(); // HOK
        byte[] ht = h.Next();

        Assert.Equal(hst - (10 * 60) + seconds, BinaryPrimitives.ReadUInt32BigEndian(ht.AsSpan(3)));
    }

    [Fact]
    public void The_pre_2016_fault_stamps_the_history_in_2015_in_whole_minutes()
    {
        using var h = new Harness(mtu: 247, records: 10);
        const uint hst = 1_800_000_017;
        h.Unit.TimeBaseOffset = TimeBaseFaults.Offset("pre-2016", DateTimeOffset.FromUnixTimeSeconds(hst));
        h.Responder.OnWrite(Command("HST", hst));

        h.Next(); // HOK
        var first = DateTimeOffset.FromUnixTimeSeconds(BinaryPrimitives.ReadUInt32BigEndian(h.Next().AsSpan(3)));

        Assert.Equal(2015, first.Year);
        Assert.Equal(0, h.Unit.TimeBaseOffset.Ticks % TimeSpan.TicksPerMinute);
    }

    [Fact]
    public void Notification_pacing_holds_on_average_on_an_accelerated_clock_finer_than_the_timers()
    {
        // 20 ms of device time is 0.2 ms of real time at 100×: far below the timer resolution. Paced against a
        // deadline, 61 notifications (HT + 60 HD at MTU 23) still take 61 × 20 ms of device time.
        var clock = new AcceleratedTimeProvider(100);
        using var h = new Harness(mtu: 23, records: 60, new SimulatorOptions { Timers = clock });
        h.Unit.NotificationDelay = TimeSpan.FromMilliseconds(20);

        h.Responder.OnWrite(Command("HST", 1_800_000_000));
        for (int i = 0; i < 62; i++)
            h.Next(); // HOK and the first batch: warms up a cold process (JIT), not timed
        // No HOK: the unit sends the batch again after its ack timeout. Timed from the re-sent HT to its last HD, by
        // when the unit sent them: a test thread that takes them late on a loaded machine (each real millisecond is
        // 100 ms here) found them all queued and timed nothing (once 2.7 ms).
        byte[] resentHt = h.Next();
        byte[] lastHd = resentHt;
        for (int i = 0; i < 60; i++)
            lastHd = h.Next();
        TimeSpan elapsed = clock.GetElapsedTime(h.SentAt(resentHt), h.SentAt(lastHd));

        Assert.True(h.Unit.Resends >= 1); // a slow test thread may let the next resend start too (50 ms real)
        // 60 intervals = 1.2 s. Unpaced (every wait rounded down to nothing) would be ≈ 0.1 s; every wait rounded up
        // to a 4 ms timer tick ≈ 24 s.
        Assert.InRange(elapsed, TimeSpan.FromMilliseconds(25 * 20), TimeSpan.FromSeconds(6));
    }
}
