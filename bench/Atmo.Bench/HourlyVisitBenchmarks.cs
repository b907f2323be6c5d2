using Atmo.Ble.BlueZ;
using Atmo.Ble.Devices;
using Atmo.Ble.Protocol;
using Atmo.Simulator;
using Atmo.Simulator.BlueZ;
using Atmo.Simulator.Bus;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;

namespace Atmo.Bench;

// How long one hourly visit holds the radio: connect (emulated connect latency 1 s), resolve services, open the UART,
// HST, one batch of the ≈ 60 records of an hour, HOK, then the end of the session, StopNotify, disconnect — over the
// real private dbus-daemon with the emulated bluetoothd. EarlyEnd compares the end of the session:
// HistorySessionOptions.EndAtNewestRecord (true, default: 0.5 s after the batch that reaches HST − 60 s) against the
// protocol document's 15 s end-of-history silence (false). Each iteration gets a fresh bus and emulator. For devices
// per adapter with realistic pacing and the real collector, see Scale/ScaleCommand.cs (--scale).
//
//   dotnet run -c Release --project bench/Atmo.Bench -- --filter '*HourlyVisit*'
//
// Measured 2026-11-27 (2 shared cores AMD EPYC, Debian 12, .NET 10.0.12, Monitoring, 5 iterations, noisy), medians:
//   EarlyEnd false: MTU 247 16.01 s, MTU 23 16.01 s (the 15 s silence is 94 % of a visit)
//   EarlyEnd true:  MTU 247  1.51 s, MTU 23  1.51 s (ratio 10.6×; 1 s of it is the emulated connect)
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5)]
[MedianColumn]
public class HourlyVisitBenchmarks
{
    private PrivateDbusDaemon? _bus;
    private BlueZEmulator? _emulator;
    private BlueZClient? _client;
    private AtmotubeCentral? _central;

    [Params(247, 23)]
    public int Mtu { get; set; }

    /// <summary>HistorySessionOptions.EndAtNewestRecord: end 0.5 s after the batch reaching HST − 60 s, or wait the 15 s silence.</summary>
    [Params(true, false)]
    public bool EarlyEnd { get; set; }

    [IterationSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    private async Task SetupAsync()
    {
        _bus = await PrivateDbusDaemon.StartAsync();
        _emulator = await BlueZEmulator.StartAsync(_bus.Address, new SimulatorOptions
        {
            Devices = 1,
            Mtu = Mtu,
            InitialRecords = 60,
            AdvertisingInterval = TimeSpan.FromMilliseconds(500),
            ConnectLatency = TimeSpan.FromSeconds(1),
            ConnectTimeout = TimeSpan.FromSeconds(10),
        });
        _client = await BlueZClient.ConnectAsync(new BlueZClientOptions { BusAddress = _bus.Address });
        _central = new AtmotubeCentral(_client);
        await _central.StartScanningAsync(CancellationToken.None);
        while (_client.GetDevices().Count == 0)
            await Task.Delay(5);
    }

    [Benchmark]
    public int HourlyVisit() => VisitAsync().GetAwaiter().GetResult();

    private async Task<int> VisitAsync()
    {
        // As the collector does: discovery paused around the connection (resuming it is one D-Bus call, not measured).
        await _central!.StopScanningAsync(CancellationToken.None);
        HistoryDownloadResult result = await _central.DownloadHistoryAsync(
            _emulator!.Units[0].Address,
            static (_, _) => Task.CompletedTask,
            null,
            new HistorySessionOptions { EndAtNewestRecord = EarlyEnd },
            CancellationToken.None);
        if (result.Outcome != HistoryOutcome.Completed || result.RecordsStored < 60 || result.EndedAtNewestRecord != EarlyEnd)
            throw new InvalidOperationException($"Visit incomplete: {result}");
        return result.RecordsStored;
    }

    [IterationCleanup]
    public void Cleanup() => CleanupAsync().GetAwaiter().GetResult();

    private async Task CleanupAsync()
    {
        if (_central is not null)
            await _central.DisposeAsync();
        if (_client is not null)
            await _client.DisposeAsync();
        if (_emulator is not null)
            await _emulator.DisposeAsync();
        if (_bus is not null)
            await _bus.DisposeAsync();
    }
}
