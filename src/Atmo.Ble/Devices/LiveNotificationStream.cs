using System.Threading.Channels;
using Atmo.Ble.BlueZ;
using Microsoft.Extensions.Logging;

namespace Atmo.Ble.Devices;

/// <summary>Live notifications of the four Atmotube characteristics; dispose to stop them.</summary>
public sealed class LiveNotificationStream : IAsyncDisposable
{
    private readonly BlueZClient _client;
    private readonly IReadOnlyList<BlueZCharacteristicInfo> _characteristics;
    private readonly GattNotificationWatch<GattNotification> _watch;
    private readonly ILogger _logger;
    private readonly List<string> _started = [];
    private int _disposed;

    internal LiveNotificationStream(BlueZClient client, string devicePath, IReadOnlyList<BlueZCharacteristicInfo> characteristics, TimeProvider time, ILogger logger)
    {
        _client = client;
        _characteristics = characteristics;
        _logger = logger;
        _watch = new GattNotificationWatch<GattNotification>(client, devicePath,
            characteristics.ToDictionary(c => c.Path, c => c.Uuid, StringComparer.Ordinal),
            (uuid, bytes) => new GattNotification(uuid, bytes, time.GetUtcNow()));
    }

    /// <summary>Notifications in arrival order; completes with LinkLostException when the link drops.</summary>
    public ChannelReader<GattNotification> Reader => _watch.Reader;

    internal async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (BlueZCharacteristicInfo c in _characteristics)
        {
            await _client.StartNotifyAsync(c.Path, cancellationToken).ConfigureAwait(false);
            _started.Add(c.Path);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0 || !_watch.EndWithLinkUp())
            return;
        foreach (string path in _started)
            await AtmotubeCentral.StopNotifyQuietlyAsync(_client, path, _logger).ConfigureAwait(false);
    }
}
