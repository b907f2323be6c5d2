using System.Buffers.Binary;
using System.Globalization;
using System.Threading.Channels;
using Atmo.Ble.Protocol;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using Microsoft.Extensions.Logging.Abstractions;

namespace Atmo.Bench;

// A full Atmotube PRO memory (14,400 one-minute records) downloaded through HistorySession from an in-memory link:
// 56 batches of 255 records + 1 of 120 = 57 batches. Mtu 247 → 15 records per HD (17 HD per full batch);
// Mtu 23 → 1 record per HD (255 HD per full batch). Results are per batch (OperationsPerInvoke = 57).
//
// The BLE columns estimate the air time of the same notifications, assuming ONE notification per connection event
// (no data length extension, no multi-packet events): best case 7.5 ms, typical 30 ms connection interval, plus one
// interval for the HOK write. Real links may pack several notifications into one event, which only shortens the
// BLE time; the CPU/BLE ratio stays far below 1 either way.
//
//   dotnet run -c Release --project bench/Atmo.Bench -- --filter '*HistoryDecode*'
//
// Measured 2026-11-26 (2 shared cores, AMD EPYC 2.6 GHz, Debian 12, .NET 10.0.12, ShortRun, noisy), medians per batch:
//   MTU 247: session 12.4 µs (decode only 10.4 µs), 23.9 KB allocated; BLE estimate 142.5–570 ms → CPU/BLE ≈ 1e-4.
//   MTU 23:  session 37.2 µs (decode only 11.8 µs), 24.1 KB allocated; BLE estimate 1.9–7.7 s  → CPU/BLE ≈ 2e-5.
// ~22.4 KB of the allocation is the 255 HistoryRecord objects of the contract (88 B each); the session adds < 0.3 KB.
[MemoryDiagnoser]
[Config(typeof(Config))]
public class HistoryDecodeBenchmarks
{
    private const int MemoryRecords = 14_400;
    private const int MaxBatch = 255;
    private const int RecordSize = 16;
    private const int BatchCount = (MemoryRecords + MaxBatch - 1) / MaxBatch;

    private static readonly DateTimeOffset HstTime = DateTimeOffset.FromUnixTimeSeconds(0x6AC3C645);

    private byte[][][] _batches = [];
    private HistorySession _session = null!;

    [Params(247, 23)]
    public int Mtu { get; set; }

    /// <summary>Notifications per full batch: HT + HD packets (the HO reply comes once per session).</summary>
    public static int NotificationsPerFullBatch(int mtu) => 1 + (int)Math.Ceiling(MaxBatch / (double)RecordsPerData(mtu));

    private static int RecordsPerData(int mtu) => (mtu - 3 - 4) / RecordSize;

