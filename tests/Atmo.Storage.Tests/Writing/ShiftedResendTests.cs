using Atmo.Core;
using Atmo.Storage.Tests.Support;
using static Atmo.Storage.Tests.Support.Minutes;

namespace Atmo.Storage.Tests.Writing;

public sealed class ShiftedResendTests : IDisposable
{
    private readonly TempStore _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData(-2)]
    [InlineData(-1)]
    [InlineData(1)]
    [InlineData(2)]
    public void HistoryResentWithAShiftedTimeBase_IsSkipped(int shift)
    {
        _temp.Store.Write(History(100, 255));

        WriteResult result = _temp.Store.Write(History(100 + shift, 255));

        Assert.Equal(255, result.ShiftedDuplicates);
        Assert.Equal(0, result.Inserted);
        Assert.Empty(result.Disagreements);
        Assert.Equal(255, _temp.Store.GetStats(DeviceA).History);
        Assert.Equal(0, _temp.Store.GetStats(DeviceA).Disagreements);
        Assert.Equal(History(100, 255), _temp.Store.Query(new MinuteQuery(DeviceA, Start, Start.AddDays(1), SortOrder.Ascending)).Items);
    }

    [Fact]
    public void ShiftedResend_AcrossAnHourBoundary_IsSkipped()
    {
        _temp.Store.Write(History(50, 20));

        WriteResult result = _temp.Store.Write(History(52, 20));

        Assert.Equal(20, result.ShiftedDuplicates);
        Assert.Equal(20, _temp.Store.StoredMinutes(DeviceA, Start, Start.AddDays(1)).Count);
    }

    [Fact]
    public void NewMinutesWithConstantValues_AfterConstantHistory_AreNotEaten()
    {
        // A quiet room: every minute has the same values, so any shift "matches" stored history.
        _temp.Store.Write([.. Enumerable.Range(0, 60).Select(i => At(i, MinuteSource.History))]);

        WriteResult result = _temp.Store.Write([.. Enumerable.Range(30, 32).Select(i => At(i, MinuteSource.History))]);

        Assert.Equal(0, result.ShiftedDuplicates);
        Assert.Equal(2, result.Inserted);
        Assert.Equal(30, result.Unchanged);
        Assert.Equal(62, _temp.Store.GetStats(DeviceA).History);
    }

    [Fact]
    public void TwoNewConstantMinutes_RightAfterStoredConstantHistory_AreNotEaten()
    {
        _temp.Store.Write([.. Enumerable.Range(0, 10).Select(i => At(i, MinuteSource.History))]);

        WriteResult result = _temp.Store.Write([At(10, MinuteSource.History), At(11, MinuteSource.History)]);

        Assert.Equal((0, 2), (result.ShiftedDuplicates, result.Inserted));
    }

    [Fact]
    public void NewVaryingHistory_ThatDoesNotMatchAShift_IsStored()
    {
        _temp.Store.Write(History(0, 100));

        WriteResult result = _temp.Store.Write(History(100, 100, seed: 100));

        Assert.Equal((0, 100), (result.ShiftedDuplicates, result.Inserted));
    }

    [Fact]
    public void OverlappingResend_WithOneConflictingValue_IsNotTakenForAShift()
    {
        _temp.Store.Write(History(0, 20));
        List<MinuteRecord> resend = History(1, 20);
        resend[5] = resend[5] with { Voc = 9.999 };

        WriteResult result = _temp.Store.Write(resend);

        Assert.Equal(0, result.ShiftedDuplicates);
        Assert.Equal(1, result.Inserted);
        Assert.Equal(19, result.Disagreements.Count);
    }

    [Fact]
    public void SingleHistoryRecord_IsNeverTakenForAShiftedResend()
    {
        _temp.Store.Write(History(0, 10));

        WriteResult result = _temp.Store.Write([History(1, 1)[0]]);

        Assert.Equal(0, result.ShiftedDuplicates);
        Assert.Single(result.Disagreements);
    }

    [Fact]
    public void LiveRecordsInAShiftedHistoryBatch_AreStillApplied()
    {
        _temp.Store.Write(History(0, 10));

        WriteResult result = _temp.Store.Write([.. History(1, 10), At(30, MinuteSource.Live)]);

        Assert.Equal((10, 1), (result.ShiftedDuplicates, result.Inserted));
    }
}
