using Atmo.Core;
using Atmo.Storage.Tests.Support;

namespace Atmo.Storage.Tests;

/// <summary>One file for any number of devices (issue 11): no per-device collection, so no cap from LiteDB's header.</summary>
public sealed class ManyDevicesTests : IDisposable
{
    private readonly TempStore _temp = new();

    public void Dispose() => _temp.Dispose();

    private static MacAddress Device(int i) => new(0xC0FFEE000000UL + (ulong)i);

    [Fact]
    public void Ten_thousand_devices_live_in_one_file_and_each_reads_back()
    {
        const int devices = 10_000;
        // Their live minutes in one batch, as the collector writes them; then an hour of history for some.
        WriteResult live = _temp.Store.Write([.. Enumerable.Range(0, devices).Select(i => Minutes.At(0, MinuteSource.Live, voc: i / 1000.0, device: Device(i)))]);
        Assert.Equal(devices, live.Inserted);
        foreach (int i in new[] { 0, 4_999, 9_999 })
            _temp.Store.Write(Minutes.History(1, 60, Device(i)));

        LiteDbMinuteStore store = _temp.Reopen();

        Assert.Equal(devices, store.Devices().Count);
        foreach (int i in new[] { 0, 1, 397, 398, 4_999, 9_998, 9_999 })
        {
            IReadOnlyList<MinuteRecord> minutes = store.Query(new MinuteQuery(Device(i), DateTime.MinValue, DateTime.MaxValue, SortOrder.Ascending)).Items;
            Assert.Equal(i / 1000.0, minutes[0].Voc);
            Assert.Equal(i is 0 or 4_999 or 9_999 ? 61 : 1, minutes.Count);
        }
    }

    [Fact]
    public void Devices_added_one_by_one_beyond_the_old_cap_are_each_stored()
    {
        for (int i = 0; i < 450; i++)
            Assert.Equal(1, _temp.Store.Write([Minutes.At(i, MinuteSource.Live, device: Device(i))]).Inserted);

        // A batch holding a known device and a new one: nothing about the other device can fail it.
        WriteResult mixed = _temp.Store.Write([Minutes.At(500, MinuteSource.Live, device: Device(0)), Minutes.At(500, MinuteSource.Live, device: Device(450))]);

        Assert.Equal(2, mixed.Inserted);
        Assert.Equal(451, _temp.Reopen().Devices().Count);
    }
}
