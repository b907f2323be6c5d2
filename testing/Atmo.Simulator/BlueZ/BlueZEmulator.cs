using Atmo.Core;
using Atmo.Simulator.Devices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Tmds.DBus.Protocol;

namespace Atmo.Simulator.BlueZ;

/// <summary>
/// An emulated bluetoothd: owns <c>org.bluez</c> on a bus and exports the BlueZ 5.66 object tree
/// (ObjectManager at /, adapter hci0, devices, GATT services/characteristics/descriptors) for
/// emulated Atmotube PRO units. Usable in-process (tests) and from the <c>atmo-sim</c> executable.
/// </summary>
public sealed partial class BlueZEmulator : IAsyncDisposable
{
    public const string AdapterPath = "/org/bluez/hci0";
    public const string AdapterAddress = "00:1A:7D:DA:71:13";

    private readonly object _sync = new();
    private readonly string _busAddress;
    private readonly SimulatorOptions _options;
    private readonly ILogger _logger;
    private readonly Dictionary<string, EmulatedObject> _objects = new(StringComparer.Ordinal);
    private readonly List<EmulatedAtmotube> _units = [];
    private readonly Dictionary<EmulatedAtmotube, LinkState> _links = [];
    private readonly HashSet<string> _discoveryClients = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _lifetime = new();
    private DBusConnection? _connection;
    private IDisposable? _ownerWatch;
    private Task? _radioLoop;
    private bool _powered = true;
    private int _failStartDiscovery;
    private long _tick;

    private BlueZEmulator(string busAddress, SimulatorOptions options, ILogger logger)
    {
        _busAddress = busAddress;
        _options = options;
        _logger = logger;
        for (int i = 0; i < options.Devices; i++)
            _units.Add(new EmulatedAtmotube(i, options.Seed, options));
    }

    /// <summary>The emulated units, in creation order.</summary>
    public IReadOnlyList<EmulatedAtmotube> Units => _units;

    public SimulatorOptions Options => _options;

    /// <summary>How many discovery sessions were started (for tests).</summary>
    public int DiscoveryStarts { get; private set; }

    /// <summary>
    /// Ticks of the emulated radio so far (one per advertising interval). A test waits for ticks, not for time:
    /// whatever a tick sends on the bus is sent before the next reply of the emulator.
    /// </summary>
    public long RadioTicks
    {
        get
        {
            lock (_sync)
                return _tick;
        }
    }

    /// <summary>True while at least one client runs a discovery session.</summary>
    public bool Discovering
    {
        get
        {
            lock (_sync)
                return _discoveryClients.Count > 0;
        }
    }

    /// <summary>Connects to the bus, exports the tree and takes the name <c>org.bluez</c>.</summary>
    public static async Task<BlueZEmulator> StartAsync(string busAddress, SimulatorOptions options, ILogger? logger = null, CancellationToken cancellationToken = default)
    {
        var emulator = new BlueZEmulator(busAddress, options, logger ?? NullLogger.Instance);
        await emulator.AttachAsync(cancellationToken).ConfigureAwait(false);
        emulator._radioLoop = Task.Run(() => emulator.RadioLoopAsync(emulator._lifetime.Token));
        return emulator;
    }

    public EmulatedAtmotube Unit(MacAddress address) =>
        _units.FirstOrDefault(u => u.Address == address) ?? throw new ArgumentException($"No emulated unit {address}.", nameof(address));

    public static string DevicePath(MacAddress address) => $"{AdapterPath}/dev_{address.ToString().Replace(':', '_')}";

    /// <summary>Paths currently exported (for tests).</summary>
    public IReadOnlyList<string> ExportedPaths()
    {
        lock (_sync)
            return [.. _objects.Keys.Order(StringComparer.Ordinal)];
    }

    private async Task AttachAsync(CancellationToken cancellationToken)
    {
        var connection = new DBusConnection(_busAddress);
        await connection.ConnectAsync().ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        connection.AddMethodHandler(new Handler(this));
        // BlueZ ends the discovery and notify sessions of a client that leaves the bus.
        _ownerWatch = await connection.AddMatchAsync(
            new MatchRule { Type = MessageType.Signal, Sender = "org.freedesktop.DBus", Interface = "org.freedesktop.DBus", Member = "NameOwnerChanged" },
            static (Message m, object? _) =>
            {
                Reader r = m.GetBodyReader();
                return (Name: r.ReadString(), Old: r.ReadString(), New: r.ReadString());
            },
            (Notification<(string Name, string Old, string New)> n) =>
            {
                if (n.HasValue && n.Value.New.Length == 0 && n.Value.Name.StartsWith(':'))
                    OnClientLeft(n.Value.Name);
            },
            emitOnCapturedContext: false).ConfigureAwait(false);
        lock (_sync)
        {
            _connection = connection;
            CreateAdapter();
        }

        await connection.RequestNameAsync(BlueZNames.Service, RequestNameOptions.None).ConfigureAwait(false);
        _logger.LogInformation("Emulated BlueZ owns org.bluez with {Units} Atmotube units", _units.Count);
    }

    public async ValueTask DisposeAsync()
    {
        await _lifetime.CancelAsync().ConfigureAwait(false);
        if (_radioLoop is not null)
        {
            try
            {
                await _radioLoop.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
        }

        DBusConnection? connection;
        lock (_sync)
        {
            foreach (LinkState link in _links.Values)
                link.Responder.Dispose();
            _links.Clear();
            connection = _connection;
            _connection = null;
        }

        _ownerWatch?.Dispose();
        connection?.Dispose();
        _lifetime.Dispose();
    }

    /// <summary>Advertising, live notifications: the emulated radio, one tick per advertising interval.</summary>
    private async Task RadioLoopAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            await Task.Delay(_options.AdvertisingInterval, _options.Timers, cancellationToken).ConfigureAwait(false);
            try
            {
                lock (_sync)
                {
                    _tick++;
                    AdvertiseOnce();
                    if (_tick % Math.Max(1, LiveTicks) == 0)
                        NotifyLiveValues();
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                _logger.LogWarning(e, "Emulated radio tick failed");
            }
        }
    }

    private long LiveTicks => (long)(_options.LiveNotificationInterval / _options.AdvertisingInterval);

    private sealed class LinkState(UartHistoryResponder responder, int mtu)
    {
        public UartHistoryResponder Responder { get; } = responder;

        public int Mtu { get; } = mtu;

        /// <summary>Clients with a notify session, per characteristic path.</summary>
        public Dictionary<string, HashSet<string>> Notify { get; } = new(StringComparer.Ordinal);
    }

    private sealed class Handler(BlueZEmulator emulator) : IPathMethodHandler
    {
        public string Path => "/";

        public bool HandlesChildPaths => true;

        public ValueTask HandleMethodAsync(MethodContext context)
        {
            try
            {
                emulator.Dispatch(context);
            }
            catch (EmulatedError e)
            {
                context.ReplyError(e.Name, e.Message);
            }
#pragma warning disable CA1031 // A handler must answer every call; an exception would drop the bus connection.
            catch (Exception e)
#pragma warning restore CA1031
            {
                emulator._logger.LogWarning(e, "Emulated BlueZ failed on {Member}", context.Request.MemberAsString);
                context.ReplyError(BlueZNames.ErrorFailed, e.Message);
            }

            return ValueTask.CompletedTask;
        }
    }

    /// <summary>A BlueZ error reply, with the same name and text as bluetoothd.</summary>
    private sealed class EmulatedError(string name, string message) : Exception(message)
    {
        public string Name { get; } = name;
    }
}
