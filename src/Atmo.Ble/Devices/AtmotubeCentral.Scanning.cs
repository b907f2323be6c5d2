using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Atmo.Ble.BlueZ;

namespace Atmo.Ble.Devices;

// Discovery (with the LE filter and InProgress retries) and the raw advertisement stream.
public sealed partial class AtmotubeCentral
{
    private readonly List<Channel<AdvertisementObservation>> _observers = [];
    private readonly SemaphoreSlim _scanGate = new(1, 1);
    private volatile bool _scanning;
    private volatile bool _scanWanted;
    private CancellationTokenSource? _refresh;

    /// <summary>True while our discovery session runs.</summary>
    public bool IsScanning => _scanning;

    /// <summary>
    /// Starts discovery with {Transport: "le", DuplicateData: true}; retries InProgress. After a
    /// bluetoothd restart discovery is started again until <see cref="StopScanningAsync"/>.
    /// </summary>
    public async Task StartScanningAsync(CancellationToken cancellationToken)
    {
        _scanWanted = true;
        await _scanGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_scanning)
                return;
            await StartDiscoveryWithRetriesAsync(cancellationToken).ConfigureAwait(false);
            _scanning = true;
            StartRefreshLoop();
        }
        finally
        {
            _scanGate.Release();
        }
    }

    private void StartRefreshLoop()
    {
        if (_options.DiscoveryRestartInterval is not TimeSpan interval || _refresh is not null)
            return;
        _refresh = new CancellationTokenSource();
        CancellationToken stop = _refresh.Token;
        _ = Task.Run(async () =>
        {
            try
            {
                while (true)
                {
                    await Task.Delay(interval, _time, stop).ConfigureAwait(false);
                    await RefreshDiscoveryAsync(stop).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException)
            {
            }
        });
    }

    /// <summary>Stops and starts our discovery session again (stuck-discovery remedy).</summary>
    private async Task RefreshDiscoveryAsync(CancellationToken cancellationToken)
    {
        await _scanGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_scanning || cancellationToken.IsCancellationRequested)
                return;
            // Both calls run to completion (each bounded by the client's call timeout): a cancellation
            // between them, or during StartDiscovery, could leave BlueZ discovering while _scanning
            // says otherwise, and a StopScanningAsync waiting for the gate would then not stop it.
            await StopDiscoveryQuietlyAsync(CancellationToken.None).ConfigureAwait(false);
            await StartDiscoveryWithRetriesAsync(CancellationToken.None).ConfigureAwait(false);
            _scanning = true;
            LogDiscoveryRefreshed();
        }
        catch (BlueZException e)
        {
            LogDiscoveryRefreshFailed(e.Message);
        }
        finally
        {
            _scanGate.Release();
        }
    }

    /// <summary>Stops our discovery session (no error if none runs).</summary>
    public async Task StopScanningAsync(CancellationToken cancellationToken)
    {
        _scanWanted = false;
        CancellationTokenSource? refresh = Interlocked.Exchange(ref _refresh, null);
        if (refresh is not null)
        {
            await refresh.CancelAsync().ConfigureAwait(false);
            refresh.Dispose();
        }

        await _scanGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await StopDiscoveryQuietlyAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _scanGate.Release();
        }
    }

    private async Task StopDiscoveryQuietlyAsync(CancellationToken cancellationToken)
    {
        if (!_scanning)
            return;
        _scanning = false;
        try
        {
            await _client.StopDiscoveryAsync(AdapterPath, cancellationToken).ConfigureAwait(false);
        }
        catch (BlueZException e) when (e.Kind is BlueZErrorKind.Failed or BlueZErrorKind.NotReady or BlueZErrorKind.UnknownObject or BlueZErrorKind.ServiceUnknown or BlueZErrorKind.DoesNotExist)
        {
            // "No discovery started", adapter off or gone: discovery is stopped either way.
            LogStopDiscovery(e.Message);
        }
    }

    private async Task StartDiscoveryWithRetriesAsync(CancellationToken cancellationToken)
    {
        string adapter = AdapterPath;
        await _client.SetLeDiscoveryFilterAsync(adapter, cancellationToken).ConfigureAwait(false);
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                await _client.StartDiscoveryAsync(adapter, cancellationToken).ConfigureAwait(false);
                LogDiscoveryStarted(adapter);
                return;
            }
            catch (BlueZException e) when (e.Kind == BlueZErrorKind.InProgress && attempt < _options.StartDiscoveryAttempts)
            {
                LogDiscoveryInProgress(attempt);
                await Task.Delay(_options.RetryDelay * attempt, _time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task RestartScanningAfterBlueZRestartAsync()
    {
        try
        {
            await _scanGate.WaitAsync().ConfigureAwait(false);
            try
            {
                if (!_scanWanted || _scanning)
                    return;
                await StartDiscoveryWithRetriesAsync(CancellationToken.None).ConfigureAwait(false);
                _scanning = true;
            }
            finally
            {
                _scanGate.Release();
            }
        }
        catch (BlueZException e)
        {
            LogDiscoveryRestartFailed(e.Message);
        }
    }

    /// <summary>
    /// Raw advertisements (every Device1 ManufacturerData / RSSI / Name update on this adapter) while
    /// the enumeration runs. Scanning is separate: see <see cref="StartScanningAsync"/>.
    /// </summary>
    public async IAsyncEnumerable<AdvertisementObservation> ObserveAdvertisementsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var channel = Channel.CreateBounded<AdvertisementObservation>(new BoundedChannelOptions(_options.ObservationBuffer)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
        });
        lock (_observers)
            _observers.Add(channel);
        try
        {
            while (await channel.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                while (channel.Reader.TryRead(out AdvertisementObservation? observation))
                    yield return observation;
            }
        }
        finally
        {
            lock (_observers)
                _observers.Remove(channel);
        }
    }

    private void OnDeviceChange(TreeChange change)
    {
        if (!change.Interfaces.Contains("org.bluez.Device1"))
            return;
        if (change.Kind == TreeChangeKind.PropertiesChanged
            && (change.Changed is null || !(change.Changed.ContainsKey("ManufacturerData") || change.Changed.ContainsKey("RSSI"))))
            return;
        Channel<AdvertisementObservation>[] observers;
        lock (_observers)
        {
            if (_observers.Count == 0)
                return;
            observers = [.. _observers];
        }

        BlueZDeviceInfo? device = _client.GetDevice(change.Path);
        if (device is null || (device.AdapterPath is string adapter && _options.Adapter is string wanted && !adapter.EndsWith("/" + wanted, StringComparison.Ordinal)))
            return;
        // The signal carries exactly what arrived; the cache may merge older values.
        IReadOnlyDictionary<ushort, byte[]> manufacturerData = change.Changed is not null && change.Changed.ContainsKey("ManufacturerData")
            ? Variants.ManufacturerData(change.Changed)
            : device.ManufacturerData;
        if (change.Kind == TreeChangeKind.PropertiesChanged && !change.Changed!.ContainsKey("ManufacturerData"))
            manufacturerData = new Dictionary<ushort, byte[]>();
        var observation = new AdvertisementObservation(device.Address, device.Name, device.Uuids, manufacturerData, device.Rssi, _time.GetUtcNow());
        foreach (var observer in observers)
            observer.Writer.TryWrite(observation);
    }
}
