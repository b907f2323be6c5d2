using Atmo.Ble.BlueZ;
using Atmo.Ble.Devices;
using Atmo.Collector.Devices;
using Atmo.Collector.History;
using Atmo.Collector.Live;
using Atmo.Collector.Options;
using Atmo.Collector.Radio;
using Atmo.Collector.Status;
using Atmo.Core;
using Atmo.Core.TimeBase;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Atmo.Collector.Hosting;

/// <summary>
/// The collector for one adapter. It reaches BlueZ and picks the adapter (waiting for either as long as it takes),
/// then composes the parts and runs them until stopped: the <see cref="AdvertisementHandler"/> and the
/// <see cref="LiveMinuteWriter"/> (live minutes), one <see cref="HistoryWorker"/> per device with the shared
/// <see cref="HistoryVisitor"/> (history, one radio owner), and the <see cref="RecoveryLadder"/> (watchdog).
/// Survives bluetoothd restarts and adapters that vanish and return.
/// </summary>
/// <remarks>
/// The parts log under this class's category (<c>Atmo.Collector.Hosting.BluetoothCollector</c>), as when they were one
/// class: a log filter that names it (for example the end-to-end test's, for the per-batch lines) still sees them all.
/// </remarks>
public sealed partial class BluetoothCollector : BackgroundService
{
    private readonly CollectorOptions _options;
    private readonly CollectorStatus _status;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger<BluetoothCollector> _logger;
    private readonly DeviceRegistry _devices;
    private readonly ClockGuard _clock;
    private readonly LiveMinuteWriter _live;
    private readonly HistoryTimeBase _timeBase;
    private readonly List<Task> _workers = [];

    public BluetoothCollector(
        IOptions<CollectorOptions> options, IMinuteStore store, IHistoryQuarantine quarantine, IClockEvidence clockEvidence,
        CollectorStatus status, UnstoredLiveMinutes unstored, TimeProvider time, ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _status = status;
        _time = time;
        _loggers = loggers;
        _logger = loggers.CreateLogger<BluetoothCollector>();
        _devices = new DeviceRegistry(_options.DevicesByAddress(), status, _options.Ble, _logger);
        _clock = new ClockGuard(clockEvidence, status, _options.ClockNotBefore ?? ClockRule.BuildDate);
        _live = new LiveMinuteWriter(_options.Ble, store, _clock, status, _devices.Decorate, time, _logger, unstored);
        _timeBase = new HistoryTimeBase(store, quarantine, _live, status, time, _logger);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        LogStarting(_devices.Configured.Count, _options.EffectiveAutoDiscover, _options.History.IntervalMinutes, _options.History.Acknowledge);
        BlueZClient? client = null;
        AtmotubeCentral? central = null;
        try
        {
            client = await ConnectBusAsync(stoppingToken).ConfigureAwait(false);
            string adapter = await ResolveAdapterAsync(client, stoppingToken).ConfigureAwait(false);
            central = new AtmotubeCentral(client, _options.Central with { Adapter = adapter }, _time, _loggers);
            var scan = new ScanControl(central, _logger);
            var radio = new RadioArbiter();
            var visitor = new HistoryVisitor(_options, central, scan, radio, _devices, _live, _timeBase, _status, _time, _loggers, _logger);
            _devices.Added += device => StartWorker(device, visitor.VisitAsync, stoppingToken);
            _devices.Forgotten += device => radio.Forget(device.Address);
            foreach (MacAddress address in _devices.Configured)
                _devices.Track(address);

            var advertisements = new AdvertisementHandler(_options, _devices, _live, _status, _logger);
            var watchdog = new RecoveryLadder(client, adapter, scan, radio, _devices, () => advertisements.LastAdvertisement,
                _options.Ble, _status, _time, _logger);
            var loops = new List<Task>
            {
                Task.Run(() => advertisements.RunAsync(central, stoppingToken), stoppingToken),
                Task.Run(() => _live.RunAsync(stoppingToken), stoppingToken),
                Task.Run(() => watchdog.RunAsync(stoppingToken), stoppingToken),
            };
            await watchdog.DisconnectStaleConnectionsAsync(central.AdapterPath).ConfigureAwait(false);
            await scan.EnsureAsync(stoppingToken).ConfigureAwait(false);
            await Task.WhenAll(loops).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            await ShutDownAsync(client, central).ConfigureAwait(false);
        }
    }

