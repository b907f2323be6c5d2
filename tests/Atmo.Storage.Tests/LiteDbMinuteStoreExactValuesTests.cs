using Atmo.Core;
using Atmo.Storage.Tests.Support;
using static Atmo.Storage.Tests.Support.Minutes;

namespace Atmo.Storage.Tests;

/// <summary>Minutes from the cloud keep the cloud's numbers exactly; minutes measured by the device keep the contract's precision.</summary>
public sealed class LiteDbMinuteStoreExactValuesTests : IDisposable
{
    private readonly TempStore _temp = new();

    public void Dispose() => _temp.Dispose();

    private static MinuteRecord CloudMinute(int minute) => At(minute, MinuteSource.Cloud) with
    {
        Voc = 0.1234, P = 956.905, Latitude = 36.17102679826757, Longitude = -115.09123299153981,
    };

    private MinuteRecord Stored(int minute) =>
        _temp.Store.Query(new MinuteQuery(DeviceA, Start.AddMinutes(minute), Start.AddMinutes(minute + 1))).Items.Single();

    [Fact]
    public void A_cloud_minute_comes_back_with_exactly_its_values_also_after_reopening()
    {
        _temp.Store.Write([CloudMinute(0)]);
        _temp.Reopen();

        Assert.Equal(CloudMinute(0), Stored(0));
    }

    [Theory]
    [InlineData(MinuteSource.History)]
    [InlineData(MinuteSource.Live)]
    public void A_device_minute_is_kept_in_the_contracts_precision(MinuteSource source)
    {
        _temp.Store.Write([CloudMinute(0) with { Source = source }]);

        MinuteRecord stored = Stored(0);
        Assert.Equal((0.123, 956.91, 36.1710268, -115.091233), (stored.Voc, stored.P, stored.Latitude, stored.Longitude));
    }

    [Fact]
    public void The_same_cloud_minute_again_changes_nothing_and_a_live_minute_is_replaced_by_the_exact_cloud_one()
    {
        _temp.Store.Write([CloudMinute(0), At(1, MinuteSource.Live)]);
        Dictionary<string, byte[]> before = _temp.Snapshot();

        WriteResult again = _temp.Store.Write([CloudMinute(0)]);
        Assert.Equal(1, again.Unchanged);
        Assert.Equal(before, _temp.Snapshot());

        Assert.Equal(1, _temp.Store.Write([CloudMinute(1)]).Replaced);
        Assert.Equal(CloudMinute(1), Stored(1));
    }

    [Fact]
    public void Cloud_values_that_differ_only_below_the_precision_are_the_same_minute_and_the_first_numbers_stay()
    {
        _temp.Store.Write([CloudMinute(0)]);

        WriteResult result = _temp.Store.Write([CloudMinute(0) with { Latitude = 36.171026798 }]);

        Assert.Equal((1, 0), (result.Unchanged, result.Disagreements.Count));
        Assert.Equal(36.17102679826757, Stored(0).Latitude);
    }

    [Fact]
    public void A_history_minute_keeps_its_place_and_precision_when_the_cloud_sends_the_same_minute()
    {
        _temp.Store.Write([CloudMinute(0) with { Source = MinuteSource.History }]);

        _temp.Store.Write([CloudMinute(0)]);

        Assert.Equal((MinuteSource.History, 36.1710268), (Stored(0).Source, Stored(0).Latitude));
    }
}
