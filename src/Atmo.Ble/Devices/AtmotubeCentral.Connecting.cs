using Atmo.Ble.BlueZ;
using Atmo.Core;
using Microsoft.Extensions.Logging;

namespace Atmo.Ble.Devices;

// Connect: find (or briefly scan for) the device object, Connect with retries, wait for ServicesResolved.
public sealed partial class AtmotubeCentral
{
    /// <summary>The D-Bus path BlueZ uses for a device on this adapter.</summary>
    public string DevicePath(MacAddress address) => $"{AdapterPath}/dev_{address.ToString().Replace(':', '_')}";

    /// <summary>
    /// Connects to a unit and waits until BlueZ resolved its services. Scans briefly first when
    /// BlueZ has no object for the address; retries InProgress / Failed / timeouts.
    /// </summary>
    /// <exception cref="BlueZException">The unit could not be connected; it is disconnected again.</exception>
    public async Task<AtmotubeConnection> ConnectAsync(MacAddress address, CancellationToken cancellationToken)
    {
        string devicePath = DevicePath(address);
        ILogger logger = _loggers.CreateLogger<AtmotubeConnection>();
        bool connected = false;
        try
        {
            for (int attempt = 1; ; attempt++)
            {
                await EnsureDeviceObjectAsync(address, devicePath, cancellationToken).ConfigureAwait(false);
                try
                {
                    LogConnecting(address, attempt);
                    await _client.ConnectDeviceAsync(devicePath, cancellationToken).ConfigureAwait(false);
                    connected = true;
                    await WaitForServicesResolvedAsync(devicePath, cancellationToken).ConfigureAwait(false);
                    LogConnected(address);
                    BlueZMetrics.Connect(succeeded: true);
                    return new AtmotubeConnection(_client, address, devicePath, _time, logger);
                }
                catch (BlueZException e) when (attempt < _options.ConnectAttempts && e.Kind is BlueZErrorKind.InProgress or BlueZErrorKind.Failed or BlueZErrorKind.Timeout or BlueZErrorKind.UnknownObject or BlueZErrorKind.NotConnected)
                {
                    LogConnectRetry(address, e.Kind, e.Detail);
                    if (e.Kind != BlueZErrorKind.InProgress)
                    {
                        await DisconnectQuietlyAsync(_client, devicePath, _logger).ConfigureAwait(false);
                        connected = false;
                    }

                    await Task.Delay(_options.RetryDelay * attempt, _time, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch
        {
            BlueZMetrics.Connect(succeeded: false);
            // Whatever happened, never leave the unit connected: it would stay invisible to everyone.
            if (connected || _client.GetDevice(devicePath)?.Connected == true)
                await DisconnectQuietlyAsync(_client, devicePath, _logger).ConfigureAwait(false);
            else
                await CancelPendingConnectAsync(devicePath).ConfigureAwait(false);
            throw;
        }
    }

    private async Task CancelPendingConnectAsync(string devicePath)
    {
        // Device1.Disconnect also aborts a connection attempt BlueZ is still making.
        if (_client.GetDevice(devicePath) is not null)
            await DisconnectQuietlyAsync(_client, devicePath, _logger).ConfigureAwait(false);
    }

    private async Task EnsureDeviceObjectAsync(MacAddress address, string devicePath, CancellationToken cancellationToken)
    {
        if (_client.GetDevice(devicePath) is not null)
            return;
        var appeared = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using IDisposable listener = _client.Listen(change =>
        {
            if (change.Path == devicePath && change.Kind == TreeChangeKind.InterfacesAdded)
                appeared.TrySetResult();
        });
        if (_client.GetDevice(devicePath) is not null)
            return;

        bool temporaryScan = !_scanning;
        LogScanningForDevice(address, _options.ScanBeforeConnectTimeout.TotalSeconds);
        if (temporaryScan)
            await StartScanningAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await appeared.Task.WaitAsync(_options.ScanBeforeConnectTimeout, _time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException e)
        {
            throw new BlueZException(BlueZErrorKind.DoesNotExist, $"Finding {address}", null,
                $"not seen in {_options.ScanBeforeConnectTimeout.TotalSeconds:0} s of scanning (out of range, or connected to a phone)", e);
        }
        finally
        {
            if (temporaryScan)
                await StopScanningAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }

    private async Task WaitForServicesResolvedAsync(string devicePath, CancellationToken cancellationToken)
    {
        var resolved = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using IDisposable listener = _client.Listen(change =>
        {
            if (change.Path != devicePath)
                return;
            BlueZDeviceInfo? device = _client.GetDevice(devicePath);
            if (device is { ServicesResolved: true })
                resolved.TrySetResult();
            else if (device is null || !device.Connected && change.Changed?.ContainsKey("Connected") == true)
                resolved.TrySetException(new BlueZException(BlueZErrorKind.NotConnected, $"Resolving services of {devicePath}", null, "the link dropped before services were resolved"));
        });
        if (_client.GetDevice(devicePath) is { ServicesResolved: true })
            return;
        try
        {
            await resolved.Task.WaitAsync(_options.ServicesResolvedTimeout, _time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException e)
        {
            throw new BlueZException(BlueZErrorKind.Timeout, $"Resolving services of {devicePath}", null,
                $"ServicesResolved not true after {_options.ServicesResolvedTimeout.TotalSeconds:0} s", e);
        }
    }
}
