using Atmo.Collector.Hosting;
using Atmo.Collector.Options;
using Atmo.Collector.Status;
using Atmo.Core;
using Atmo.Core.Plausibility;
using Atmo.Simulator;
using Atmo.Simulator.Devices;
using Atmo.Storage;
using Atmo.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Xunit.Abstractions;

namespace Atmo.Collector.Tests.Support;

/// <summary>
/// A real dbus-daemon, the emulated BlueZ with N Atmotube PRO units, a real LiteDB file, and the collector in a
/// real host — all on one accelerated clock (60× by default: a device minute per real second).
/// </summary>
internal sealed class CollectorWorld : IAsyncDisposable
{
    private readonly ITestOutputHelper _output;
    private readonly string _folder;
    private IHost? _host;
    private LiteDbMinuteStore? _store;

    private CollectorWorld(ITestOutputHelper output, EmulatedBlueZ bluez, AcceleratedTimeProvider clock, string folder)
    {
        _output = output;
        BlueZ = bluez;
        Clock = clock;
        _folder = folder;
        Logs = TestLogs.Collect(output, clock);
    }

    public EmulatedBlueZ BlueZ { get; }

    public AcceleratedTimeProvider Clock { get; }

    public FakeLogCollector Logs { get; }

    public string StorePath => Path.Combine(_folder, "atmo-edge.db");

    public IMinuteStore Store => _store ?? throw new InvalidOperationException("The collector is not running.");

    public ICollectorStatus Status => _host!.Services.GetRequiredService<ICollectorStatus>();

    public IReadOnlyList<EmulatedAtmotube> Units => BlueZ.Emulator.Units;

    public static async Task<CollectorWorld> StartAsync(ITestOutputHelper output, int devices = 3, int initialRecords = 30, int mtu = 247, double speed = 60, Action<SimulatorOptions>? emulator = null)
    {
        var clock = new AcceleratedTimeProvider(speed);
        SimulatorOptions options = EmulatedBlueZ.FastOptions(devices, mtu, initialRecords);
        options.DeviceClock = clock;
        emulator?.Invoke(options);
        EmulatedBlueZ bluez = await EmulatedBlueZ.StartAsync(options);
        string folder = Path.Combine(Path.GetTempPath(), "atmo-collector-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        return new CollectorWorld(output, bluez, clock, folder);
    }

    /// <summary>Settings of a fast test (device time): hourly becomes every minute, back-off at most 2 min.</summary>
    public Dictionary<string, string?> DefaultSettings() => new()
    {
        ["Ble:BusAddress"] = BlueZ.Address,
        ["History:IntervalMinutes"] = "1",
        ["Ble:AbsenceThreshold"] = "00:03:00",
        ["Ble:MaxBackoff"] = "00:02:00",
        // Live minutes stored as they close (not held for the hourly history): the tests look for them in the store.
        ["Ble:LiveWriteInterval"] = "00:00:00",
    };

    /// <param name="wrapStore">Puts something between the collector and the real store (fault injection).</param>
    public async Task StartCollectorAsync(Dictionary<string, string?>? settings = null, Action<CollectorOptions>? configure = null, Func<IMinuteStore, IMinuteStore>? wrapStore = null)
    {
        _store = new LiteDbMinuteStore(new StorageOptions { Path = StorePath }, Clock, Microsoft.Extensions.Logging.Abstractions.NullLogger<LiteDbMinuteStore>.Instance);
        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings ?? DefaultSettings());
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Debug);
        builder.Logging.AddProvider(new FakeLoggerProvider(Logs));
        builder.Services.AddSingleton<TimeProvider>(Clock);
        // As in the daemon (StorageServices): every write passes the plausibility gate.
        IMinuteStore gated = new PlausibleMinuteStore(_store, Clock);
        builder.Services.AddSingleton(wrapStore is null ? gated : wrapStore(gated));
        builder.Services.AddCollector(builder.Configuration);
        builder.Services.PostConfigure<CollectorOptions>(o =>
        {
            // Device-time timeouts that still leave the real process (2 shared cores) enough wall-clock time.
            o.History.Session.FirstReplyTimeout = TimeSpan.FromSeconds(30);
            o.History.Session.BetweenBatchesTimeout = TimeSpan.FromSeconds(12);
            o.History.Session.BetweenPacketsTimeout = TimeSpan.FromSeconds(30);
            o.History.Session.PersistWarningThreshold = TimeSpan.FromSeconds(60);
            o.Central.ScanBeforeConnectTimeout = TimeSpan.FromSeconds(60);
            o.Central.ServicesResolvedTimeout = TimeSpan.FromSeconds(60);
            configure?.Invoke(o);
        });
        _host = builder.Build();
        await _host.StartAsync();
    }

    /// <summary>Stops the collector: gracefully, or abruptly (no grace, the store closed under it, like a crash).</summary>
    public async Task StopCollectorAsync(bool abrupt = false)
    {
        if (_host is null)
            return;
        BluetoothCollector collector = _host.Services.GetServices<IHostedService>().OfType<BluetoothCollector>().Single();
        if (abrupt)
        {
            await _host.StopAsync(new CancellationToken(canceled: true));
            _store?.Dispose();
            try
            {
                await (collector.ExecuteTask ?? Task.CompletedTask).WaitAsync(TimeSpan.FromSeconds(20));
            }
            catch (Exception e) when (e is not TimeoutException)
            {
                _output.WriteLine($"Collector ended with {e.GetType().Name}: {e.Message}");
            }
        }
        else
        {
            await _host.StopAsync(new CancellationTokenSource(TimeSpan.FromSeconds(20)).Token);
            _store?.Dispose();
        }

        _host.Dispose();
        _host = null;
        _store = null;
    }

    /// <summary>Opens the store file (the collector must be stopped).</summary>
    public LiteDbMinuteStore OpenStore() =>
        new(new StorageOptions { Path = StorePath }, Clock, Microsoft.Extensions.Logging.Abstractions.NullLogger<LiteDbMinuteStore>.Instance);

    /// <summary>Waits for a condition, failing the test after <paramref name="realSeconds"/> of wall-clock time.</summary>
    public static Task UntilAsync(Func<bool> condition, string what, double realSeconds = 20) => Eventually.UntilAsync(condition, what, realSeconds);

    /// <summary>Lets <paramref name="minutes"/> of device time pass, on the world's clock.</summary>
    public Task DeviceMinutesAsync(double minutes) => Task.Delay(TimeSpan.FromMinutes(minutes), Clock);

    public int CompletedSyncs(MacAddress device) =>
        Logs.Messages().Count(l => l.Contains("History of ", StringComparison.Ordinal) && l.Contains(device.ToString(), StringComparison.Ordinal) && l.Contains("minutes stored", StringComparison.Ordinal));

    /// <summary>Compares the store (the collector must be stopped) with the emulator's memory; see <see cref="GroundTruth"/>.</summary>
    public GroundTruth Verify(IReadOnlyDictionary<MacAddress, (double Lat, double Lon)>? positions = null)
    {
        using LiteDbMinuteStore store = OpenStore();
        return GroundTruth.Compare(store, Units, Clock.GetUtcNow(), _output.WriteLine, positions);
    }

    public async ValueTask DisposeAsync()
    {
        await StopCollectorAsync();
        await BlueZ.DisposeAsync();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
