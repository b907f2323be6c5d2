using Atmo.Ble.BlueZ;
using Atmo.Ble.Protocol;
using Atmo.Collector.Devices;
using Atmo.Collector.Options;
using Atmo.Collector.Status;
using Microsoft.Extensions.Logging;

namespace Atmo.Collector.Radio;

/// <summary>
/// The collector's watchdog for one adapter: keeps the adapter powered and discovery running, disconnects
/// Atmotubes that someone else left connected, and climbs a rate-limited recovery ladder when advertisements stop
/// although devices are expected (1: restart discovery, 2: remove stale device objects, 3: power-cycle the adapter).
/// </summary>
internal sealed partial class RecoveryLadder
{
    private static readonly TimeSpan DiscoveredDevicesExpectedFor = TimeSpan.FromHours(1);

    private readonly BlueZClient _client;
    private readonly string _adapter;
    private readonly ScanControl _scan;
    private readonly RadioArbiter _radio;
    private readonly DeviceRegistry _devices;
    private readonly Func<DateTimeOffset?> _lastAdvertisement;
    private readonly BleOptions _options;
    private readonly CollectorStatus _status;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private int _step;
    private DateTimeOffset _lastStepAt = DateTimeOffset.MinValue;
    private DateTimeOffset _lastRestart = DateTimeOffset.MinValue;
    private DateTimeOffset _lastRemoval = DateTimeOffset.MinValue;
    private DateTimeOffset _lastPowerCycle = DateTimeOffset.MinValue;
    private DateTimeOffset? _watchStart;

    /// <param name="adapter">The adapter's name (hci0), as resolved at start.</param>
    /// <param name="lastAdvertisement">When a collected device was last heard; null before the first.</param>
    public RecoveryLadder(
        BlueZClient client, string adapter, ScanControl scan, RadioArbiter radio, DeviceRegistry devices, Func<DateTimeOffset?> lastAdvertisement,
        BleOptions options, CollectorStatus status, TimeProvider time, ILogger logger)
    {
        _client = client;
        _adapter = adapter;
        _scan = scan;
        _radio = radio;
        _devices = devices;
        _lastAdvertisement = lastAdvertisement;
        _options = options;
        _status = status;
        _time = time;
        _logger = logger;
    }

    /// <summary>Looks every <see cref="BleOptions.WatchdogInterval"/> until cancelled; never throws otherwise.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            await Task.Delay(_options.WatchdogInterval, _time, cancellationToken).ConfigureAwait(false);
            try
            {
                await WatchOnceAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                _status.Fail(_logger, _time.GetUtcNow(), $"Watchdog: {e.Message}");
            }

