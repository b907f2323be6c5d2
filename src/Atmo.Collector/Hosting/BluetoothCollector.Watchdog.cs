using Atmo.Ble.BlueZ;
using Atmo.Ble.Protocol;
using Atmo.Collector.Radio;
using Microsoft.Extensions.Logging;

namespace Atmo.Collector.Hosting;

// Self-healing: keep discovery running, and climb a rate-limited recovery ladder when advertisements stop.
public sealed partial class BluetoothCollector
{
    private static readonly TimeSpan DiscoveredDevicesExpectedFor = TimeSpan.FromHours(1);

    private int _ladderStep;
    private DateTimeOffset _lastStepAt = DateTimeOffset.MinValue;
    private DateTimeOffset _lastRestart = DateTimeOffset.MinValue;
    private DateTimeOffset _lastRemoval = DateTimeOffset.MinValue;
    private DateTimeOffset _lastPowerCycle = DateTimeOffset.MinValue;
    private DateTimeOffset? _watchStart;

    private async Task WatchdogAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            await Task.Delay(_options.Ble.WatchdogInterval, _time, cancellationToken).ConfigureAwait(false);
            try
            {
                await WatchOnceAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Fail($"Watchdog: {e.Message}");
            }
            _status.WatchdogRound(_time.GetUtcNow());
        }
    }

    internal async Task WatchOnceAsync(CancellationToken cancellationToken)
    {
        DateTimeOffset now = _time.GetUtcNow();
        _watchStart ??= now;
        BlueZClient client = _client!;
        ScanControl scan = _scan!;
        _status.SetBlueZReachable(client.IsAvailable);
        BlueZAdapterInfo? adapter = client.IsAvailable ? client.GetAdapters().FirstOrDefault(a => a.Name == _adapterName) : null;
        _status.UpdateAdapter(s => s with
        {
            Path = adapter?.Path ?? s.Path,
            Present = adapter is not null,
            Powered = adapter?.Powered == true,
            Scanning = scan.IsScanning,
            PausedForConnection = scan.Paused,
        });
        if (adapter is null)
            return; // bluetoothd away or adapter gone: logged when it happened; nothing to heal until it returns.
        if (!adapter.Powered && !scan.Paused)
        {
            _status.CountWatchdogAction();
            Fail($"Adapter {adapter.Path} is powered off: powering it on. If this repeats, check 'rfkill list' (a hardware or software block).");
            await TryAsync(() => client.SetPoweredAsync(adapter.Path, true, cancellationToken), "power on").ConfigureAwait(false);
            return;
        }

        await DisconnectStaleConnectionsAsync(client, adapter.Path).ConfigureAwait(false);
        await scan.EnsureAsync(cancellationToken).ConfigureAwait(false);
        if (scan.Paused)
            return; // A connection holds the radio: devices do not advertise to us now.

        // Configured devices are always expected; discovered ones for an hour after the last advertisement, so a
        // passer-by that left for good does not keep the adapter power-cycling.
        bool expected = _configured.Count > 0 || (_lastAdvertisement is { } last && now - last < DiscoveredDevicesExpectedFor);
        DateTimeOffset heard = Max(Max(_lastAdvertisement, scan.ResumedAt), _watchStart) ?? now;
        if (!expected || now - heard < _options.Ble.WatchdogSilence)
        {
            _ladderStep = 0;
            return;
        }

        if (now - _lastStepAt < _options.Ble.WatchdogSilence)
            return; // Give the last step time to work.
        await ClimbLadderAsync(client, scan, adapter.Path, now, heard, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>1: restart discovery. 2: remove stale device objects. 3: power-cycle the adapter. Each rate-limited.</summary>
    private async Task ClimbLadderAsync(BlueZClient client, ScanControl scan, string adapterPath, DateTimeOffset now, DateTimeOffset heard, CancellationToken cancellationToken)
    {
        double silent = (now - heard).TotalSeconds;
        // Climb one step per silent period; when a step is rate-limited, fall back to the highest lower step allowed.
        int wanted = Math.Min(_ladderStep, 2);
        bool restartAllowed = now - _lastRestart >= _options.Ble.RestartDiscoveryEvery;
        bool removalAllowed = now - _lastRemoval >= _options.Ble.RemoveDevicesEvery;
        bool powerCycleAllowed = now - _lastPowerCycle >= _options.Ble.PowerCycleEvery;
        if (wanted >= 2 && powerCycleAllowed)
        {
            Act(now, ref _lastPowerCycle);
            _logger.LogWarning("Still silent ({Silent:0} s): power-cycling adapter {Adapter}. If nothing is heard afterwards, check the devices' batteries and range, or run 'systemctl restart bluetooth'.", silent, adapterPath);
            await TryAsync(() => client.SetPoweredAsync(adapterPath, false, cancellationToken), "power off").ConfigureAwait(false);
            await TryAsync(() => client.SetPoweredAsync(adapterPath, true, cancellationToken), "power on").ConfigureAwait(false);
            await scan.RestartAsync(cancellationToken).ConfigureAwait(false);
        }
        else if (wanted >= 1 && removalAllowed)
        {
            Act(now, ref _lastRemoval);
            var stale = client.GetDevices(adapterPath).Where(d => !d.Connected && _devices.ContainsKey(d.Address)).ToList();
            _logger.LogWarning("Still silent after a discovery restart ({Silent:0} s): removing {Count} stale device objects from BlueZ so they are rediscovered fresh.", silent, stale.Count);
            foreach (BlueZDeviceInfo device in stale)
                await TryAsync(() => client.RemoveDeviceAsync(adapterPath, device.Path, cancellationToken), $"remove {device.Path}").ConfigureAwait(false);
            await scan.RestartAsync(cancellationToken).ConfigureAwait(false);
        }
        else if (restartAllowed)
        {
            Act(now, ref _lastRestart);
            _logger.LogWarning("No advertisement for {Silent:0} s although devices are expected: restarting discovery. If this repeats, the devices may be out of range, switched off or held by the phone app.", silent);
            await scan.RestartAsync(cancellationToken).ConfigureAwait(false);
        }
        else
        {
            return; // Every step is rate-limited right now.
        }

        _ladderStep++;
    }

    /// <summary>
    /// An Atmotube that BlueZ shows connected while we hold no connection to it was left connected by a previous run
    /// that crashed (or by another program on this machine): it does not advertise and nobody else can reach it.
    /// Disconnect it, so it advertises again and is collected.
    /// </summary>
    internal async Task DisconnectStaleConnectionsAsync(BlueZClient client, string adapterPath)
    {
        foreach (BlueZDeviceInfo device in client.GetDevices(adapterPath))
        {
            if (!device.Connected || _radio.Holder == device.Address
                || !AdvertisementDecoder.IsAtmotube(new DeviceAdvertisement(device.Address, device.Name, device.Uuids, device.ManufacturerData, device.Rssi)))
                continue;
            _status.CountWatchdogAction();
            _logger.LogWarning("{Address} is connected but not by this collector (left over from a crash, or another program holds it): disconnecting it so it advertises again", device.Address);
            await TryAsync(() => client.DisconnectDeviceAsync(device.Path, CancellationToken.None), $"disconnect {device.Path}").ConfigureAwait(false);
        }
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
            Fail($"Recovery step '{what}' failed: {e.Message}");
        }
    }

    private static DateTimeOffset? Max(DateTimeOffset? a, DateTimeOffset? b) =>
        a is null ? b : b is null ? a : a > b ? a : b;
}
