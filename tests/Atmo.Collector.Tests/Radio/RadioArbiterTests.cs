using Atmo.Collector.Radio;
using Atmo.Core;

namespace Atmo.Collector.Tests.Radio;

public class RadioArbiterTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);
    private static MacAddress Device(int n) => new((ulong)(0xC0_0000_0000 + n));

    [Fact]
    public async Task A_free_radio_is_granted_at_once_and_only_to_one()
    {
        var radio = new RadioArbiter();
        using RadioLease first = await radio.AcquireAsync(Device(1), null, CancellationToken.None);
        Task<RadioLease> second = radio.AcquireAsync(Device(2), null, CancellationToken.None);

        Assert.Equal(Device(1), radio.Holder);
        Assert.False(second.IsCompleted);
        first.Dispose();
        using RadioLease granted = await second.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(Device(2), radio.Holder);
    }

    [Fact]
    public async Task Waiters_are_served_oldest_sync_first_then_in_arrival_order()
    {
        var radio = new RadioArbiter();
        RadioLease holder = await radio.AcquireAsync(Device(0), null, CancellationToken.None);
        var order = new List<MacAddress>();
        async Task Visit(MacAddress device, DateTimeOffset? lastSync)
        {
            using RadioLease lease = await radio.AcquireAsync(device, lastSync, CancellationToken.None);
            lock (order)
                order.Add(device);
        }

        Task[] visits =
        [
            Visit(Device(1), T0.AddMinutes(-10)),
            Visit(Device(2), null),
            Visit(Device(3), T0.AddMinutes(-60)),
            Visit(Device(4), T0.AddMinutes(-10)),
            Visit(Device(5), null),
        ];
        Assert.Equal(5, radio.Waiting);
        holder.Dispose();
        await Task.WhenAll(visits).WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal([Device(2), Device(5), Device(3), Device(1), Device(4)], order);
        Assert.Null(radio.Holder);
    }

    [Fact]
    public async Task A_cancelled_waiter_leaves_the_queue_without_blocking_the_next()
    {
        var radio = new RadioArbiter();
        RadioLease holder = await radio.AcquireAsync(Device(0), null, CancellationToken.None);
        using var cancel = new CancellationTokenSource();
        Task<RadioLease> cancelled = radio.AcquireAsync(Device(1), null, cancel.Token);
        Task<RadioLease> patient = radio.AcquireAsync(Device(2), T0, CancellationToken.None);

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
        RadioLease first = await radio.AcquireAsync(Device(1), null, CancellationToken.None);
        Task<RadioLease> second = radio.AcquireAsync(Device(2), null, CancellationToken.None);
        first.Dispose();
        using RadioLease lease = await second.WaitAsync(TimeSpan.FromSeconds(5));
        first.Dispose();

        Assert.Equal(Device(2), radio.Holder);
    }
}
