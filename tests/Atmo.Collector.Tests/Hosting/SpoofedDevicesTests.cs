using Atmo.Collector.Status;
using Atmo.Collector.Tests.Support;
using Atmo.Core;
using Atmo.Simulator.Devices;
using Atmo.Storage;
using Atmo.Testing;
using Microsoft.Extensions.Logging.Testing;
using Xunit.Abstractions;

namespace Atmo.Collector.Tests.Hosting;

/// <summary>
/// Issue 12's adversarial case on the emulator: 300 spoofing advertisers (valid-looking payloads; connections that
/// are refused, that hang, or that connect and never answer) beside 3 real units, on an accelerated clock (30×: a
/// device minute is 2 s, enough for a shared machine's scheduling to stay inside the slack below).
/// </summary>
public class SpoofedDevicesTests(ITestOutputHelper output)
{
    private const int RealUnits = 3;
    private const int Spoofers = 300;
    private const int Cap = 10;                                      // Ble:MaxAutoDiscovered, its default
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan FailingHold = TimeSpan.FromMinutes(3);
    // The HST request window (up to 15 s), the download itself and the scheduling of a shared machine (2 s = 1 min).
    private static readonly TimeSpan Slack = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task Real_units_lose_no_minute_and_are_downloaded_within_their_interval_plus_one_failing_hold_and_at_most_the_cap_of_spoofers_is_kept()
    {
        await using CollectorWorld world = await CollectorWorld.StartAsync(output, devices: RealUnits + Spoofers, initialRecords: 30, speed: 30);
        EmulatedAtmotube[] real = [.. world.Units.Take(RealUnits)];
        foreach (EmulatedAtmotube spoofer in world.Units.Skip(RealUnits))
        {
            spoofer.AdvertiseEvery = 25;                             // twice a second: once a device minute at 30×
            switch (spoofer.Index % 3)
            {
                case 0: spoofer.RefusesConnections = true; break;
                case 1: spoofer.ConnectLatency = TimeSpan.FromHours(1); break;   // the connect hangs
                default: spoofer.IgnoreHistoryRequests = true; break;            // connects, never answers HST
            }
        }

        Dictionary<string, string?> settings = world.DefaultSettings();
        settings["Ble:AutoDiscover"] = "true";
        settings["History:IntervalMinutes"] = ((int)Interval.TotalMinutes).ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings["Ble:FailingDeviceHold"] = FailingHold.ToString("c", System.Globalization.CultureInfo.InvariantCulture);
        // The default: a threshold no longer than a failing hold (the world's 3 min) would make a unit unheard during
        // one hold "absent", and an absent unit waits to be heard again instead of queueing when due.
        settings["Ble:AbsenceThreshold"] = "00:10:00";
        for (int i = 0; i < RealUnits; i++)
            settings[$"Devices:{i}:Mac"] = real[i].Address.ToString();
        DateTimeOffset start = world.Clock.GetUtcNow();
        await world.StartCollectorAsync(settings);

        await world.DeviceMinutesAsync(40);
        // Discovery pauses while a device holds the radio, so spoofers are heard (and adopted) slower than they send.
        await CollectorWorld.UntilAsync(() => world.Status.Devices.Count == RealUnits + Cap, "the cap of spoofers adopted", 30);
        IReadOnlyList<DeviceState> tracked = world.Status.Devices;
        IReadOnlyList<FakeLogRecord> logs = world.Logs.GetSnapshot();
        await world.StopCollectorAsync();

        // Memory and store: the real units and at most the cap of spoofers.
        Assert.Equal(RealUnits + Cap, tracked.Count);
        Assert.All(real, u => Assert.Contains(tracked, d => d.Address == u.Address));
        Assert.Single(logs, r => r.Message.StartsWith($"Auto-discovery collects {Cap} devices already", StringComparison.Ordinal));
        using (LiteDbMinuteStore store = world.OpenStore())
        {
            IReadOnlyList<MacAddress> stored = store.Devices();
            output.WriteLine($"Stored devices: {stored.Count}; tracked: {tracked.Count}");
            Assert.InRange(stored.Count(d => real.All(u => u.Address != d)), 0, Cap);
        }

        // Fairness: each real unit is downloaded within its interval plus one failing hold (docs/collector.md, "Fairness").
        foreach (EmulatedAtmotube unit in real)
        {
            DateTimeOffset[] syncs = [.. logs
                .Where(r => r.Message.StartsWith($"History of {unit.Address}: ", StringComparison.Ordinal) && r.Message.Contains("minutes stored", StringComparison.Ordinal))
                .Select(r => r.Timestamp)];
            output.WriteLine($"{unit.Address}: downloads at +{string.Join(", +", syncs.Select(t => (t - start).TotalMinutes.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture)))} min");
            Assert.True(syncs.Length >= 3, $"{unit.Address}: {syncs.Length} downloads in 40 device minutes");
            Assert.InRange(syncs[0] - start, TimeSpan.Zero, FailingHold + Slack);
            foreach ((DateTimeOffset before, DateTimeOffset after) in syncs.Zip(syncs.Skip(1)))
                Assert.InRange(after - before, TimeSpan.Zero, Interval + FailingHold + Slack);
        }

        // No minute lost: every minute the real units marked synced is stored, once, as history.
        using (LiteDbMinuteStore store = world.OpenStore())
        {
            var truth = GroundTruth.Compare(store, real, world.Clock.GetUtcNow(), output.WriteLine);
            Assert.True(truth.Expected >= RealUnits * 60, $"expected ≥ {RealUnits * 60} synced minutes, got {truth.Expected}");
            Assert.Equal(0, truth.Missing);
            Assert.Equal(0, truth.Duplicated);
            Assert.Equal(truth.Expected, truth.Stored);
        }
    }
}
