using Atmo.Core;
using Atmo.Storage.Tests.Support;
using Atmo.Storage.Tests.Writing;
using static Atmo.Storage.Tests.Support.Minutes;

namespace Atmo.Storage.Tests;

public sealed class BatchValidatorTests : IDisposable
{
    private readonly TempStore _temp = new();

    public void Dispose() => _temp.Dispose();

    public static TheoryData<string, MinuteRecord> BadRecords => new()
    {
        { "UTC minute start", At(0, MinuteSource.Live) with { Time = Start.AddSeconds(30) } },
        { "UTC minute start", At(0, MinuteSource.Live) with { Time = DateTime.SpecifyKind(Start, DateTimeKind.Local) } },
        { "UTC minute start", At(0, MinuteSource.Live) with { Time = DateTime.SpecifyKind(Start, DateTimeKind.Unspecified) } },
        { "before 1970", At(0, MinuteSource.Live) with { Time = new DateTime(1969, 12, 31, 23, 59, 0, DateTimeKind.Utc) } },
        { "Voc is NaN", At(0, MinuteSource.History) with { Voc = double.NaN } },
        { "P is Infinity", At(0, MinuteSource.History) with { P = double.PositiveInfinity } },
        { "Latitude is -Infinity", At(0, MinuteSource.Cloud) with { Latitude = double.NegativeInfinity } },
        { "out of the storable range", At(0, MinuteSource.Cloud) with { Pm25 = 1e12 } },
        { "source 7 is unknown", At(0, (MinuteSource)7) },
    };

    [Theory]
    [MemberData(nameof(BadRecords))]
    public void BadRecord_RejectsTheWholeBatch_NamesIt_AndLeavesTheFileUnchanged(string expectedText, MinuteRecord bad)
    {
        _temp.Store.Write(History(0, 5));
        Dictionary<string, byte[]> before = _temp.Snapshot();

        ArgumentException error = Assert.Throws<ArgumentException>(() => _temp.Store.Write([.. History(10, 5), bad, At(20, MinuteSource.Live)]));

        Assert.Contains("Record 5 of the batch", error.Message, StringComparison.Ordinal);
        Assert.Contains(expectedText, error.Message, StringComparison.Ordinal);
        MinutePrecedenceTests.AssertSameFiles(before, _temp.Snapshot());
        Assert.Equal(5, _temp.Store.GetStats(DeviceA).History);
        Assert.Equal(5, _temp.Reopen().StoredMinutes(DeviceA, Start, Start.AddDays(1)).Count);
    }

    [Fact]
    public void NullRecord_IsRejected()
    {
        ArgumentException error = Assert.Throws<ArgumentException>(() => _temp.Store.Write([At(0, MinuteSource.Live), null!]));

        Assert.Contains("Record 1 of the batch", error.Message, StringComparison.Ordinal);
        Assert.Empty(_temp.Store.Devices());
    }

    [Fact]
    public void EmptyBatch_WritesNothing()
    {
        Assert.Same(WriteResult.Empty, _temp.Store.Write([]));
        Assert.Null(_temp.Store.NewestMinute());
    }
}
