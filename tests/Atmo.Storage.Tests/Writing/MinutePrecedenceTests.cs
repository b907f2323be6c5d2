using Atmo.Core;
using Atmo.Storage.Tests.Support;
using static Atmo.Storage.Tests.Support.Minutes;

namespace Atmo.Storage.Tests.Writing;

/// <summary>The precedence table of design.md, through the real store.</summary>
public sealed class MinutePrecedenceTests : IDisposable
{
    private readonly TempStore _temp = new();

    public void Dispose() => _temp.Dispose();

    public static TheoryData<MinuteSource, MinuteSource, bool, string> Table => new()
    {
        // stored, incoming, same values, expected outcome: stored source after + result kind
        { MinuteSource.Live, MinuteSource.Live, true, "unchanged:live" },
        { MinuteSource.Live, MinuteSource.Live, false, "replaced:live" },
        { MinuteSource.Live, MinuteSource.History, true, "replaced:history" },
        { MinuteSource.Live, MinuteSource.History, false, "replaced:history" },
        { MinuteSource.Live, MinuteSource.Cloud, true, "replaced:cloud" },
        { MinuteSource.Live, MinuteSource.Cloud, false, "replaced:cloud" },
        { MinuteSource.History, MinuteSource.Live, true, "unchanged:history" },
        { MinuteSource.History, MinuteSource.Live, false, "unchanged:history" },
        { MinuteSource.History, MinuteSource.History, true, "unchanged:history" },
        { MinuteSource.History, MinuteSource.History, false, "disagreement:history" },
        { MinuteSource.History, MinuteSource.Cloud, true, "unchanged:history" },
        { MinuteSource.History, MinuteSource.Cloud, false, "disagreement:history" },
        { MinuteSource.Cloud, MinuteSource.Live, true, "unchanged:cloud" },
        { MinuteSource.Cloud, MinuteSource.Live, false, "unchanged:cloud" },
        { MinuteSource.Cloud, MinuteSource.History, true, "unchanged:cloud" },
        { MinuteSource.Cloud, MinuteSource.History, false, "disagreement:cloud" },
        { MinuteSource.Cloud, MinuteSource.Cloud, true, "unchanged:cloud" },
        { MinuteSource.Cloud, MinuteSource.Cloud, false, "disagreement:cloud" },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public void Precedence_FollowsTheTable(MinuteSource stored, MinuteSource incoming, bool sameValues, string expected)
    {
        MinuteRecord first = At(0, stored, voc: 1.5);
        MinuteRecord second = At(0, incoming, voc: sameValues ? 1.5 : 2.25);
        _temp.Store.Write([first]);

        WriteResult result = _temp.Store.Write([second]);

        string[] parts = expected.Split(':');
        MinuteRecord kept = Assert.Single(_temp.Store.Query(new MinuteQuery(DeviceA, Start, Start.AddHours(1))).Items);
        Assert.Equal(parts[1], kept.Source.ToWireName());
        Assert.Equal(parts[0] == "replaced" ? second.Voc : first.Voc, kept.Voc);
        Assert.Equal(parts[0] == "replaced" ? 1 : 0, result.Replaced);
        Assert.Equal(parts[0] == "replaced" ? 0 : 1, result.Unchanged);
        Assert.Equal(0, result.Inserted);
        DeviceStats stats = _temp.Store.GetStats(DeviceA);
        Assert.Equal(1, stats.Live + stats.History + stats.Cloud);
        Assert.Equal(parts[1] == "live" ? 1 : 0, stats.Live);
        Assert.Equal(parts[1] == "history" ? 1 : 0, stats.History);
        Assert.Equal(parts[1] == "cloud" ? 1 : 0, stats.Cloud);
        if (parts[0] == "disagreement")
        {
            Disagreement disagreement = Assert.Single(result.Disagreements);
            Assert.Equal(first, disagreement.Stored);
            Assert.Equal(second, disagreement.Incoming);
            Assert.Equal(1, stats.Disagreements);
        }
        else
        {
            Assert.Empty(result.Disagreements);
            Assert.Equal(0, stats.Disagreements);
        }
    }

    [Fact]
    public void Disagreements_ArePersisted_AndCountedOncePerMinute()
    {
        _temp.Store.Write([At(0, MinuteSource.History, 1), At(1, MinuteSource.History, 1)]);
        _temp.Store.Write([At(0, MinuteSource.Cloud, 2), At(1, MinuteSource.Cloud, 2)]);

        LiteDbMinuteStore reopened = _temp.Reopen();
        Assert.Equal(2, reopened.GetStats(DeviceA).Disagreements);

        // The same conflicting cloud page fetched again: reported again, counted once, file untouched.
        Dictionary<string, byte[]> before = _temp.Snapshot();
        WriteResult again = reopened.Write([At(0, MinuteSource.Cloud, 2), At(1, MinuteSource.Cloud, 2)]);
        Assert.Equal(2, again.Disagreements.Count);
        Assert.Equal(2, reopened.GetStats(DeviceA).Disagreements);
        AssertSameFiles(before, _temp.Snapshot());
    }

    [Fact]
    public void IdenticalRewrite_OfAWholeBatch_DoesNotTouchTheFile()
    {
        List<MinuteRecord> batch = [.. History(0, 30), At(40, MinuteSource.Live), At(41, MinuteSource.Cloud)];
        WriteResult first = _temp.Store.Write(batch);
        Assert.Equal(32, first.Inserted);
        _temp.Reopen();
        Dictionary<string, byte[]> before = _temp.Snapshot();

        WriteResult second = _temp.Store.Write(batch);

        Assert.Equal((0, 0, 32, 0), (second.Inserted, second.Replaced, second.Unchanged, second.ShiftedDuplicates));
        Assert.Empty(second.Disagreements);
        AssertSameFiles(before, _temp.Snapshot());
    }

    [Fact]
    public void ValuesAreRoundedToTheContractPrecision_BeforeComparing()
    {
        _temp.Store.Write([At(0, MinuteSource.History, voc: 1.2344)]);

        WriteResult result = _temp.Store.Write([At(0, MinuteSource.Cloud, voc: 1.23449)]);

        Assert.Empty(result.Disagreements);
        Assert.Equal(1.234, _temp.Store.Query(new MinuteQuery(DeviceA, Start, Start.AddMinutes(1))).Items[0].Voc);
    }

    [Fact]
    public void SameMinuteTwiceInOneBatch_IsAppliedInBatchOrder()
    {
        WriteResult result = _temp.Store.Write([At(0, MinuteSource.Live, 1), At(0, MinuteSource.History, 2), At(0, MinuteSource.Live, 3)]);

        Assert.Equal((1, 1, 1), (result.Inserted, result.Replaced, result.Unchanged));
        MinuteRecord kept = _temp.Store.Query(new MinuteQuery(DeviceA, Start, Start.AddMinutes(1))).Items[0];
        Assert.Equal((MinuteSource.History, 2.0), (kept.Source, kept.Voc));
    }

    [Fact]
    public void RecordsOfSeveralDevices_InOneBatch_AreKeptApart()
    {
        _temp.Store.Write([At(0, MinuteSource.History, 1, DeviceA), At(0, MinuteSource.History, 2, DeviceB)]);

        Assert.Equal([DeviceA, DeviceB], _temp.Store.Devices());
        Assert.Equal(1, _temp.Store.Query(new MinuteQuery(DeviceA, Start, Start.AddHours(1))).Items[0].Voc);
        Assert.Equal(2, _temp.Store.Query(new MinuteQuery(DeviceB, Start, Start.AddHours(1))).Items[0].Voc);
    }

    internal static void AssertSameFiles(Dictionary<string, byte[]> before, Dictionary<string, byte[]> after)
    {
        Assert.Equal(before.Keys.Order(), after.Keys.Order());
        foreach ((string name, byte[] bytes) in before)
            Assert.True(bytes.AsSpan().SequenceEqual(after[name]), $"{name} changed");
    }
}
