using Atmo.Ble.BlueZ;
using Atmo.Ble.Devices;
using Atmo.Ble.Protocol;
using Atmo.Simulator;
using Atmo.Simulator.BlueZ;
using Atmo.Simulator.Bus;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;

namespace Atmo.Bench;

// How many devices can one adapter keep synced hourly? The collector serialises visits on one radio, so
// the capacity is 3600 s / (time one hourly visit holds the radio). One visit = what the collector does
// for a device that has been in range for an hour: connect (emulated connect latency 1 s), resolve
// services, open the UART, HST, one batch of the ≈ 60 records of an hour, HOK, then the end-of-history silence at the
// protocol document's default (BetweenBatchesTimeout 15 s, §4.6), StopNotify, disconnect — over the real
// private dbus-daemon with the emulated bluetoothd. Each iteration gets a fresh bus and emulator.
//
//   dotnet run -c Release --project bench/Atmo.Bench -- --filter '*HourlyVisit*'
//
// Measured 2026-11-26 (2 shared cores, Debian 12, .NET 10.0.12, Monitoring, 5 iterations, noisy), medians:
//   MTU 247: 16.02 s    MTU 23: 16.01 s    ratio 1.00 (the 15 s end silence is 94 % of a visit)
//   → at most 3600 / 16.0 ≈ 224 devices per adapter hourly (discovery then paused all the time).
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
