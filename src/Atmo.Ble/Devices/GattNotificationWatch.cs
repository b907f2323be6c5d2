using System.Threading.Channels;
using Atmo.Ble.BlueZ;
using Atmo.Ble.Protocol;

namespace Atmo.Ble.Devices;

/// <summary>
/// Turns Value PropertiesChanged signals of some characteristics into a channel, and completes the
/// channel with <see cref="LinkLostException"/> when the link drops (Device1.Connected false, the
/// characteristic object removed, or bluetoothd gone). Registered before StartNotify, so nothing is missed.
/// </summary>
internal sealed class GattNotificationWatch<T> : IDisposable
{
    private readonly Channel<T> _channel = Channel.CreateUnbounded<T>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly string _devicePath;
    private readonly IReadOnlyDictionary<string, string> _uuidsByPath;
    private readonly Func<string, byte[], T> _map;
    private readonly IDisposable _listener;
    private readonly CancellationTokenSource _lost = new();

    public GattNotificationWatch(BlueZClient client, string devicePath, IReadOnlyDictionary<string, string> uuidsByPath, Func<string, byte[], T> map)
    {
        _devicePath = devicePath;
        _uuidsByPath = uuidsByPath;
        _map = map;
        _listener = client.Listen(OnChange);
    }

    public ChannelReader<T> Reader => _channel.Reader;

    /// <summary>Cancelled when the link is lost.</summary>
    public CancellationToken LinkLost => _lost.Token;

    public Exception? Failure { get; private set; }

    private void OnChange(TreeChange change)
    {
        switch (change.Kind)
        {
            case TreeChangeKind.PropertiesChanged when change.Changed is not null:
                if (_uuidsByPath.TryGetValue(change.Path, out string? uuid)
                    && change.Changed.TryGetValue("Value", out var value)
                    && Variants.Bytes(value) is byte[] bytes)
                {
                    _channel.Writer.TryWrite(_map(uuid, bytes));
                }
                else if (change.Path == _devicePath && change.Interfaces.Contains("org.bluez.Device1")
                         && change.Changed.TryGetValue("Connected", out var connected)
                         && Variants.Unwrap(connected) is { Type: Tmds.DBus.Protocol.VariantValueType.Bool } c && !c.GetBool())
                {
                    Fail("the device disconnected (Device1.Connected became false)");
                }

                break;
            case TreeChangeKind.InterfacesRemoved when _uuidsByPath.ContainsKey(change.Path) || change.Path == _devicePath:
                Fail($"BlueZ removed {change.Path}");
                break;
            case TreeChangeKind.ServiceLost:
                Fail("bluetoothd left the bus");
                break;
        }
    }

    private void Fail(string reason)
    {
        var exception = new LinkLostException($"Link lost: {reason}.");
        if (_channel.Writer.TryComplete(exception))
        {
            Failure = exception;
            BlueZMetrics.LinkLost();
            try
            {
                _lost.Cancel();
            }
            catch (ObjectDisposedException)
            {
            }
        }
    }

    /// <summary>Closes the channel normally (our own StopNotify / disconnect).</summary>
    public void Complete() => _channel.Writer.TryComplete();

    /// <summary>Disposes the watch; true when the link was still up, so that its notify sessions are worth stopping.</summary>
    public bool EndWithLinkUp()
    {
        bool linkUp = Failure is null;
        Dispose();
        return linkUp;
    }

    public void Dispose()
    {
        _listener.Dispose();
        Complete();
        _lost.Dispose();
    }
}
