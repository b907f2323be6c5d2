using Atmo.Collector.Options;
using Atmo.Collector.Radio;
using Atmo.Core;
using Microsoft.Extensions.Time.Testing;

namespace Atmo.Collector.Tests.Radio;

public class RadioArbiterTests
{
    private static MacAddress Device(int n) => new((ulong)(0xC0_0000_0000 + n));

    [Fact]
    public async Task A_free_radio_is_granted_at_once_and_only_to_one()
    {
        var radio = new RadioArbiter();
        using RadioLease first = await radio.AcquireAsync(Device(1), RadioPriority.Working, CancellationToken.None);
        Task<RadioLease> second = radio.AcquireAsync(Device(2), RadioPriority.Working, CancellationToken.None);

        Assert.Equal(Device(1), radio.Holder);
        Assert.False(second.IsCompleted);
        first.Dispose();
        using RadioLease granted = await second.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(Device(2), radio.Holder);
    }

    [Fact]
    public async Task Configured_devices_go_first_then_working_then_new_then_failing_ones_each_in_arrival_order()
    {
        var radio = new RadioArbiter();
        RadioLease holder = await radio.AcquireAsync(Device(0), RadioPriority.Working, CancellationToken.None);
        var order = new List<MacAddress>();
        async Task Visit(MacAddress device, RadioPriority priority)
        {
            using RadioLease lease = await radio.AcquireAsync(device, priority, CancellationToken.None);
            lock (order)
                order.Add(device);
        }

        Task[] visits =
        [
            Visit(Device(1), RadioPriority.Failing),
            Visit(Device(2), RadioPriority.Working),
            Visit(Device(3), RadioPriority.Configured),
            Visit(Device(4), RadioPriority.Failing),
            Visit(Device(5), RadioPriority.New),
            Visit(Device(6), RadioPriority.Working),
            Visit(Device(7), RadioPriority.Configured),
        ];
        Assert.Equal(7, radio.Waiting);
        holder.Dispose();
        await Task.WhenAll(visits).WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal([Device(3), Device(7), Device(2), Device(6), Device(5), Device(1), Device(4)], order);
        Assert.Null(radio.Holder);
    }

    [Fact]
    public async Task Within_a_class_the_device_whose_last_turn_lies_furthest_back_goes_first()
    {
        var radio = new RadioArbiter();
        // Turns: 1, 2, 3 in that order; then 3 and 1 ask again while 2 holds, then a newcomer 4.
        foreach (int n in (int[])[1, 2, 3])
            (await radio.AcquireAsync(Device(n), RadioPriority.Working, CancellationToken.None)).Dispose();
        RadioLease holder = await radio.AcquireAsync(Device(2), RadioPriority.Working, CancellationToken.None);
        Task<RadioLease> three = radio.AcquireAsync(Device(3), RadioPriority.Working, CancellationToken.None);
        Task<RadioLease> one = radio.AcquireAsync(Device(1), RadioPriority.Working, CancellationToken.None);
        Task<RadioLease> four = radio.AcquireAsync(Device(4), RadioPriority.Working, CancellationToken.None);

        holder.Dispose();
        Assert.Same(one, await Task.WhenAny(one, three, four).WaitAsync(TimeSpan.FromSeconds(5)));   // its turn lies furthest back
        (await one).Dispose();
        Assert.Same(three, await Task.WhenAny(three, four).WaitAsync(TimeSpan.FromSeconds(5)));      // a newcomer counts from its first request
        (await three).Dispose();
        (await four.WaitAsync(TimeSpan.FromSeconds(5))).Dispose();
    }

    [Fact]
    public async Task A_cancelled_waiter_leaves_the_queue_without_blocking_the_next()
    {
        var radio = new RadioArbiter();
        RadioLease holder = await radio.AcquireAsync(Device(0), RadioPriority.Working, CancellationToken.None);
        using var cancel = new CancellationTokenSource();
        Task<RadioLease> cancelled = radio.AcquireAsync(Device(1), RadioPriority.Configured, cancel.Token);
        Task<RadioLease> patient = radio.AcquireAsync(Device(2), RadioPriority.Working, CancellationToken.None);

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        holder.Dispose();

        using RadioLease lease = await patient.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(Device(2), radio.Holder);
        Assert.Equal(0, radio.Waiting);
    }

