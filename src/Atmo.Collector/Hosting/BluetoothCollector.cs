using System.Collections.Concurrent;
using Atmo.Ble.BlueZ;
using Atmo.Ble.Devices;
using Atmo.Collector.Devices;
using Atmo.Collector.Live;
using Atmo.Collector.Options;
using Atmo.Collector.Radio;
using Atmo.Collector.Status;
using Atmo.Core;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Atmo.Collector.Hosting;

/// <summary>
/// The collector for one adapter: live minutes from advertisements, history downloads through one radio owner,
/// a watchdog with a recovery ladder. Survives bluetoothd restarts and adapters that vanish and return.
/// </summary>
public sealed partial class BluetoothCollector : BackgroundService
{
    private readonly CollectorOptions _options;
    private readonly IMinuteStore _store;
    private readonly CollectorStatus _status;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger<BluetoothCollector> _logger;
    private readonly IReadOnlyDictionary<MacAddress, DeviceOptions> _configured;
    private readonly ConcurrentDictionary<MacAddress, TrackedDevice> _devices = new();
    private readonly List<Task> _workers = [];
    private readonly RadioArbiter _radio = new();
    private readonly MinuteAverager _averager = new();
    private readonly Lock _averagerLock = new();
    private BlueZClient? _client;
    private AtmotubeCentral? _central;
    private ScanControl? _scan;
    private string? _adapterName;
    private CancellationToken _stopping;

    public BluetoothCollector(IOptions<CollectorOptions> options, IMinuteStore store, CollectorStatus status, TimeProvider time, ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _store = store;
        _status = status;
        _time = time;
        _loggers = loggers;
        _logger = loggers.CreateLogger<BluetoothCollector>();
        _configured = _options.DevicesByAddress();
        foreach (var (address, device) in _configured)
            _status.UpdateDevice(address, s => s with { Name = device.Name, Configured = true });
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _stopping = stoppingToken;
        _logger.LogInformation(
            "Collector starting: {Configured} configured devices, auto-discover {AutoDiscover}, history every {Interval} min, acknowledge {Acknowledge}",
            _configured.Count, _options.EffectiveAutoDiscover, _options.History.IntervalMinutes, _options.History.Acknowledge);
        try
        {
            _client = await ConnectBusAsync(stoppingToken).ConfigureAwait(false);
            string adapter = await ResolveAdapterAsync(_client, stoppingToken).ConfigureAwait(false);
            _adapterName = adapter;
            _options.Central.Adapter = adapter;
            _central = new AtmotubeCentral(_client, _options.Central, _time, _loggers);
            _scan = new ScanControl(_central, _logger);
            foreach (MacAddress address in _configured.Keys)
                Track(address);

            var loops = new List<Task>
            {
                Task.Run(() => ObserveAdvertisementsAsync(stoppingToken), stoppingToken),
                Task.Run(() => CloseMinutesAsync(stoppingToken), stoppingToken),
                Task.Run(() => WatchdogAsync(stoppingToken), stoppingToken),
            };
            await DisconnectStaleConnectionsAsync(_client, _central.AdapterPath).ConfigureAwait(false);
            await _scan.EnsureAsync(stoppingToken).ConfigureAwait(false);
            await Task.WhenAll(loops).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            await ShutDownAsync().ConfigureAwait(false);
        }
    }

    private async Task ShutDownAsync()
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

        WriteClosedMinutes(_time.GetUtcNow(), flush: true);
        if (_central is not null)
            await _central.DisposeAsync().ConfigureAwait(false);
        if (_client is not null)
            await _client.DisposeAsync().ConfigureAwait(false);
        _logger.LogInformation("Collector stopped");
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
                client.AdapterAdded += (_, e) => _logger.LogInformation("Adapter {Adapter} appeared", e.Adapter.Path);
                client.AdapterRemoved += (_, e) => _logger.LogWarning("Adapter {Adapter} disappeared: unplugged or reset? Collection resumes when it returns ('bluetoothctl list')", e.Adapter.Path);
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
            _logger.LogInformation("bluetoothd is back on the bus; discovery resumes");
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
                _logger.LogInformation("Using adapter {Adapter} ({Address})", adapter.Path, adapter.Address);
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

    private TrackedDevice Track(MacAddress address)
    {
        lock (_workers)
        {
            if (_devices.TryGetValue(address, out TrackedDevice? known))
                return known;
            var device = new TrackedDevice(address, _configured.GetValueOrDefault(address));
            _devices[address] = device;
            _status.UpdateDevice(address, s => s with { Name = device.Configured?.Name, Configured = device.Configured is not null });
            _workers.Add(Task.Run(() => DeviceWorkerAsync(device, _stopping)));
            return device;
        }
    }

    private void Fail(string message)
    {
        _logger.LogWarning("{Problem}", message);
        _status.Error(_time.GetUtcNow(), message);
    }
}
