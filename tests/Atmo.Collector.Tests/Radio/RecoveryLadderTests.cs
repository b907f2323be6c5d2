using Atmo.Ble.Devices;
using Atmo.Collector.Devices;
using Atmo.Collector.Options;
using Atmo.Collector.Radio;
using Atmo.Collector.Status;
using Atmo.Collector.Tests.Support;
using Atmo.Core;
using Atmo.Testing;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Atmo.Collector.Tests.Radio;

/// <summary>The watchdog against the emulated BlueZ, one look at a time on a fake clock.</summary>
public sealed class RecoveryLadderTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider _time = new(Start);
    private readonly CollectorStatus _status = new();
    private readonly FakeLogger<RecoveryLadder> _logger = new();
    private readonly BleOptions _options = new();
    private BlueZParts _parts = null!;
    private DeviceRegistry _devices = null!;
    private RecoveryLadder _ladder = null!;
    private DateTimeOffset? _lastAdvertisement;

    public async Task InitializeAsync()
    {
        _parts = await BlueZParts.StartAsync();
        MacAddress unit = _parts.BlueZ.Emulator.Units[0].Address;
        _devices = new DeviceRegistry(new Dictionary<MacAddress, DeviceOptions> { [unit] = new() { Mac = unit.ToString() } }, _status);
        _devices.Track(unit);
        _ladder = new RecoveryLadder(_parts.Client, "hci0", _parts.Scan, _parts.Radio, _devices, () => _lastAdvertisement, _options, _status, _time, _logger);
    }

    public async Task DisposeAsync() => await _parts.DisposeAsync();

    private int Logged(string text) => _logger.Collector.GetSnapshot().Count(r => r.Message.Contains(text, StringComparison.Ordinal));

    private async Task LookAfterAsync(TimeSpan wait)
    {
        _time.Advance(wait);
        await _ladder.WatchOnceAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Silence_climbs_one_step_per_silent_period_each_step_rate_limited_and_an_advertisement_resets_it()
    {
        await _parts.DiscoverAsync();
        await LookAfterAsync(TimeSpan.Zero);
        Assert.Equal(1, _parts.BlueZ.Emulator.DiscoveryStarts);

        await LookAfterAsync(_options.WatchdogSilence - TimeSpan.FromSeconds(1));
        Assert.Equal(0, _status.Counters.WatchdogActions); // not silent long enough

        await LookAfterAsync(TimeSpan.FromSeconds(1));
        Assert.Equal((1, 2), (Logged("restarting discovery"), _parts.BlueZ.Emulator.DiscoveryStarts));

        await LookAfterAsync(TimeSpan.FromSeconds(45));
        Assert.Equal(1, _status.Counters.WatchdogActions); // the last step gets a silent period to work

        await LookAfterAsync(TimeSpan.FromSeconds(45));
        Assert.Equal((1, 3), (Logged("removing 1 stale device objects"), _parts.BlueZ.Emulator.DiscoveryStarts));

        await LookAfterAsync(_options.WatchdogSilence);
        Assert.Equal((1, 4), (Logged("power-cycling adapter /org/bluez/hci0"), _parts.BlueZ.Emulator.DiscoveryStarts));
        Assert.True(_parts.Client.GetAdapters().Single().Powered);

        // Power cycles at most every 30 min, removals every 10 min: the next silent periods fall back to a discovery restart.
        await LookAfterAsync(_options.WatchdogSilence);
        await LookAfterAsync(_options.WatchdogSilence);
        Assert.Equal((3, 1, 1), (Logged("restarting discovery"), Logged("stale device objects"), Logged("power-cycling")));
        Assert.Equal(5, _status.Counters.WatchdogActions);

        _lastAdvertisement = _time.GetUtcNow();
        await LookAfterAsync(_options.WatchdogSilence); // silent again, but the ladder starts at its bottom
        Assert.Equal((4, 1, 1), (Logged("restarting discovery"), Logged("stale device objects"), Logged("power-cycling")));
    }

    [Fact]
    public async Task Discovered_devices_are_expected_for_an_hour_after_the_last_advertisement_configured_ones_always()
    {
        var discoveredOnly = new DeviceRegistry(new Dictionary<MacAddress, DeviceOptions>(), _status);
        var ladder = new RecoveryLadder(_parts.Client, "hci0", _parts.Scan, _parts.Radio, discoveredOnly, () => _lastAdvertisement, _options, _status, _time, _logger);
        _lastAdvertisement = Start;
        await ladder.WatchOnceAsync(CancellationToken.None);

        _time.Advance(TimeSpan.FromMinutes(61));
        await ladder.WatchOnceAsync(CancellationToken.None);
        Assert.Equal(0, _status.Counters.WatchdogActions);

        await _ladder.WatchOnceAsync(CancellationToken.None); // the configured unit is still expected
        _time.Advance(_options.WatchdogSilence);
        await _ladder.WatchOnceAsync(CancellationToken.None);
        Assert.Equal(1, Logged("restarting discovery"));
    }

    [Fact]
    public async Task An_adapter_switched_off_is_powered_on_and_the_status_says_why()
    {
        _parts.BlueZ.Emulator.SetAdapterPowered(false);
        await Eventually.UntilAsync(() => !_parts.Client.GetAdapters().Single().Powered, "the adapter off");

        await _ladder.WatchOnceAsync(CancellationToken.None);

        Assert.Contains("/org/bluez/hci0 is powered off: powering it on", _status.LastError?.Message, StringComparison.Ordinal);
        Assert.Equal(1, _status.Counters.WatchdogActions);
        await Eventually.UntilAsync(() => _parts.Client.GetAdapters().Single().Powered, "the adapter on again");
        await _ladder.WatchOnceAsync(CancellationToken.None);
        Assert.True(_status.Adapter is { Present: true, Powered: true });
        Assert.True(_parts.Scan.IsScanning); // and discovery started
    }

    [Fact]
    public async Task An_Atmotube_connected_by_someone_else_is_disconnected_unless_it_holds_our_radio()
    {
        var unit = _parts.BlueZ.Emulator.Units[0];
        await using var other = new AtmotubeCentral(_parts.Client); // a crashed run, or another program on this machine
        await using AtmotubeConnection connection = await other.ConnectAsync(unit.Address, CancellationToken.None);
        await Eventually.UntilAsync(() => _parts.Client.GetDevices().Any(d => d.Connected), "BlueZ shows it connected");

        using (await _parts.Radio.AcquireAsync(unit.Address, RadioPriority.Configured, CancellationToken.None))
        {
            await _ladder.DisconnectStaleConnectionsAsync(_parts.Central.AdapterPath);
            Assert.True(unit.Connected);
        }

        await _ladder.DisconnectStaleConnectionsAsync(_parts.Central.AdapterPath);
        Assert.False(unit.Connected);
        Assert.Equal(1, _status.Counters.WatchdogActions);
        Assert.Equal(1, Logged($"{unit.Address} is connected but not by this collector"));
    }
}