            _devices.ForgetUnheard(_time.GetUtcNow());
            _status.WatchdogRound(_time.GetUtcNow());
        }
    }

    /// <summary>One look: adapter state, discovery, stale connections, and one ladder step when it is due.</summary>
    public async Task WatchOnceAsync(CancellationToken cancellationToken)
    {
        DateTimeOffset now = _time.GetUtcNow();
        _watchStart ??= now;
        _status.SetBlueZReachable(_client.IsAvailable);
        BlueZAdapterInfo? adapter = _client.IsAvailable ? _client.GetAdapters().FirstOrDefault(a => a.Name == _adapter) : null;
        _status.UpdateAdapter(s => s with
        {
            Path = adapter?.Path ?? s.Path,
            Present = adapter is not null,
            Powered = adapter?.Powered == true,
            Scanning = _scan.IsScanning,
            PausedForConnection = _scan.Paused,
        });
        if (adapter is null)
            return; // bluetoothd away or adapter gone: logged when it happened; nothing to heal until it returns.
        if (!adapter.Powered && !_scan.Paused)
        {
            _status.CountWatchdogAction();
            _status.Fail(_logger, now, $"Adapter {adapter.Path} is powered off: powering it on. If this repeats, check 'rfkill list' (a hardware or software block).");
            await TryAsync(() => _client.SetPoweredAsync(adapter.Path, true, cancellationToken), "power on").ConfigureAwait(false);
            return;
        }

        await DisconnectStaleConnectionsAsync(adapter.Path).ConfigureAwait(false);
        await _scan.EnsureAsync(cancellationToken).ConfigureAwait(false);
        if (_scan.Paused)
            return; // A connection holds the radio: devices do not advertise to us now.

        // Configured devices are always expected; discovered ones for an hour after the last advertisement, so a
        // passer-by that left for good does not keep the adapter power-cycling.
        DateTimeOffset? lastAdvertisement = _lastAdvertisement();
        bool expected = _devices.Configured.Count > 0 || (lastAdvertisement is { } last && now - last < DiscoveredDevicesExpectedFor);
        DateTimeOffset heard = Max(Max(lastAdvertisement, _scan.ResumedAt), _watchStart) ?? now;
        if (!expected || now - heard < _options.WatchdogSilence)
        {
            _step = 0;
            return;
        }

        if (now - _lastStepAt < _options.WatchdogSilence)
            return; // Give the last step time to work.
        await ClimbAsync(adapter.Path, now, heard, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// An Atmotube that BlueZ shows connected while we hold no connection to it was left connected by a previous run
    /// that crashed (or by another program on this machine): it does not advertise and nobody else can reach it.
    /// Disconnect it, so it advertises again and is collected.
    /// </summary>
    public async Task DisconnectStaleConnectionsAsync(string adapterPath)
    {
        foreach (BlueZDeviceInfo device in _client.GetDevices(adapterPath))
        {
            if (!device.Connected || _radio.Holder == device.Address
                || !AdvertisementDecoder.IsAtmotube(new DeviceAdvertisement(device.Address, device.Name, device.Uuids, device.ManufacturerData, device.Rssi)))
                continue;
            _status.CountWatchdogAction();
            LogStaleConnection(device.Address);
            await TryAsync(() => _client.DisconnectDeviceAsync(device.Path, CancellationToken.None), $"disconnect {device.Path}").ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Climbs one step per silent period; each step is rate-limited, and when the wanted step is, the highest lower
    /// step allowed runs instead.
    /// </summary>
    private async Task ClimbAsync(string adapterPath, DateTimeOffset now, DateTimeOffset heard, CancellationToken cancellationToken)
    {
        double silent = (now - heard).TotalSeconds;
        int wanted = Math.Min(_step, 2);
        bool restartAllowed = now - _lastRestart >= _options.RestartDiscoveryEvery;
        bool removalAllowed = now - _lastRemoval >= _options.RemoveDevicesEvery;
        bool powerCycleAllowed = now - _lastPowerCycle >= _options.PowerCycleEvery;
        if (wanted >= 2 && powerCycleAllowed)
        {
            Act(now, ref _lastPowerCycle);
            LogPowerCycle(silent, adapterPath);
            await TryAsync(() => _client.SetPoweredAsync(adapterPath, false, cancellationToken), "power off").ConfigureAwait(false);
            await TryAsync(() => _client.SetPoweredAsync(adapterPath, true, cancellationToken), "power on").ConfigureAwait(false);
            await _scan.RestartAsync(cancellationToken).ConfigureAwait(false);
        }
        else if (wanted >= 1 && removalAllowed)
        {
            Act(now, ref _lastRemoval);
            var stale = _client.GetDevices(adapterPath).Where(d => !d.Connected && _devices.IsTracked(d.Address)).ToList();
            LogRemoval(silent, stale.Count);
            foreach (BlueZDeviceInfo device in stale)
                await TryAsync(() => _client.RemoveDeviceAsync(adapterPath, device.Path, cancellationToken), $"remove {device.Path}").ConfigureAwait(false);
            await _scan.RestartAsync(cancellationToken).ConfigureAwait(false);
        }
        else if (restartAllowed)
        {
            Act(now, ref _lastRestart);
            LogDiscoveryRestart(silent);
            await _scan.RestartAsync(cancellationToken).ConfigureAwait(false);
        }
        else
        {
            return; // Every step is rate-limited right now.
        }

        _step++;
    }

    private void Act(DateTimeOffset now, ref DateTimeOffset stepTime)
    {
        stepTime = now;
        _lastStepAt = now;
        _status.CountWatchdogAction();
    }

    private async Task TryAsync(Func<Task> action, string what)
    {
        try
        {
            await action().ConfigureAwait(false);
        }
        catch (BlueZException e)
        {
            _status.Fail(_logger, _time.GetUtcNow(), $"Recovery step '{what}' failed: {e.Message}");
        }
    }

    private static DateTimeOffset? Max(DateTimeOffset? a, DateTimeOffset? b) =>
        a is null ? b : b is null ? a : a > b ? a : b;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Still silent ({Silent:0} s): power-cycling adapter {Adapter}. If nothing is heard afterwards, check the devices' batteries and range, or run 'systemctl restart bluetooth'.")]
    private partial void LogPowerCycle(double silent, string adapter);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Still silent after a discovery restart ({Silent:0} s): removing {Count} stale device objects from BlueZ so they are rediscovered fresh.")]
    private partial void LogRemoval(double silent, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No advertisement for {Silent:0} s although devices are expected: restarting discovery. If this repeats, the devices may be out of range, switched off or held by the phone app.")]
    private partial void LogDiscoveryRestart(double silent);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Address} is connected but not by this collector (left over from a crash, or another program holds it): disconnecting it so it advertises again")]
    private partial void LogStaleConnection(Atmo.Core.MacAddress address);
}