    [Fact]
    public async Task Releasing_twice_does_not_release_the_next_holder()
    {
        var radio = new RadioArbiter();
        RadioLease first = await radio.AcquireAsync(Device(1), RadioPriority.Working, CancellationToken.None);
        Task<RadioLease> second = radio.AcquireAsync(Device(2), RadioPriority.Working, CancellationToken.None);
        first.Dispose();
        using RadioLease lease = await second.WaitAsync(TimeSpan.FromSeconds(5));
        first.Dispose();

        Assert.Equal(Device(2), radio.Holder);
    }

    /// <summary>
    /// The fairness bound (docs/collector.md, "Fairness"), on a fake clock: N devices that always fail and ask for the
    /// radio again the moment they release it (no back-off: the worst case) never delay a working auto-discovered
    /// device's hourly download by more than one Ble:FailingDeviceHold, whatever N.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(10)]
    [InlineData(300)]
    public async Task Failing_devices_delay_a_working_one_by_at_most_one_failing_hold_whatever_their_number(int failing)
    {
        var options = new BleOptions();
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));
        var radio = new RadioArbiter();
        var interval = TimeSpan.FromMinutes(60);
        var download = TimeSpan.FromMinutes(1);
        MacAddress working = Device(0);
        var failures = new Dictionary<MacAddress, int>();
        var pending = new Dictionary<MacAddress, Task<RadioLease>>();

        void Ask(MacAddress device)
        {
            bool isWorking = device == working;
            RadioPriority priority = RadioPolicy.Priority(configured: false, proven: isWorking, isWorking ? 0 : failures.GetValueOrDefault(device));
            pending[device] = radio.AcquireAsync(device, priority, CancellationToken.None);
        }

        // The working unit downloads first (it was adopted first), then every hour; the others never deliver.
        DateTimeOffset workingDue = clock.GetUtcNow();
        Ask(working);
        for (int i = 1; i <= failing; i++)
            Ask(Device(i));
        var waits = new List<TimeSpan>();
        (MacAddress Device, RadioLease Lease, DateTimeOffset Until)? holding = null;
        DateTimeOffset end = clock.GetUtcNow() + TimeSpan.FromHours(6);
        while (clock.GetUtcNow() < end)
        {
            if (holding is null)
            {
                // Whoever the radio was handed to holds it: failing devices for their (short) first hold, the working one for its download.
                Task<RadioLease> first = await Task.WhenAny(pending.Values).WaitAsync(TimeSpan.FromSeconds(5));
                KeyValuePair<MacAddress, Task<RadioLease>> granted = pending.Single(p => p.Value == first);
                pending.Remove(granted.Key);
                bool isWorking = granted.Key == working;
                if (isWorking)
                    waits.Add(clock.GetUtcNow() - workingDue);
                TimeSpan hold = isWorking ? download : RadioPolicy.FirstHold(proven: false, options);
                holding = (granted.Key, await granted.Value, clock.GetUtcNow() + hold);
            }

            DateTimeOffset next = pending.ContainsKey(working) || workingDue <= clock.GetUtcNow() ? holding.Value.Until : Min(holding.Value.Until, workingDue);
            clock.Advance(next - clock.GetUtcNow());
            if (workingDue <= clock.GetUtcNow() && !pending.ContainsKey(working) && holding.Value.Device != working)
                Ask(working);
            if (clock.GetUtcNow() >= holding.Value.Until)
            {
                (MacAddress device, RadioLease lease, _) = holding.Value;
                holding = null;
                if (device == working)
                {
                    workingDue = clock.GetUtcNow() + interval;
                }
                else
                {
                    failures[device] = failures.GetValueOrDefault(device) + 1;
                    Ask(device);   // at once, before the radio is handed on: always in the queue
                }

                lease.Dispose();
            }
        }

        Assert.True(waits.Count >= 5, $"{waits.Count} hourly downloads in 6 hours");
        Assert.All(waits, wait => Assert.InRange(wait, TimeSpan.Zero, options.FailingDeviceHold));
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