    private void StartWorker(TrackedDevice device, Func<TrackedDevice, CancellationToken, Task> visit, CancellationToken stoppingToken)
    {
        var worker = new HistoryWorker(device, visit, _options, _clock, _status, _time, _logger);
        lock (_workers)
        {
            // Workers of forgotten devices have ended: the list holds the devices tracked now, not every one ever seen.
            _workers.RemoveAll(w => w.IsCompleted);
            _workers.Add(Task.Run(async () =>
            {
                using var lifetime = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, device.Forgotten);
                await worker.RunAsync(lifetime.Token).ConfigureAwait(false);
            }));
        }
    }

    private async Task ShutDownAsync(BlueZClient? client, AtmotubeCentral? central)
    {
        Task[] workers;
        lock (_workers)
            workers = [.. _workers];
        try
        {
            // Sessions see the cancellation: a batch in flight is abandoned without HOK (the device keeps it).
            await Task.WhenAll(workers).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        _live.WriteClosedMinutes(_time.GetUtcNow(), flush: true);
        if (central is not null)
            await central.DisposeAsync().ConfigureAwait(false);
        if (client is not null)
            await client.DisposeAsync().ConfigureAwait(false);
        LogStopped();
    }

    private async Task<BlueZClient> ConnectBusAsync(CancellationToken cancellationToken)
    {
        var options = new BlueZClientOptions { BusAddress = _options.Ble.BusAddress };
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                // D-Bus call timeouts are about a real daemon's latency: wall-clock time.
                BlueZClient client = await BlueZClient.ConnectAsync(options, TimeProvider.System, _loggers.CreateLogger<BlueZClient>(), cancellationToken).ConfigureAwait(false);
                client.AvailabilityChanged += (_, e) => OnAvailabilityChanged(e.Available);
                client.AdapterAdded += (_, e) => LogAdapterAdded(e.Adapter.Path);
                client.AdapterRemoved += (_, e) => LogAdapterRemoved(e.Adapter.Path);
                _status.SetBlueZReachable(client.IsAvailable);
                return client;
            }
            catch (BlueZException e)
            {
                Fail($"Cannot reach the D-Bus system bus (attempt {attempt}): {e.Message}");
                await Task.Delay(_options.Ble.WatchdogInterval, _time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private void OnAvailabilityChanged(bool available)
    {
        _status.SetBlueZReachable(available);
        if (available)
            LogBlueZBack();
        else
            Fail("bluetoothd left the bus (restarting or stopped): waiting for it. If it does not return: 'systemctl status bluetooth'.");
    }

    /// <summary>The adapter name to use: Ble:Adapter (name or address), else the first powered adapter, else the first.</summary>
    private async Task<string> ResolveAdapterAsync(BlueZClient client, CancellationToken cancellationToken)
    {
        bool told = false;
        while (true)
        {
            IReadOnlyList<BlueZAdapterInfo> adapters = client.IsAvailable ? client.GetAdapters() : [];
            string? wanted = _options.Ble.Adapter;
            BlueZAdapterInfo? adapter = wanted is null
                ? adapters.FirstOrDefault(a => a.Powered) ?? adapters.FirstOrDefault()
                : adapters.FirstOrDefault(a => a.Name == wanted
                    || (MacAddress.TryParse(wanted, out MacAddress w) && MacAddress.TryParse(a.Address, out MacAddress have) && w == have));
            if (adapter is not null)
            {
                LogAdapter(adapter.Path, adapter.Address);
                _status.UpdateAdapter(s => s with { Path = adapter.Path, Present = true, Powered = adapter.Powered });
                return adapter.Name;
            }

            if (!told)
            {
                Fail(!client.IsAvailable
                    ? "bluetoothd is not running: start it ('systemctl start bluetooth'); the collector waits for it."
                    : $"No Bluetooth adapter{(wanted is null ? "" : $" matching Ble:Adapter '{wanted}'")}: plug one in or check 'bluetoothctl list'; the collector waits for it.");
                told = true;
            }

            await Task.Delay(_options.Ble.WatchdogInterval, _time, cancellationToken).ConfigureAwait(false);
        }
    }

    private void Fail(string message) => _status.Fail(_logger, _time.GetUtcNow(), message);

    [LoggerMessage(Level = LogLevel.Information, Message = "Collector starting: {Configured} configured devices, auto-discover {AutoDiscover}, history every {Interval} min, acknowledge {Acknowledge}")]
    private partial void LogStarting(int configured, bool autoDiscover, int interval, bool acknowledge);

    [LoggerMessage(Level = LogLevel.Information, Message = "Collector stopped")]
    private partial void LogStopped();

    [LoggerMessage(Level = LogLevel.Information, Message = "Adapter {Adapter} appeared")]
    private partial void LogAdapterAdded(string adapter);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Adapter {Adapter} disappeared: unplugged or reset? Collection resumes when it returns ('bluetoothctl list')")]
    private partial void LogAdapterRemoved(string adapter);

    [LoggerMessage(Level = LogLevel.Information, Message = "bluetoothd is back on the bus; discovery resumes")]
    private partial void LogBlueZBack();

    [LoggerMessage(Level = LogLevel.Information, Message = "Using adapter {Adapter} ({Address})")]
    private partial void LogAdapter(string adapter, string? address);
}
