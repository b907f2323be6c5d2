using Atmo.Ble.BlueZ;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Atmo.Ble.Devices;

/// <summary>
/// The gateway's side of one Bluetooth adapter: scanning, raw advertisements, connections to
/// Atmotube units and history downloads. One connection at a time is the caller's rule; every
/// connection this class opens is closed again on success, failure and cancellation.
/// </summary>
public sealed partial class AtmotubeCentral : IAsyncDisposable
{
    private readonly BlueZClient _client;
    private readonly AtmotubeCentralOptions _options;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _logger;
    private readonly IDisposable _treeListener;

    public AtmotubeCentral(BlueZClient client, AtmotubeCentralOptions? options = null, TimeProvider? timeProvider = null, ILoggerFactory? loggers = null)
    {
        _client = client;
        _options = options ?? new AtmotubeCentralOptions();
        _time = timeProvider ?? TimeProvider.System;
        _loggers = loggers ?? NullLoggerFactory.Instance;
        _logger = _loggers.CreateLogger<AtmotubeCentral>();
        _treeListener = client.Listen(OnTreeChange);
    }

    public BlueZClient Client => _client;

    /// <summary>The adapter path in use, e.g. /org/bluez/hci0.</summary>
    /// <exception cref="BlueZException">No such adapter (kind DoesNotExist) or bluetoothd is not running.</exception>
    public string AdapterPath
    {
        get
        {
            IReadOnlyList<BlueZAdapterInfo> adapters = _client.GetAdapters();
            BlueZAdapterInfo? adapter = _options.Adapter is null ? adapters.FirstOrDefault() : adapters.FirstOrDefault(a => a.Name == _options.Adapter);
            if (adapter is not null)
                return adapter.Path;
            BlueZErrorKind kind = _client.IsAvailable ? BlueZErrorKind.DoesNotExist : BlueZErrorKind.ServiceUnknown;
            throw new BlueZException(kind, "Finding the Bluetooth adapter", null,
                _client.IsAvailable ? $"BlueZ lists no adapter{(_options.Adapter is null ? "" : $" named {_options.Adapter}")}: is the dongle plugged in ('hciconfig', 'bluetoothctl list')?" : "org.bluez has no owner");
        }
    }

    public async ValueTask DisposeAsync()
    {
        _treeListener.Dispose();
        lock (_observers)
        {
            foreach (var observer in _observers)
                observer.Writer.TryComplete();
            _observers.Clear();
        }

        if (_scanning || _refresh is not null)
        {
            try
            {
                await StopScanningAsync(CancellationToken.None).ConfigureAwait(false);
            }
            catch (BlueZException e)
            {
                LogStopDiscoveryOnDispose(e.Message);
            }
        }
    }

    private void OnTreeChange(TreeChange change)
    {
        switch (change.Kind)
        {
            case TreeChangeKind.ServiceLost:
                _scanning = false;
                break;
            case TreeChangeKind.ServiceRestored when _scanWanted:
                _ = Task.Run(RestartScanningAfterBlueZRestartAsync);
                break;
            case TreeChangeKind.InterfacesAdded or TreeChangeKind.PropertiesChanged:
                OnDeviceChange(change);
                break;
        }
    }

    /// <summary>Ends a notify session on a link that is still up; a failure is only logged (the link is being closed anyway).</summary>
    internal static async Task StopNotifyQuietlyAsync(BlueZClient client, string characteristicPath, ILogger logger)
    {
        try
        {
            await client.StopNotifyAsync(characteristicPath, CancellationToken.None).ConfigureAwait(false);
        }
        catch (BlueZException e)
        {
            LogStopNotifyFailed(logger, characteristicPath, e.Message);
        }
    }

    internal static async Task DisconnectQuietlyAsync(BlueZClient client, string devicePath, ILogger logger)
    {
        try
        {
            await client.DisconnectDeviceAsync(devicePath, CancellationToken.None).ConfigureAwait(false);
            LogDisconnected(logger, devicePath);
        }
        catch (BlueZException e) when (e.Kind is BlueZErrorKind.NotConnected or BlueZErrorKind.UnknownObject or BlueZErrorKind.ServiceUnknown or BlueZErrorKind.BusUnavailable)
        {
            // Already gone: that is what we wanted.
        }
        catch (BlueZException e)
        {
            LogDisconnectFailed(logger, devicePath, e.Message);
        }
        catch (ObjectDisposedException)
        {
        }
    }
}
