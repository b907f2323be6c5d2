using Atmo.Core;
using Atmo.Core.Plausibility;
using Atmo.Storage.Tests.Support;

namespace Atmo.Storage.Tests.TimeBase;

/// <summary>The gate every path writes through, over the real store.</summary>
public sealed class PlausibleMinuteStoreTests : IDisposable
{
    private static readonly MacAddress A = MacAddress.Parse("AA:BB:CC:00:00:01");
    private readonly TempStore _store = new();
    private readonly PlausibleMinuteStore _gate;

    public PlausibleMinuteStoreTests() => _gate = new PlausibleMinuteStore(_store.Store, _store.Time);

    public void Dispose() => _store.Dispose();

    private MinuteRecord Minute(int minutesFromNow, MinuteSource source = MinuteSource.History) => new()
    {
        Device = A,
        Time = MinuteTime.Floor(_store.Time.GetUtcNow()).AddMinutes(minutesFromNow),
        Source = source,
        Pm25 = 4,
        T = 21,
    };

    [Theory]
    [InlineData(MinuteSource.History)]
    [InlineData(MinuteSource.Live)]
    [InlineData(MinuteSource.Cloud)]
    public void Nothing_later_than_the_current_minute_plus_one_is_stored_whatever_the_source(MinuteSource source)
    {
        _store.Time.Advance(TimeSpan.FromSeconds(59)); // the tolerance is whole minutes, not seconds after now
        WriteResult result = _gate.Write([Minute(0, source), Minute(1, source), Minute(2, source), Minute(60 * 24 * 365, source)]);

        Assert.Equal((2, 2), (result.Inserted, result.Refused));
        Assert.Equal(MinuteTime.Floor(_store.Time.GetUtcNow()).AddMinutes(1), _store.Store.NewestMinute());
        Assert.Equal(new AdmissionCounts(2, 0, 0), _gate.Counts[A]);
    }

    [Fact]
    public void Minutes_before_2016_are_refused_and_counted_as_early()
    {
        WriteResult result = _gate.Write([Minute(0) with { Time = new DateTime(2015, 12, 31, 23, 59, 0, DateTimeKind.Utc) }]);
        Assert.Equal((0, 1), (result.Inserted, result.Refused));
        Assert.Equal(new AdmissionCounts(0, 1, 0), _gate.Counts[A]);
    }

    [Fact]
    public void An_implausible_value_is_dropped_and_counted_and_the_minute_kept()
    {
        WriteResult result = _gate.Write([Minute(-1) with { H = 140, P = 5000 }, Minute(-2) with { Latitude = 45 }]);

        Assert.Equal((2, 0, 3), (result.Inserted, result.Refused, result.ValuesDropped));
        MinuteRecord stored = _store.Store.Query(new MinuteQuery(A, Minute(-1).Time, Minute(0).Time, SortOrder.Ascending)).Items.Single();
        Assert.Equal((4, 21, null, null), (stored.Pm25, stored.T, stored.H, stored.P));
        Assert.Equal(new AdmissionCounts(0, 0, 3), _gate.Counts[A]);
    }

    [Fact]
    public void A_plausible_batch_passes_untouched()
    {
        WriteResult result = _gate.Write([Minute(-3), Minute(-2)]);
        Assert.Equal((2, 0, 0), (result.Inserted, result.Refused, result.ValuesDropped));
        Assert.Empty(_gate.Counts);
    }
}