    [GlobalSetup]
    public void Setup()
    {
        _batches = BuildMemory(RecordsPerData(Mtu));
        // Timeouts are never reached: every notification is queued before the session asks for it, and the link
        // closes after the last HOK instead of going silent (a 15 s real wait would swamp the measurement).
        _session = new HistorySession(new HistorySessionOptions(), TimeProvider.System, NullLogger<HistorySession>.Instance);
        HistoryDownloadResult check = RunSession();
        if (check.RecordsStored != MemoryRecords || check.BatchesAcknowledged != BatchCount)
            throw new InvalidOperationException($"The benchmark link is wrong: {check}");
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = BatchCount, Description = "decode only (assembler)")]
    public int DecodeOnly()
    {
        int records = 0;
        for (int b = 0; b < _batches.Length; b++)
        {
            byte[][] packets = _batches[b];
            HistoryBatchAssembler.TryStart(HistoryPacket.Parse(packets[0]), b, out HistoryBatchAssembler? batch);
            for (int p = 1; p < packets.Length; p++)
                batch!.TryAdd(HistoryPacket.Parse(packets[p]));
            records += batch!.ToBatch(HstTime).Records.Count;
        }

        return records;
    }

    [Benchmark(OperationsPerInvoke = BatchCount, Description = "HistorySession (decode + state machine)")]
    public int Session() => RunSession().RecordsStored;

    private HistoryDownloadResult RunSession() =>
        _session.RunAsync(new MemoryLink(_batches), static (_, _) => Task.CompletedTask, null, CancellationToken.None)
            .GetAwaiter().GetResult();

    private static byte[][][] BuildMemory(int recordsPerData)
    {
        var batches = new byte[BatchCount][][];
        uint first = (uint)HstTime.ToUnixTimeSeconds() - (MemoryRecords * 60);
        for (int b = 0, done = 0; b < BatchCount; b++)
        {
            int count = Math.Min(MaxBatch, MemoryRecords - done);
            var packets = new List<byte[]>();
            byte[] header = [(byte)'H', (byte)'T', 0, 0, 0, 0, 0, (byte)count, RecordSize];
            BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(3), first + (uint)(done * 60));
            packets.Add(header);
            for (int sent = 0; sent < count;)
            {
                int k = Math.Min(recordsPerData, count - sent);
                byte[] data = new byte[4 + (k * RecordSize)];
                data[0] = (byte)'H';
                data[1] = (byte)'D';
                data[3] = (byte)(sent + k);
                for (int i = 0; i < k; i++)
                    WriteRecord(data.AsSpan(4 + (i * RecordSize), RecordSize), done + sent + i);
                packets.Add(data);
                sent += k;
            }

            batches[b] = [.. packets];
            done += count;
        }

        return batches;
    }

    private static void WriteRecord(Span<byte> record, int i)
    {
        record[0] = (byte)(20 + (i % 10));
        record[1] = (byte)(40 + (i % 30));
        BinaryPrimitives.WriteUInt16LittleEndian(record[2..], (ushort)(100 + (i % 500)));
        BinaryPrimitives.WriteUInt32LittleEndian(record[4..], (uint)(101_000 + (i % 1000)));
        BinaryPrimitives.WriteUInt16LittleEndian(record[8..], (ushort)(i % 50));
        BinaryPrimitives.WriteUInt16LittleEndian(record[10..], (ushort)(i % 60));
        BinaryPrimitives.WriteUInt16LittleEndian(record[12..], (ushort)(i % 70));
    }

    /// <summary>A device that answers HST with HO + batch 0 and HOK n with batch n + 1, then closes the link.</summary>
    private sealed class MemoryLink(byte[][][] batches) : IUartLink
    {
        private static readonly byte[] Reply = "HOK"u8.ToArray();
        private readonly Channel<byte[]> _channel = Channel.CreateUnbounded<byte[]>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        private int _next;

        public ChannelReader<byte[]> Notifications => _channel.Reader;

        public ValueTask WriteAsync(ReadOnlyMemory<byte> command, CancellationToken cancellationToken)
        {
            if (command.Span[1] == (byte)'S')
                _channel.Writer.TryWrite(Reply);
            if (_next == batches.Length)
            {
                _channel.Writer.TryComplete();
                return ValueTask.CompletedTask;
            }

            foreach (byte[] packet in batches[_next])
                _channel.Writer.TryWrite(packet);
            _next++;
            return ValueTask.CompletedTask;
        }
    }

    private sealed class Config : ManualConfig
    {
        public Config()
        {
            AddJob(Job.ShortRun.WithWarmupCount(3).WithIterationCount(8).WithLaunchCount(1));
            AddColumn(StatisticColumn.Median);
            AddColumn(new BleColumn(7.5), new BleColumn(30), new RatioToBleColumn(7.5), new RatioToBleColumn(30));
        }
    }

    /// <summary>Estimated BLE air time of one full batch: one notification per connection event, plus one event for HOK.</summary>
    private static double BleMilliseconds(BenchmarkCase benchmark, double intervalMs)
    {
        int mtu = (int)benchmark.Parameters["Mtu"];
        return (NotificationsPerFullBatch(mtu) + 1) * intervalMs;
    }

    private sealed class BleColumn(double intervalMs) : IColumn
    {
        public string Id => $"ble-{intervalMs}";
        public string ColumnName => string.Create(CultureInfo.InvariantCulture, $"BLE/batch @{intervalMs}ms");
        public bool AlwaysShow => true;
        public ColumnCategory Category => ColumnCategory.Custom;
        public int PriorityInCategory => 0;
        public bool IsNumeric => true;
        public UnitType UnitType => UnitType.Dimensionless;
        public string Legend => $"Estimated BLE time of one full batch at a {intervalMs} ms connection interval, one notification per event";
        public string GetValue(Summary summary, BenchmarkCase benchmarkCase) =>
            string.Create(CultureInfo.InvariantCulture, $"{BleMilliseconds(benchmarkCase, intervalMs):0.#} ms");
        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) => GetValue(summary, benchmarkCase);
        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
        public bool IsAvailable(Summary summary) => true;
    }

    private sealed class RatioToBleColumn(double intervalMs) : IColumn
    {
        public string Id => $"ratio-{intervalMs}";
        public string ColumnName => string.Create(CultureInfo.InvariantCulture, $"CPU/BLE @{intervalMs}ms");
        public bool AlwaysShow => true;
        public ColumnCategory Category => ColumnCategory.Custom;
        public int PriorityInCategory => 1;
        public bool IsNumeric => true;
        public UnitType UnitType => UnitType.Dimensionless;
        public string Legend => "Median CPU time per batch divided by the estimated BLE time of the same batch";
        public string GetValue(Summary summary, BenchmarkCase benchmarkCase)
        {
            double? medianNs = summary[benchmarkCase]?.ResultStatistics?.Median;
            return medianNs is { } ns
                ? string.Create(CultureInfo.InvariantCulture, $"{ns / 1e6 / BleMilliseconds(benchmarkCase, intervalMs):0.0E+0}")
                : "n/a";
        }
        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) => GetValue(summary, benchmarkCase);
        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
        public bool IsAvailable(Summary summary) => true;
    }
}
