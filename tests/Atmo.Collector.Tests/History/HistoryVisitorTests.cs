using Atmo.Ble.Protocol;
using Atmo.Collector.Devices;
using Atmo.Collector.History;
using Atmo.Collector.Live;
using Atmo.Collector.Options;
using Atmo.Collector.Radio;
using Atmo.Collector.Status;
using Atmo.Collector.Tests.Support;
using Atmo.Core;
using Atmo.Core.TimeBase;
using Atmo.Simulator.Devices;
using Atmo.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Atmo.Collector.Tests.History;

/// <summary>One visit against the emulated BlueZ and a real LiteDB file, on the system clock.</summary>
public sealed class HistoryVisitorTests : IAsyncLifetime
{
    private readonly CollectorStatus _status = new();
    private readonly TemporaryStore _store = new(TimeProvider.System);
    private readonly CollectorOptions _options = new()
    {
        // Any second of the minute: these visits need not keep record times inside their minutes.
        History = { RequestWindowStartSecond = 0, RequestWindowEndSecond = 60, Session = { FirstReplyTimeout = TimeSpan.FromSeconds(2) } },
    };

    private BlueZParts _parts = null!;
    private DeviceRegistry _devices = null!;
    private HistoryVisitor _visitor = null!;

    public async Task InitializeAsync()
    {
        _parts = await BlueZParts.StartAsync(EmulatedBlueZ.FastOptions(initialRecords: 30));
        _devices = new DeviceRegistry(new Dictionary<MacAddress, DeviceOptions>(), _status);
        var clock = new ClockGuard(StoreParts.Require<IClockEvidence>(_store.Store), _status, ClockRule.BuildDate);
        var live = new LiveMinuteWriter(_options.Ble, _store.Store, clock, _status, _devices.Decorate, TimeProvider.System, NullLogger<LiveMinuteWriter>.Instance);
        _visitor = new HistoryVisitor(_options, _parts.Central, _parts.Scan, _parts.Radio, _devices, live,
            new HistoryTimeBase(_store.Store, StoreParts.Require<IHistoryQuarantine>(_store.Store), live, _status, TimeProvider.System, NullLogger.Instance),
            _status, TimeProvider.System, NullLoggerFactory.Instance, NullLogger.Instance);
        await _parts.DiscoverAsync();
    }

    public async Task DisposeAsync()
    {
        await _parts.DisposeAsync();
        _store.Dispose();
    }

    [Fact]
    public async Task A_visit_stores_and_acknowledges_the_history_reads_live_values_and_gives_the_radio_back()
    {
        EmulatedAtmotube unit = _parts.BlueZ.Emulator.Units[0];
        TrackedDevice device = _devices.Track(unit.Address);

        await _visitor.VisitAsync(device, CancellationToken.None);

        Assert.All(unit.Memory.Records, r => Assert.True(r.Synced));
        Assert.True(_store.Store.GetStats(unit.Address).History >= 30);
        Assert.NotNull(device.LastSync);
        DeviceState state = Assert.IsType<DeviceState>(_status.Device(unit.Address));
        Assert.Equal(("Completed", 0), (state.LastSyncOutcome, state.ConsecutiveFailures));
        Assert.Equal(device.LastSync, state.LastHistorySync);
        Assert.Equal((1L, 0L, 1L), (_status.Counters.HistorySessions, _status.Counters.HistoryFailures, _status.Counters.GattReads));
        Assert.Null(_parts.Radio.Holder);
        Assert.False(unit.Connected);
        Assert.False(_parts.Scan.Paused);
        Assert.True(_parts.BlueZ.Emulator.Discovering);
    }

    [Fact]
    public async Task A_visit_without_a_reply_fails_acknowledges_nothing_and_gives_the_radio_back()
    {
        EmulatedAtmotube unit = _parts.BlueZ.Emulator.Units[0];
        unit.IgnoreHistoryRequests = true;
        TrackedDevice device = _devices.Track(unit.Address);

        HistorySyncException e = await Assert.ThrowsAsync<HistorySyncException>(() => _visitor.VisitAsync(device, CancellationToken.None));

        Assert.Equal(HistoryOutcome.NoReply, e.Outcome);
        Assert.All(unit.Memory.Records, r => Assert.False(r.Synced));
        Assert.Null(device.LastSync);
        Assert.Equal("NoReply", _status.Device(unit.Address)?.LastSyncOutcome);
        Assert.Equal((1L, 1L), (_status.Counters.HistorySessions, _status.Counters.HistoryFailures));
        Assert.Null(_parts.Radio.Holder);
        await Eventually.UntilAsync(() => !unit.Connected, "the unit disconnected");
        Assert.True(_parts.BlueZ.Emulator.Discovering);
    }
}
