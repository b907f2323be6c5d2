using Atmo.Ble.BlueZ;
using Atmo.Ble.Devices;
using Atmo.Ble.Protocol;
using Atmo.Simulator;
using Atmo.Simulator.BlueZ;
using Atmo.Simulator.Bus;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;

namespace Atmo.Bench;

// End-to-end download of a full Atmotube PRO memory (14,400 records, 57 batches) over the real private
// dbus-daemon: emulated bluetoothd and unit → D-Bus → BlueZClient → BlueZUartLink → HistorySession → no-op
// persist. Connect, service resolution, StartNotify and disconnect are inside the measurement; so is the
// final silence (BetweenBatchesTimeout = 200 ms), which is how a download ends. This is the speed of
// the emulator and our D-Bus path, not of the radio (see HistoryDecodeBenchmarks for the BLE estimate).
// Each iteration gets a fresh bus, emulator and client (set-up not measured).
//
//   dotnet run -c Release --project bench/Atmo.Bench -- --filter '*EmulatedDownload*'
//
// Measured 2026-11-26 (2 shared cores, AMD EPYC 2.6 GHz, Debian 12, .NET 10.0.12, Monitoring, 7 iterations, noisy),
// medians per full 14,400-record download, including connect, the 200 ms end silence and disconnect:
//   MTU 247: 292 ms (57 HT + 969 HD notifications)     MTU 23: 666 ms (57 HT + 14,400 HD notifications)
//   ratio MTU 23 / MTU 247 = 2.3. Without the 200 ms silence: ≈ 90 ms and ≈ 470 ms.
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 7)]
[MedianColumn]
public class EmulatedDownloadBenchmarks
{
    private PrivateDbusDaemon? _bus;
    private BlueZEmulator? _emulator;
    private BlueZClient? _client;
    private AtmotubeCentral? _central;

    [Params(247, 23)]
    public int Mtu { get; set; }

    [IterationSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    private async Task SetupAsync()
    {
        _bus = await PrivateDbusDaemon.StartAsync();
        _emulator = await BlueZEmulator.StartAsync(_bus.Address, new SimulatorOptions
        {
            Devices = 1,
            Mtu = Mtu,
            InitialRecords = 14_400,
            AdvertisingInterval = TimeSpan.FromMilliseconds(20),
            ConnectLatency = TimeSpan.FromMilliseconds(5),
        });
        _client = await BlueZClient.ConnectAsync(new BlueZClientOptions { BusAddress = _bus.Address });
        _central = new AtmotubeCentral(_client);
        // Let BlueZ know the device first, as the collector's scanning would.
        await _central.StartScanningAsync(CancellationToken.None);
        while (_client.GetDevices().Count == 0)
            await Task.Delay(5);
        await _central.StopScanningAsync(CancellationToken.None);
    }

    [Benchmark]
    public int FullMemoryDownload()
    {
        HistoryDownloadResult result = _central!.DownloadHistoryAsync(
            _emulator!.Units[0].Address,
            static (_, _) => Task.CompletedTask,
            null,
            new HistorySessionOptions { BetweenBatchesTimeout = TimeSpan.FromMilliseconds(200) },
            CancellationToken.None).GetAwaiter().GetResult();
        if (result.Outcome != HistoryOutcome.Completed || result.RecordsStored != 14_400)
            throw new InvalidOperationException($"Download incomplete: {result}");
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
