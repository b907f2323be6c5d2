using Atmo.Ble.BlueZ;
using Atmo.Ble.Protocol;
using Atmo.Core;
using Microsoft.Extensions.Logging;

namespace Atmo.Ble.Devices;

/// <summary>
/// A connected Atmotube with resolved services. Dispose it to disconnect: it always disconnects,
/// also after a failure or a cancellation, because the unit accepts only one central.
/// </summary>
public sealed class AtmotubeConnection : IAsyncDisposable
{
    private readonly BlueZClient _client;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly List<IAsyncDisposable> _open = [];
    private int _disposed;

    internal AtmotubeConnection(BlueZClient client, MacAddress address, string devicePath, TimeProvider time, ILogger logger)
    {
        _client = client;
        Address = address;
        DevicePath = devicePath;
        _time = time;
        _logger = logger;
    }

    /// <summary>The four live characteristics (VOC, BME280, status, PM), read once per visit and optionally subscribed.</summary>
    public static IReadOnlyList<string> LiveCharacteristics { get; } = [AtmotubeUuids.Voc, AtmotubeUuids.Bme280, AtmotubeUuids.Status, AtmotubeUuids.Pm];

    public MacAddress Address { get; }

    public string DevicePath { get; }

    /// <summary>The characteristics BlueZ resolved, by path.</summary>
    public IReadOnlyList<BlueZCharacteristicInfo> Characteristics => _client.GetCharacteristics(DevicePath);

    /// <summary>ATT MTU of the link when BlueZ exposes it (GattCharacteristic1.MTU, BlueZ ≥ 5.62).</summary>
    public int? Mtu => Characteristics.Select(c => c.Mtu).FirstOrDefault(m => m is not null);

    /// <summary>True while BlueZ says the device is connected.</summary>
    public bool IsConnected => _client.GetDevice(DevicePath)?.Connected == true;

    /// <summary>Reads each live characteristic once: UUID → raw bytes (§1.3). Absent ones are left out.</summary>
    public async Task<IReadOnlyDictionary<string, byte[]>> ReadLiveAsync(CancellationToken cancellationToken)
    {
        var result = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (BlueZCharacteristicInfo characteristic in Characteristics.Where(c => AtmotubeConnection.LiveCharacteristics.Contains(c.Uuid)))
            result[characteristic.Uuid] = await _client.ReadValueAsync(characteristic.Path, cancellationToken).ConfigureAwait(false);
        return result;
    }

    /// <summary>Subscribes to the live characteristics' notifications until the stream is disposed.</summary>
    public async Task<LiveNotificationStream> SubscribeLiveAsync(CancellationToken cancellationToken)
    {
        var live = Characteristics.Where(c => AtmotubeConnection.LiveCharacteristics.Contains(c.Uuid) && c.Flags.Contains("notify")).ToList();
        var stream = new LiveNotificationStream(_client, DevicePath, live, _time, _logger);
        try
        {
            await stream.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        lock (_open)
            _open.Add(stream);
        return stream;
    }

    /// <summary>Opens the UART link for the history session: StartNotify on 6e400003 first.</summary>
    public async Task<BlueZUartLink> OpenUartAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<BlueZCharacteristicInfo> all = Characteristics;
        BlueZCharacteristicInfo rx = all.FirstOrDefault(c => c.Uuid == AtmotubeUuids.UartWrite)
            ?? throw new BlueZException(BlueZErrorKind.DoesNotExist, $"Opening the UART of {Address}", null, "characteristic 6e400002 not found (not an Atmotube PRO?)");
        BlueZCharacteristicInfo tx = all.FirstOrDefault(c => c.Uuid == AtmotubeUuids.UartNotify)
            ?? throw new BlueZException(BlueZErrorKind.DoesNotExist, $"Opening the UART of {Address}", null, "characteristic 6e400003 not found (not an Atmotube PRO?)");
        BlueZUartLink link = await BlueZUartLink.OpenAsync(_client, DevicePath, rx, tx, _logger, cancellationToken).ConfigureAwait(false);
        lock (_open)
            _open.Add(link);
        return link;
    }

    /// <summary>Stops notifications and disconnects; never throws.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
            return;
        List<IAsyncDisposable> open;
        lock (_open)
            open = [.. _open];
        foreach (IAsyncDisposable item in open)
            await item.DisposeAsync().ConfigureAwait(false);
        await AtmotubeCentral.DisconnectQuietlyAsync(_client, DevicePath, _logger).ConfigureAwait(false);
    }
}
