using Atmo.Core;

namespace Atmo.Simulator.Devices;

/// <summary>One emulated Atmotube PRO: its address, memory, live values and the faults it will show.</summary>
public sealed class EmulatedAtmotube
{
    private readonly object _sync = new();
    private readonly Random _random;
    private LiveValues _live;
    private int _advertisements;

    internal EmulatedAtmotube(int index, int seed, SimulatorOptions options)
    {
        Index = index;
        _random = new Random(HashCode.Combine(seed, index));
        // Random static address: the two top bits set (§2.4).
        ulong raw = ((ulong)_random.NextInt64() & 0x3FFF_FFFF_FFFFUL) | 0xC000_0000_0000UL;
        Address = new MacAddress(raw);
        Memory = new HistoryMemory(options.DeviceClock, HashCode.Combine(seed, index, 7), options.InitialRecords);
        Mtu = options.Mtu;
        Rssi = (short)(-50 - _random.Next(30));
        _live = new LiveValues(
            VocPpb: 200 + _random.Next(200),
            DeviceId: (ushort)_random.Next(0x10000),
            HumidityPercent: 35 + _random.Next(20),
            TemperatureC: 20 + _random.NextDouble() * 4,
            PressurePa: 100_500 + _random.Next(1000),
            Info: 0x41,
            BatteryPercent: 60 + _random.Next(40),
            PmOn: true,
            Pm1: 2 + _random.NextDouble() * 3,
            Pm25: 5 + _random.NextDouble() * 3,
            Pm10: 8 + _random.NextDouble() * 4);
    }

    public int Index { get; }

    public MacAddress Address { get; }

    /// <summary>The history memory: ground truth of records held and which are synced.</summary>
    public HistoryMemory Memory { get; }

    /// <summary>ATT MTU the next connection negotiates.</summary>
    public int Mtu { get; set; }

    public short Rssi { get; private set; }

    /// <summary>False = out of radio range: no advertising, connects fail.</summary>
    public bool InRange { get; set; } = true;

    /// <summary>
    /// Advertises on one radio tick in this many (default 1: every tick). A spoofer that sends now and then, or many
    /// units without flooding the bus.
    /// </summary>
    public int AdvertiseEvery { get; set; } = 1;

    /// <summary>Fault: advertises, but every connect ends in a page timeout (a spoofer with nothing behind it).</summary>
    public bool RefusesConnections { get; set; }

    /// <summary>True = a phone holds the one connection: no advertising, our connects fail.</summary>
    public bool HeldByAnotherCentral { get; set; }

    /// <summary>True while our (emulated BlueZ's) link to the unit is up.</summary>
    public bool Connected { get; internal set; }

    /// <summary>Fault: after this many history packets in a session the link drops. Null = never.</summary>
    public int? DropLinkAfterPackets { get; set; }

    /// <summary>Fault: HST gets no answer at all.</summary>
    public bool IgnoreHistoryRequests { get; set; }

    /// <summary>Fault: the next batch carries a truncated HD packet.</summary>
    public bool CorruptNextBatch { get; set; }

    /// <summary>
    /// Pacing of history notifications: each one leaves this long after the previous one (on the emulator's timers),
    /// like a real link sending one notification per connection interval (7.5–30 ms). Paced against a deadline
    /// per batch, so the average rate holds even when the delay is finer than the timer resolution (an accelerated
    /// clock). Default none.
    /// </summary>
    public TimeSpan NotificationDelay { get; set; }

    /// <summary>Time from Connect to Connected for this unit; null = <see cref="SimulatorOptions.ConnectLatency"/>.</summary>
    public TimeSpan? ConnectLatency { get; set; }

    /// <summary>
    /// Fault: added to every batch's first-record time, as on a unit that does not back-date from the HST time
    /// (own clock off, time base lost after power cycles, §4.5). Default none: the newest record is HST − 60 s.
    /// </summary>
    public TimeSpan TimeBaseOffset { get; set; }

    /// <summary>
    /// Whether 6e400002 offers write-without-response (the protocol document leaves it open, §4.1).
    /// Default true.
    /// </summary>
    public bool UartWriteWithoutResponse { get; set; } = true;

    /// <summary>The WriteValue "type" of the last 1,000 UART writes ("command" or "request").</summary>
    public IReadOnlyList<string> UartWriteTypes
    {
        get
        {
            lock (_sync)
                return [.. _uartWriteTypes];
        }
    }

    private readonly List<string> _uartWriteTypes = [];

    internal void RecordUartWrite(string type)
    {
        lock (_sync)
        {
            // Bounded: --simulate runs for months.
            if (_uartWriteTypes.Count == 1000)
                _uartWriteTypes.RemoveAt(0);
            _uartWriteTypes.Add(type);
        }
    }

    /// <summary>How many full history sessions (HST received) this unit served.</summary>
    public int HistoryRequests { get; internal set; }

    /// <summary>How many batches it sent again because no HOK came in time.</summary>
    public int Resends { get; internal set; }

    /// <summary>The values the unit measures now; each call drifts them a little.</summary>
    public LiveValues NextLiveValues()
    {
        lock (_sync)
        {
            double Drift(double v, double step, double min, double max) =>
                Math.Clamp(v + (_random.NextDouble() - 0.5) * step, min, max);
            _live = _live with
            {
                VocPpb = (int)Drift(_live.VocPpb, 20, 50, 2000),
                HumidityPercent = (int)Drift(_live.HumidityPercent, 2, 10, 95),
                TemperatureC = Drift(_live.TemperatureC, 0.1, -10, 45),
                PressurePa = (int)Drift(_live.PressurePa, 10, 95_000, 105_000),
                Pm1 = Drift(_live.Pm1, 0.3, 0, 50),
                Pm25 = Drift(_live.Pm25, 0.3, 0, 80),
                Pm10 = Drift(_live.Pm10, 0.3, 0, 120),
            };
            _live = _live with { Pm25 = Math.Max(_live.Pm25, _live.Pm1), Pm10 = Math.Max(_live.Pm10, Math.Max(_live.Pm25, _live.Pm1)) };
            Rssi = (short)Math.Clamp(Rssi + _random.Next(-2, 3), -100, -30);
            return _live;
        }
    }

    public LiveValues CurrentLiveValues
    {
        get
        {
            lock (_sync)
                return _live;
        }
    }

    /// <summary>
    /// The next manufacturer payload under company 0xFFFF: base (12 B) and pm (9 B) alternate, and
    /// every fifth one is both concatenated (21 B), as some stacks deliver it (§2.4).
    /// </summary>
    internal byte[] NextManufacturerPayload()
    {
        LiveValues v = NextLiveValues();
        int n;
        lock (_sync)
            n = _advertisements++;
        if (n % 5 == 4)
            return [.. AtmotubeEncoding.AdvertisingBase(v), .. AtmotubeEncoding.AdvertisingPm(v)];
        return n % 2 == 0 ? AtmotubeEncoding.AdvertisingBase(v) : AtmotubeEncoding.AdvertisingPm(v);
    }
}
