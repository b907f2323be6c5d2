using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Tmds.DBus.Protocol;

namespace Atmo.Ble.BlueZ;

/// <summary>
/// The gateway's one long-lived connection to bluetoothd over the system D-Bus. It mirrors BlueZ's
/// object tree (ObjectManager + PropertiesChanged), follows bluetoothd restarts, and makes the calls.
/// Events are raised on the D-Bus receive thread: handlers must be quick and must not block.
/// </summary>
public sealed partial class BlueZClient : IAsyncDisposable
{
    private readonly DBusConnection _connection;
    private readonly BlueZClientOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly List<IDisposable> _subscriptions = [];
    private readonly CancellationTokenSource _lifetime = new();
    private int _disposed;

    private BlueZClient(DBusConnection connection, BlueZClientOptions options, TimeProvider time, ILogger logger)
    {
        _connection = connection;
        _options = options;
        _time = time;
        _logger = logger;
    }

    public BlueZClientOptions Options => _options;

    public TimeProvider TimeProvider => _time;

    /// <summary>
    /// Connects to the bus and reads BlueZ's tree. Succeeds even while bluetoothd is not running
    /// (<see cref="IsAvailable"/> false): the client picks BlueZ up when it starts.
    /// </summary>
    /// <exception cref="BlueZException">The bus itself is unreachable or refuses us.</exception>
    public static async Task<BlueZClient> ConnectAsync(
        BlueZClientOptions? options = null,
        TimeProvider? timeProvider = null,
        ILogger<BlueZClient>? logger = null,
        CancellationToken cancellationToken = default)
    {
        options ??= new BlueZClientOptions();
        string address = options.ResolveBusAddress();
        var connection = new DBusConnection(address);
        try
        {
            await connection.ConnectAsync().AsTask().WaitAsync(options.CallTimeout, timeProvider ?? TimeProvider.System, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is DBusConnectionException or DBusConnectFailedException or TimeoutException or IOException or System.Net.Sockets.SocketException)
        {
            connection.Dispose();
            BlueZErrorKind kind = e.Message.Contains("AccessDenied", StringComparison.Ordinal) ? BlueZErrorKind.AccessDenied : BlueZErrorKind.BusUnavailable;
            throw new BlueZException(kind, $"Connecting to the system bus at {address}", null, e.Message, e);
        }

        var client = new BlueZClient(connection, options, timeProvider ?? TimeProvider.System, (ILogger?)logger ?? NullLogger.Instance);
        client.BusDisconnected = client.WatchBusAsync();
        try
        {
            await client.SubscribeAsync().ConfigureAwait(false);
            await client.ReloadTreeAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await client.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return client;
    }

    /// <summary>True while bluetoothd owns org.bluez and our tree mirrors it.</summary>
    public bool IsAvailable
    {
        get
        {
            lock (_tree)
                return _available;
        }
    }

    /// <summary>
    /// Completes when the D-Bus connection itself is gone (dbus-daemon restarted, or disposed); the
    /// result is the reason. A client whose bus is gone stays unusable: create a new one.
    /// </summary>
    public Task<Exception?> BusDisconnected { get; private set; } = Task.FromResult<Exception?>(null);

    private async Task<Exception?> WatchBusAsync()
    {
        Exception? reason = await _connection.DisconnectedAsync().ConfigureAwait(false);
        if (_disposed == 0)
        {
            LogConnectionLost(reason);
            SetUnavailable();
        }

        return reason;
    }

    /// <summary>bluetoothd appeared or vanished. Raised on the D-Bus thread.</summary>
    public event EventHandler<BlueZAvailabilityEventArgs>? AvailabilityChanged;

    /// <summary>An adapter appeared (plugged in, or bluetoothd restarted). Raised on the D-Bus thread.</summary>
    public event EventHandler<BlueZAdapterEventArgs>? AdapterAdded;

    /// <summary>An adapter disappeared. Raised on the D-Bus thread.</summary>
    public event EventHandler<BlueZAdapterEventArgs>? AdapterRemoved;

    /// <summary>Waits until bluetoothd owns org.bluez and the tree is read.</summary>
    public async Task WaitUntilAvailableAsync(CancellationToken cancellationToken)
    {
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnChange(object? sender, BlueZAvailabilityEventArgs e)
        {
            if (e.Available)
                ready.TrySetResult();
        }

        AvailabilityChanged += OnChange;
        try
        {
            if (IsAvailable)
                return;
            await ready.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            AvailabilityChanged -= OnChange;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
            return;
        await _lifetime.CancelAsync().ConfigureAwait(false);
        lock (_subscriptions)
        {
            foreach (IDisposable subscription in _subscriptions)
                subscription.Dispose();
            _subscriptions.Clear();
        }

        _connection.Dispose();
        _lifetime.Dispose();
    }
}
